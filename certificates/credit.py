"""Continuing-education credit: what an activity is accredited for, checked before it is printed.

Each activity (course, programme, simulation scenario, hand-issued activity) carries zero or more
credit designations, one per credit system. Domain apps hold them in models built on
`CreditDesignation` and hand them to `issue_certificate` inside the `Completion` as `Credit`
values; the certificate keeps its own copy (`CertificateCredit`), so a later change to the
activity never changes what a signed certificate says.

What each system asks of a certificate, and what we check before one is issued:

- AMA PRA Category 1 Credit™: the accredited provider's accreditation statement, the learning
  format, an amount in quarter credits, and the designation statement. Physicians claim the credit
  commensurate with their participation: the certificate waits for the learner's claim.
- UEMS-EACCME® ECMEC®s: one credit per hour (whole numbers), the activity's EACCME reference.
- ANCC nursing contact hours: the provider's approval statement; no sponsor logos (we print only
  the provider's own logo, from the certificate template).
- Any other CPD/CME hours: the accrediting body's name (e.g. a national CPD council).

Every credit certificate names at least one signatory. The statements of the AMA, EACCME and ANCC
are printed in English, their official wording, whatever the certificate's language; the generic
CPD statement is translated.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

QUARTER = Decimal("0.25")


class CreditSystem(models.TextChoices):
    AMA_PRA_1 = "ama_pra_1", _("AMA PRA Category 1 Credit™")
    EACCME = "eaccme", _("UEMS-EACCME® European CME credits (ECMEC®s)")
    ANCC = "ancc", _("ANCC nursing contact hours")
    CPD_HOURS = "cpd_hours", _("CPD/CME hours accredited by another body")


class LearningFormat(models.TextChoices):
    """The AMA's learning formats, named in the designation statement."""

    LIVE = "live activity", _("Live activity")
    ENDURING = "enduring material", _("Enduring material")
    JOURNAL = "journal-based CME activity", _("Journal-based CME activity")
    POINT_OF_CARE = "internet point-of-care activity", _("Internet point-of-care activity")
    PERFORMANCE = "performance improvement activity", _("Performance improvement activity")


UNITS = {
    CreditSystem.AMA_PRA_1: ("AMA PRA Category 1 Credit™", "AMA PRA Category 1 Credits™"),
    CreditSystem.EACCME: ("ECMEC®", "ECMEC®s"),
    CreditSystem.ANCC: ("contact hour", "contact hours"),
    CreditSystem.CPD_HOURS: ("CPD hour", "CPD hours"),
}


@dataclass(frozen=True)
class Credit:
    """One credit designation as a certificate carries it."""

    system: str
    amount: Decimal
    learning_format: str = ""
    accrediting_body: str = ""
    provider_statement: str = ""
    reference: str = ""

    @property
    def needs_claim(self) -> bool:
        return self.system == CreditSystem.AMA_PRA_1

    @property
    def system_label(self) -> str:
        return str(CreditSystem(self.system).label)


class CreditDesignation(models.Model):
    """What one activity is accredited for in one credit system. Concrete models add the
    ParentalKey to their activity, so editors set credit on the activity's own form."""

    system = models.CharField(_("credit system"), max_length=20, choices=CreditSystem.choices)
    amount = models.DecimalField(
        _("credit designated"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The maximum: AMA in quarter credits, ECMEC one per hour."),
    )
    learning_format = models.CharField(
        _("learning format"), max_length=40, choices=LearningFormat.choices, blank=True, help_text=_("AMA only.")
    )
    accrediting_body = models.CharField(
        _("accrediting body"), max_length=200, blank=True, help_text=_("For other CPD/CME hours: who accredits them.")
    )
    provider_statement = models.TextField(
        _("accreditation statement"),
        blank=True,
        help_text=_("The provider's accreditation (AMA) or approval (ANCC) statement, exactly as granted."),
    )
    reference = models.CharField(
        _("accreditation reference"), max_length=60, blank=True, help_text=_("e.g. the EACCME® activity number.")
    )

    panels = [
        FieldPanel("system"),
        FieldPanel("amount"),
        FieldPanel("learning_format"),
        FieldPanel("accrediting_body"),
        FieldPanel("provider_statement"),
        FieldPanel("reference"),
    ]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.amount} {self.get_system_display()}"

    def as_credit(self) -> Credit:
        return Credit(
            system=self.system,
            amount=self.amount,
            learning_format=self.learning_format,
            accrediting_body=self.accrediting_body.strip(),
            provider_statement=self.provider_statement.strip(),
            reference=self.reference.strip(),
        )

    def clean(self) -> None:
        super().clean()
        if self.system and self.amount is not None:
            problems = credit_problems(self.as_credit())
            if problems:
                raise ValidationError(problems)


