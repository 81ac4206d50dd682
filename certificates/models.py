"""Certificates: one per completed thing, rendered to PDF, verifiable by anyone with its code.

`certificates` never imports a domain app: a certificate points at what was completed through
a generic link (`source`), and domain apps call `services.issue_certificate`.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from .credit import Credit, CreditDesignation, CreditSystem

# Crockford's base 32: digits and capitals without I, L, O and U, so a code read off paper
# cannot be mistaken (0/O, 1/l/I) and has no hyphen for a line break to swallow.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_verification_code() -> str:
    """160 random bits as 32 characters of Crockford's base 32: unguessable, unrelated to the
    serial number, and unambiguous on paper and in copy-paste."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(32))


def normalised_code(typed: str) -> str:
    """A code as a person may type or paste it: any case, spaces or hyphens between groups,
    O for 0 and I or L for 1."""
    return "".join(typed.split()).replace("-", "").upper().translate(_READ_AS)


def private_storage():
    """Certificate PDFs live in the private storage: served only by a view that checks who asks."""
    from lms.uploads import private_storage as storage

    return storage()


class Kind(models.TextChoices):
    ONLINE_COURSE = "online_course", _("Online course")
    OBSERVERSHIP = "observership", _("Observership")
    TRAINING_FELLOWSHIP = "training_fellowship", _("Training fellowship")
    FELLOWSHIP = "fellowship", _("Fellowship")
    SIMULATION = "simulation", _("Simulation training")
    LIVE_SESSION = "live_session", _("Live clinical session")
    LIVE_STATEMENT = "live_statement", _("Live clinical sessions of a period")  # lists sessions' certificates
    ACTIVITY = "activity", _("Training activity")  # issued by hand, e.g. an in-class course
    TRANSCRIPT = "transcript", _("Training record transcript")  # issued by competencies


class CertificateTemplate(ClusterableModel):
    """The wording and look of certificates of one kind in one language. Editors type plain
    text with {placeholders}; it is never run as template code."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    heading = models.CharField(_("heading"), max_length=120, default="Certificate of completion")
    wording = models.TextField(
        _("wording"),
        default="This certifies that {recipient} has successfully completed {title}.",
        help_text=_(
            "Placeholders: {recipient}, {title}, {kind}, {hours}, {start}, {end}, {issued}, {expires}, {issuer}, "
            "{serial}. Anything else is printed as typed."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#0b5cad", help_text=_("A colour as #RRGGBB.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Certificates of this kind expire after this many months, unless the activity sets its own."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("language"),
        FieldPanel("heading"),
        FieldPanel("wording"),
        FieldPanel("accent_colour"),
        FieldPanel("logo"),
        FieldPanel("validity_months"),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]

    class Meta:
        verbose_name = _("certificate template")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="certificate_template_one_per_kind_language"),
            models.CheckConstraint(
                condition=Q(accent_colour__regex=r"^#[0-9a-fA-F]{6}$"), name="certificate_template_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Signatory(models.Model):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    sort_order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("signature")]

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class Activity(ClusterableModel):
    """Something taught outside the online platform (an in-class course, a workshop) for which
    faculty issue certificates by hand; the faculty listed here may issue for it."""

    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    faculty = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("faculty"), related_name="+", blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("hours"),
        FieldPanel("started_on"),
        FieldPanel("ended_on"),
        FieldPanel("validity_months"),
        FieldPanel("faculty"),
        InlinePanel("credits", label=_("Credit")),
    ]

    class Meta:
        verbose_name = _("training activity")
        verbose_name_plural = _("training activities")
        ordering = ["-started_on", "title"]

    def __str__(self) -> str:
        return self.title


class ActivityCredit(CreditDesignation):
    activity = ParentalKey(Activity, on_delete=models.CASCADE, related_name="credits")


class ActivityAttendance(models.Model):
    """That a person took part in an activity: the completed thing a hand-issued certificate
    points at, so one live certificate per person per activity holds as for every kind."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="activity_attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} at {self.activity_id}"


class SerialCounter(models.Model):
    """The last serial number used in a year; locked while a certificate takes the next one,
    so numbers are sequential and never reused, also under concurrent issuance."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class IssuanceBatch(models.Model):
    """A coordinator's "issue for the whole cohort": its certificates carry the batch."""

    provider = models.CharField(max_length=40)
    cohort_id = models.CharField(max_length=40)
    label = models.CharField(max_length=250)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class Certificate(models.Model):
    class Status(models.TextChoices):
        AWAITING_CLAIM = "claim", _("Waiting for your credit claim")  # AMA: the learner claims first
        PENDING = "pending", _("Pending")  # recorded; the PDF is being rendered
        READY = "ready", _("Ready")  # the PDF is stored and may be downloaded
        FAILED = "failed", _("Failed")  # rendering gave up after its retries; can be retried
        REVOKED = "revoked", _("Revoked")  # withdrawn by faculty or the office; verification says so
        SUPERSEDED = "superseded", _("Superseded")  # replaced by a reissued certificate (superseded_by)

    LIVE_STATUSES = (Status.AWAITING_CLAIM, Status.PENDING, Status.READY, Status.FAILED)

    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    verification_code = models.CharField(max_length=40, unique=True, default=new_verification_code, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    recipient_name = models.CharField(_("name on the certificate"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=200)
    language = models.CharField(max_length=8, default="en")
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=40)
    source = GenericForeignKey("source_type", "source_id")
    faculty = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    batch = models.ForeignKey(
        IssuanceBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    credential = models.TextField(blank=True, help_text="The signed Open Badges 3.0 credential (VC-JWT).")
    rendered_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Its bit in a Bitstring Status List (certificates.status_list), given when it is first signed.
    status_list = models.PositiveSmallIntegerField(default=1)
    status_index = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="certificate_one_status_bit_each"),
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(status__in=["claim", "pending", "ready", "failed"]),
                name="certificate_one_live_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "status"], name="certificate_recipient_idx"),
            # The office's list and the API: newest first, a page at a time.
            models.Index(fields=["-issued_at", "-id"], name="certificate_issued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def public_status(self, today=None) -> str:
        """What verification says: valid, revoked, expired or superseded."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status == self.Status.SUPERSEDED:
            return "superseded"
        today = today or timezone.localdate()
        if self.expires_on and self.expires_on < today:
            return "expired"
        return "valid"


class CertificateEntry(models.Model):
    """One line of a certificate that lists several activities (a period's live sessions): what,
    on which day, how long and the credit it earned, with the serial of that activity's own
    certificate. Copied when issued, so the certificate never changes afterwards."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=250)
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit = models.CharField(max_length=250, blank=True)
    serial = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "position"], name="certificate_entry_position_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} #{self.position} {self.title}"


class CertificateCredit(models.Model):
    """The credit a certificate carries, copied from its activity when it was issued, with what
    the learner claimed where the system asks for a claim."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="credits")
    system = models.CharField(max_length=20, choices=CreditSystem.choices)
    designated = models.DecimalField(max_digits=5, decimal_places=2)
    claimed = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    learning_format = models.CharField(max_length=40, blank=True)
    accrediting_body = models.CharField(max_length=200, blank=True)
    provider_statement = models.TextField(blank=True)
    reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "system"], name="certificate_credit_once_per_system"),
            models.CheckConstraint(
                condition=Q(claimed__isnull=True) | Q(claimed__lte=models.F("designated")),
                name="certificate_credit_claim_within_designation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.designated} {self.get_system_display()}"

    def as_credit(self) -> Credit:
        return Credit(
            system=self.system,
            amount=self.designated,
            learning_format=self.learning_format,
            accrediting_body=self.accrediting_body,
            provider_statement=self.provider_statement,
            reference=self.reference,
        )


class StatusList(models.Model):
    """A signed Bitstring Status List credential as last published: rebuilt through the outbox
    after every revocation, served as it is to verifiers."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    token = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"status list {self.number}"