def credit_problems(credit: Credit, *, hours: Decimal | None = None) -> dict[str, str]:
    """What a credit system would reject in this designation, by field (empty when none)."""
    problems: dict[str, str] = {}
    if credit.amount is None or credit.amount <= 0:
        problems["amount"] = gettext("Give the credit designated, more than zero.")
        return problems
    if hours is not None and credit.amount > hours and credit.system != CreditSystem.CPD_HOURS:
        problems["amount"] = gettext("%(system)s cannot exceed the activity's %(hours)s hours.") % {
            "system": credit.system_label,
            "hours": hours,
        }
    if credit.system == CreditSystem.AMA_PRA_1:
        if credit.amount % QUARTER:
            problems["amount"] = gettext("AMA PRA Category 1 Credit™ is designated in quarter credits (0.25 steps).")
        if not credit.learning_format:
            problems["learning_format"] = gettext(
                "AMA PRA Category 1 Credit™ needs the learning format for its designation statement."
            )
        if not credit.provider_statement:
            problems["provider_statement"] = gettext(
                "AMA PRA Category 1 Credit™ needs the accredited provider's accreditation statement."
            )
    elif credit.system == CreditSystem.EACCME:
        if credit.amount % 1:
            problems["amount"] = gettext("ECMEC®s are whole credits, one per hour.")
        if not credit.reference:
            problems["reference"] = gettext("European CME credits need the EACCME® activity reference.")
    elif credit.system == CreditSystem.ANCC:
        if not credit.provider_statement:
            problems["provider_statement"] = gettext("ANCC contact hours need the provider's approval statement.")
    elif credit.system == CreditSystem.CPD_HOURS:
        if not credit.accrediting_body:
            problems["accrediting_body"] = gettext("CPD/CME hours need the name of the body that accredits them.")
    else:
        problems["system"] = gettext("Unknown credit system.")
    return problems


def issue_problems(credits: tuple[Credit, ...], *, signatories: int, hours: Decimal | None, title: str) -> list[str]:
    """Why a certificate with these credits would be refused by its credit system, in words
    that name what is missing. Empty when it may be issued."""
    if not credits:
        return []
    reasons = []
    if signatories == 0:
        reasons.append(
            gettext("The certificate template names no signatory: a certificate with credit must be signed.")
        )
    for credit in credits:
        for message in credit_problems(credit, hours=hours).values():
            reasons.append(f"{title}: {message}")
    return reasons


def _units(system: str, amount: Decimal) -> str:
    singular, plural = UNITS[CreditSystem(system)]
    return singular if amount == 1 else plural


def amount_in_units(system: str, amount: Decimal) -> str:
    """ "1 CPD hour", "2.5 AMA PRA Category 1 Credits™": units as the systems name them."""
    return f"{format_amount(amount)} {_units(system, amount)}"


def format_amount(amount: Decimal) -> str:
    """2.00 as 2, 1.50 as 1.5, 0.25 as 0.25: as the designation statements write them."""
    return f"{amount.normalize():f}"


def statements(credit: Credit, *, provider: str, title: str, claimed: Decimal | None = None) -> list[str]:
    """The sentences a certificate prints for one credit, in the order the system expects."""
    amount = format_amount(credit.amount)
    units = _units(credit.system, credit.amount)
    if credit.system == CreditSystem.AMA_PRA_1:
        lines = [
            credit.provider_statement,
            f"{provider} designates this {credit.learning_format} for a maximum of {amount} {units}. "
            "Physicians should claim only the credit commensurate with the extent of their participation "
            "in the activity.",
        ]
        if claimed is not None:
            lines.append(f"Credit claimed: {format_amount(claimed)} {_units(credit.system, claimed)}.")
        return lines
    if credit.system == CreditSystem.EACCME:
        return [
            f"“{title}” ({credit.reference}) is accredited by the European Accreditation Council for Continuing "
            "Medical Education (EACCME®) to provide the following CME activity for medical specialists. "
            "The EACCME® is an institution of the European Union of Medical Specialists (UEMS), www.uems.eu.",
            f"“{title}” is designated for a maximum of {amount} hours of European external CME credits. "
            "Each medical specialist should claim only those hours of credit that he/she actually spent "
            "in the educational activity.",
        ]
    if credit.system == CreditSystem.ANCC:
        return [credit.provider_statement, f"Contact hours awarded: {amount}."]
    text = gettext("Accredited by %(body)s with %(amount)s CPD/CME hours.") % {
        "body": credit.accrediting_body,
        "amount": amount,
    }
    if credit.reference:
        text = f"{text} ({credit.reference})"
    return [text]
