"""Every write about certificates: issue, render, revoke, reissue, retry, batch, remind.

`issue_certificate` is the one way in, for every kind; domain apps call it inside their own
completion transaction. Rendering runs in Celery after commit.
"""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lms import outbox
from lms.errors import ConflictError
from lms.models import OutboxMessage, User
from lms.services import notify, record_event
from lms.workflow import SYSTEM, Move, Who, Workflow, owner

from . import cohorts, selectors, signals, status_list
from .cohorts import Completion, Entry
from .credit import QUARTER, CreditSystem, issue_problems
from .models import (
    Activity,
    ActivityAttendance,
    Certificate,
    CertificateCredit,
    CertificateEntry,
    IssuanceBatch,
    Kind,
    SerialCounter,
)

ERROR_NOT_ALLOWED_TO_ISSUE = _("Only the faculty concerned, or coordinators, issue these certificates.")
ERROR_NOT_ALLOWED_TO_MANAGE = _("Only the faculty concerned, or coordinators, revoke or reissue this certificate.")
ERROR_ONLY_COORDINATORS_BATCH = _("Only coordinators issue certificates for a whole cohort.")
ERROR_UNKNOWN_KIND = _("Unknown certificate kind.")
ERROR_TITLE_REQUIRED = _("A certificate needs a title.")
ERROR_REASON_REQUIRED = _("Give the reason for revoking this certificate.")
ERROR_ALREADY_REVOKED = _("This certificate is already revoked.")
ERROR_NOT_LIVE = _("This certificate has been revoked or replaced: it cannot be changed.")
ERROR_ONLY_FAILED_RETRY = _("Only a certificate whose rendering failed can be retried.")
ERROR_UNKNOWN_COHORT = _("Unknown cohort.")
ERROR_NOT_YOURS = _("Only the certificate's recipient claims its credit.")
ERROR_NOT_AWAITING_CLAIM = _("This certificate is not waiting for a credit claim.")
ERROR_CLAIM_RANGE = _("Claim between 0.25 and %(maximum)s credits.")
ERROR_CLAIM_STEP = _("Claim in quarter credits (0.25 steps).")
ERROR_NOTHING_NEW = _(
    "Nothing new to issue: all %(count)s who completed %(cohort)s already have their certificate. "
    "Download the cohort's certificates instead."
)
EXPIRY_REMINDER_DAYS = 60
RENDER = "certificates.render"


# The default issuer's name is in the translation catalogue, so PDFs, letters and the
# verification page show it in the reader's language (`{% translate certificate.issuer %}`).
# The certificate stores the name as configured: it is the signed credential's issuer name.
DEFAULT_ISSUER = gettext_noop("International Training Office, Children's Hospital")


def issuer_name() -> str:
    return getattr(settings, "CERTIFICATE_ISSUER", DEFAULT_ISSUER)


def serial_prefix() -> str:
    return getattr(settings, "CERTIFICATE_SERIAL_PREFIX", "ITO")


def _manages(actor: User | None, certificate: Certificate) -> bool:
    return actor is not None and (
        actor.is_coordinator or (actor.is_faculty and certificate.faculty.filter(pk=actor.pk).exists())
    )


MANAGER = Who(_("the faculty concerned or the training office"), _manages)
LIVE = tuple(Certificate.LIVE_STATUSES)


def _tell_ready(certificate: Certificate, **_context) -> None:
    notify(
        recipient=certificate.recipient,
        subject=_("Your certificate is ready: %(title)s"),
        subject_params={"title": certificate.title},
        template="certificates/email/ready.txt",
        context={"certificate": certificate, "site_url": settings.SITE_URL},
    )


def _render_again(certificate: Certificate, **_context) -> None:
    outbox.enqueue(RENDER, certificate_id=certificate.pk)


# Certificates: rendered after issue (or failed, and retried), then revoked or replaced.
CERTIFICATES = Workflow(
    model=Certificate,
    related=("recipient",),
    moves=[
        # AMA: the learner claims their credit, then the certificate is rendered with it.
        Move(
            "claim",
            (Certificate.Status.AWAITING_CLAIM,),
            Certificate.Status.PENDING,
            owner("recipient_id", _("the recipient")),
            _render_again,
        ),
        Move("render", (Certificate.Status.PENDING,), Certificate.Status.READY, SYSTEM, _tell_ready),
        Move("fail", (Certificate.Status.PENDING,), Certificate.Status.FAILED, SYSTEM),
        Move("retry", (Certificate.Status.FAILED,), Certificate.Status.PENDING, MANAGER, _render_again),
        # A coordinator retried the failed render from the deliveries page: the same message runs.
        Move("resume", (Certificate.Status.FAILED,), Certificate.Status.PENDING, SYSTEM),
        # Both set the certificate's bit in its status list, so the credential stops verifying offline.
        Move("revoke", LIVE, Certificate.Status.REVOKED, MANAGER, status_list.republish_after_change),
        Move("supersede", LIVE, Certificate.Status.SUPERSEDED, MANAGER, status_list.republish_after_change),
    ],
)


class CertificateRefused(ValidationError):
    """The certificate's credit system would reject it; the message names what is missing."""


def _check_credit(completion: Completion, language: str) -> None:
    if not completion.credits:
        return
    look = selectors.template_look(kind=completion.kind, language=language)
    reasons = issue_problems(
        completion.credits,
        signatories=len(look.signatures) if look else 0,
        hours=completion.hours,
        title=completion.title,
    )
    if reasons:
        raise CertificateRefused({"credit": reasons})


def _tell_to_claim(certificate: Certificate) -> None:
    notify(
        recipient=certificate.recipient,
        subject=_("Claim your credit for %(title)s"),
        subject_params={"title": certificate.title},
        template="certificates/email/claim.txt",
        context={"certificate": certificate, "site_url": settings.SITE_URL},
    )


def _check_may_issue(actor: User | None, faculty: list[User]) -> None:
    if actor is None or actor.is_coordinator:
        return
    if actor.is_faculty and any(member.pk == actor.pk for member in faculty):
        return
    raise PermissionDenied(ERROR_NOT_ALLOWED_TO_ISSUE)


def _next_serial(year: int) -> str:
    """Takes the next number of the year under a row lock: concurrent issuers wait in turn."""
    counter = SerialCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:  # the year's first certificate: create the row, then lock it
        SerialCounter.objects.get_or_create(year=year)
        counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{serial_prefix()}-{year}-{counter.last:06d}"


def _default_expiry(kind: str, language: str, issued: date) -> date | None:
    months = selectors.validity_months(kind=kind, language=language)
    return issued + relativedelta(months=months) if months is not None else None


def _live_for(source_type: ContentType, source_id: str):
    return Certificate.objects.filter(
        source_type=source_type, source_id=source_id, status__in=Certificate.LIVE_STATUSES
    ).first()


def issue_certificate(
    *,
    actor: User | None,
    completion: Completion,
    batch: IssuanceBatch | None = None,
    claimed: dict[str, Decimal] | None = None,
) -> Certificate:
    """Record a certificate for a completed thing and render it through the outbox. Issuing
    again for the same source returns the live certificate: the serial counter's lock orders
    concurrent callers, and a partial unique constraint backs it.

    Credit is checked first (`CertificateRefused` names what its system would reject). When a
    credit asks for the learner's claim (AMA) the certificate waits for it, unless `claimed`
    carries it already (a reissue keeps the claim made on the certificate it replaces)."""
    faculty = list(completion.faculty)
    _check_may_issue(actor, faculty)
    if completion.kind not in Kind.values:
        raise ValidationError({"kind": ERROR_UNKNOWN_KIND})
    title = completion.title.strip()
    if not title:
        raise ValidationError({"title": ERROR_TITLE_REQUIRED})
    recipient = completion.recipient
    language = recipient.preferred_language or "en"
    _check_credit(completion, language)
    claimed = claimed or {}
    awaits_claim = any(credit.needs_claim and credit.system not in claimed for credit in completion.credits)
    source_type = ContentType.objects.get_for_model(completion.source)
    source_id = str(completion.source.pk)
    now = timezone.now()
    try:
        with transaction.atomic():
            serial = _next_serial(timezone.localdate(now).year)
            existing = _live_for(source_type, source_id)
            if existing is not None:
                transaction.set_rollback(True)  # give the number back: it was never used
                return existing
            certificate = Certificate.objects.create(
                serial=serial,
                recipient=recipient,
                recipient_name=recipient.full_name or recipient.email,
                kind=completion.kind,
                title=title,
                hours=completion.hours,
                started_on=completion.started_on,
                ended_on=completion.ended_on,
                expires_on=completion.expires_on
                or _default_expiry(completion.kind, recipient.preferred_language, timezone.localdate(now)),
                issuer=issuer_name(),
                language=language,
                issued_at=now,
                issued_by=actor,
                source_type=source_type,
                source_id=source_id,
                batch=batch,
                status=Certificate.Status.AWAITING_CLAIM if awaits_claim else Certificate.Status.PENDING,
            )
            if faculty:
                certificate.faculty.add(*faculty)
            # The status bit now, in this transaction, rather than in one of its own at render.
            status_list.allocate_bit(certificate)
            CertificateCredit.objects.bulk_create(
                CertificateCredit(
                    certificate=certificate,
                    system=credit.system,
                    designated=credit.amount,
                    learning_format=credit.learning_format,
                    accrediting_body=credit.accrediting_body,
                    provider_statement=credit.provider_statement,
                    reference=credit.reference,
                    claimed=claimed.get(credit.system),
                )
                for credit in completion.credits
            )
            CertificateEntry.objects.bulk_create(
                CertificateEntry(
                    certificate=certificate,
                    position=position,
                    title=entry.title,
                    held_on=entry.held_on,
                    hours=entry.hours,
                    credit=entry.credit,
                    serial=entry.serial,
                )
                for position, entry in enumerate(completion.entries, start=1)
            )
            CERTIFICATES.record_creation(actor=actor, obj=certificate, verb="issued", serial=certificate.serial)
            if awaits_claim:
                _tell_to_claim(certificate)
            else:
                outbox.enqueue(RENDER, certificate_id=certificate.pk)
    except IntegrityError:
        existing = _live_for(source_type, source_id)
        if existing is None:
            raise
        return existing
    return certificate


def issue_on_completion(*, completion: Completion) -> Certificate | None:
    """What a domain app calls when someone completes: the certificate, or, when its credit
    system would refuse it, none and an audit event with why. The completion itself stands; the
    cohort page lists the person as eligible and not yet certified, with the reason, and the
    office issues once the activity's credit or template is put right."""
    try:
        with transaction.atomic():
            return issue_certificate(actor=None, completion=completion)
    except CertificateRefused as refusal:
        record_event(
            actor=None,
            verb="certificate.refused",
            target=completion.source,
            reasons=[str(message) for message in refusal.messages],
        )
        return None


@transaction.atomic
def claim_credit(*, actor: User, certificate: Certificate, amount: Decimal) -> Certificate:
    """The recipient claims AMA PRA Category 1 Credit™ up to the designated maximum, in quarter
    credits; the certificate is then rendered with the claim printed on it."""
    locked = CERTIFICATES.lock(certificate)
    if locked.recipient_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_YOURS))
    if locked.status != Certificate.Status.AWAITING_CLAIM:
        raise ConflictError(str(ERROR_NOT_AWAITING_CLAIM), code="not_awaiting_claim")
    credit = locked.credits.get(system=CreditSystem.AMA_PRA_1)
    if amount is None or amount <= 0 or amount > credit.designated:
        raise ValidationError({"amount": ERROR_CLAIM_RANGE % {"maximum": credit.designated.normalize()}})
    if amount % QUARTER:
        raise ValidationError({"amount": ERROR_CLAIM_STEP})
    credit.claimed = amount
    credit.save(update_fields=["claimed"])
    return CERTIFICATES.apply(actor=actor, obj=locked, name="claim", locked=True, claimed=str(amount))


def issue_for_activity(
    *, actor: User, activity: Activity, recipient: User, expires_on: date | None = None
) -> Certificate:
    """Faculty issue by hand for an activity they teach (coordinators for any)."""
    expiry = expires_on
    if expiry is None and activity.validity_months:
        expiry = (activity.ended_on or timezone.localdate()) + relativedelta(months=activity.validity_months)
    return issue_certificate(
        actor=actor,
        completion=Completion(
            recipient=recipient,
            kind=Kind.ACTIVITY,
            title=activity.title,
            source=ActivityAttendance.objects.get_or_create(activity=activity, participant=recipient)[0],
            hours=activity.hours,
            started_on=activity.started_on,
            ended_on=activity.ended_on,
            expires_on=expiry,
            faculty=tuple(activity.faculty.all()),
            credits=tuple(credit.as_credit() for credit in activity.credits.all()),
        ),
    )


def mark_render_failed(*, certificate_id: int, reason: str) -> None:
    """The outbox gave up: the certificate shows as failed, with why, until someone retries."""
    certificate = Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.PENDING).first()
    if certificate is not None:
        CERTIFICATES.apply(
            actor=None, obj=certificate, name="fail", comment=reason[:500], changes={"failure_reason": reason[:2000]}
        )


def _retry_rendering_from_outbox(*, certificate_id: int) -> None:
    """A coordinator retried the delivery: the certificate waits for its PDF again."""
    certificate = Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.FAILED).first()
    if certificate is not None:
        CERTIFICATES.apply(actor=None, obj=certificate, name="resume")


@outbox.handles(RENDER, on_give_up=mark_render_failed, on_retry=_retry_rendering_from_outbox)
def render_certificate(*, certificate_id: int) -> Certificate | None:
    """Sign, render and store the PDF, then mark the certificate ready and tell the recipient.
    Idempotent: a certificate that is no longer pending is left as it is, and a PDF stored by an
    earlier attempt that died before committing is overwritten."""
    from . import credentials, rendering

    # Credits and listed entries are read once, for both the credential and the PDF.
    certificate = (
        Certificate.objects.select_related("recipient")
        .prefetch_related("credits", "entries")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.status != Certificate.Status.PENDING:
        return certificate
    # Issue takes the bit; a certificate issued before it did gets one here (no query otherwise).
    status_list.allocate_bit(certificate)
    credential = credentials.sign(certificate)
    pdf = rendering.render_pdf(certificate, credential=credential)
    name = f"certificates/{certificate.issued_at.year}/{certificate.serial}.pdf"
    storage = certificate.pdf.storage
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(pdf))
    with transaction.atomic():
        locked = CERTIFICATES.lock(certificate)
        if locked.status != Certificate.Status.PENDING:
            storage.delete(stored)
            return locked
        return CERTIFICATES.apply(
            actor=None,
            obj=locked,
            name="render",
            locked=True,
            changes={
                "pdf": stored,
                "credential": credential,
                "rendered_at": timezone.now(),
                "failure_reason": "",
            },
        )


def requeue_stuck_renders(*, older_than_minutes: int | None = None) -> int:
    """Certificates pending past the limit whose render is no longer waiting in the outbox
    (its message failed or was lost) get a new render message. Returns how many."""
    minutes = older_than_minutes or settings.CERTIFICATE_RENDER_STUCK_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    waiting = OutboxMessage.objects.filter(kind=RENDER, status=OutboxMessage.Status.PENDING).values_list(
        "payload__certificate_id", flat=True
    )
    waiting_ids = {int(value) for value in waiting if value is not None}
    stuck = Certificate.objects.filter(status=Certificate.Status.PENDING, issued_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    requeued = 0
    for certificate_id in stuck:
        if certificate_id in waiting_ids:
            continue
        with transaction.atomic():
            outbox.enqueue(RENDER, certificate_id=certificate_id)
        requeued += 1
    return requeued


def _lock_manageable(actor: User, certificate: Certificate) -> Certificate:
    locked = CERTIFICATES.lock(certificate)
    if not _manages(actor, locked):
        raise PermissionDenied(ERROR_NOT_ALLOWED_TO_MANAGE)
    return locked


@transaction.atomic
def revoke_certificate(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    if not reason.strip():
        raise ValidationError({"reason": ERROR_REASON_REQUIRED})
    locked = _lock_manageable(actor, certificate)
    if locked.status == Certificate.Status.REVOKED:
        raise ConflictError(ERROR_ALREADY_REVOKED, code="already_revoked")
    if locked.status == Certificate.Status.SUPERSEDED:
        raise ConflictError(ERROR_NOT_LIVE, code="not_live")
    revoked = CERTIFICATES.apply(
        actor=actor,
        obj=locked,
        name="revoke",
        locked=True,
        comment=reason.strip(),
        changes={"revoked_at": timezone.now(), "revocation_reason": reason.strip()},
        serial=locked.serial,
    )
    signals.certificate_revoked.send(sender=Certificate, certificate=revoked)
    return revoked


@transaction.atomic
def reissue_certificate(*, actor: User, certificate: Certificate, comment: str = "") -> Certificate:
    """After a name correction: the old certificate is superseded and points to a new one that
    carries the recipient's current name and a new serial."""
    locked = _lock_manageable(actor, certificate)
    if not locked.is_live:
        raise ConflictError(ERROR_NOT_LIVE, code="not_live")
    faculty = tuple(locked.faculty.all())
    CERTIFICATES.apply(actor=actor, obj=locked, name="supersede", locked=True, comment=comment)
    replacement = issue_certificate(
        actor=actor,
        completion=Completion(
            recipient=locked.recipient,
            kind=Kind(locked.kind),
            title=locked.title,
            source=locked.source_type.get_object_for_this_type(pk=locked.source_id),
            hours=locked.hours,
            started_on=locked.started_on,
            ended_on=locked.ended_on,
            expires_on=locked.expires_on,
            faculty=faculty,
            credits=tuple(credit.as_credit() for credit in locked.credits.all()),
            entries=tuple(
                Entry(title=e.title, held_on=e.held_on, hours=e.hours, credit=e.credit, serial=e.serial)
                for e in locked.entries.all()
            ),
        ),
        claimed={credit.system: credit.claimed for credit in locked.credits.all() if credit.claimed is not None},
    )
    locked.superseded_by = replacement
    locked.save(update_fields=["superseded_by"])
    record_event(actor=actor, verb="certificate.replaced_by", target=locked, replacement=replacement.pk)
    return replacement


@transaction.atomic
def retry_rendering(*, actor: User, certificate: Certificate) -> Certificate:
    locked = _lock_manageable(actor, certificate)
    if locked.status != Certificate.Status.FAILED:
        raise ConflictError(ERROR_ONLY_FAILED_RETRY, code="not_failed")
    return CERTIFICATES.apply(actor=actor, obj=locked, name="retry", locked=True)


def issue_for_cohort(*, actor: User, provider_key: str, cohort_id: str) -> IssuanceBatch:
    """Every completer of the cohort who has no live certificate yet gets one, in one batch.

    When everyone already has one (completions issue their own certificates) it says so and
    makes no empty batch. Each certificate is issued in a transaction of its own, so the serial
    counter's lock is held for one certificate at a time, never across the cohort."""
    if not actor.is_coordinator:
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_BATCH)
    found = cohorts.find_cohort(provider_key, cohort_id)
    if found is None:
        raise ValidationError({"cohort": ERROR_UNKNOWN_COHORT})
    provider, label = found
    completions = provider.completions(cohort_id)
    certified = selectors.live_certificates(completion.source for completion in completions)
    waiting = [completion for completion in completions if selectors.source_key(completion.source) not in certified]
    if not waiting:
        raise ConflictError(str(ERROR_NOTHING_NEW % {"cohort": label, "count": len(completions)}), code="nothing_new")
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(
            provider=provider_key, cohort_id=cohort_id, label=f"{provider.label}: {label}", created_by=actor
        )
        record_event(actor=actor, verb="certificate.batch_issued", target=batch, waiting=len(waiting))
    for completion in waiting:
        issue_certificate(actor=None, completion=completion, batch=batch)
    return batch


def cohort_certificates(*, provider_key: str, cohort_id: str):
    """The ready certificates of a cohort's completers, whoever issued them and when."""
    found = cohorts.find_cohort(provider_key, cohort_id)
    if found is None:
        raise ValidationError({"cohort": ERROR_UNKNOWN_COHORT})
    provider, _label = found
    condition = models.Q(pk__in=[])
    for type_id, ids in selectors.ids_by_type(
        completion.source for completion in provider.completions(cohort_id)
    ).items():
        condition |= models.Q(source_type_id=type_id, source_id__in=ids)
    return Certificate.objects.filter(condition, status=Certificate.Status.READY).exclude(pdf="").order_by("serial")


def send_expiry_reminders(*, today: date | None = None) -> int:
    """Remind recipients 60 days before expiry; each certificate's reminder is sent once."""
    today = today or timezone.localdate()
    horizon = today + relativedelta(days=EXPIRY_REMINDER_DAYS)
    sent = 0
    due = Certificate.objects.filter(
        status=Certificate.Status.READY, expires_on__gte=today, expires_on__lte=horizon, expiry_reminder_sent_at=None
    ).values_list("pk", flat=True)
    for certificate_id in list(due):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=certificate_id, expiry_reminder_sent_at=None)
                .first()
            )
            if certificate is None:
                continue
            certificate.expiry_reminder_sent_at = timezone.now()
            certificate.save(update_fields=["expiry_reminder_sent_at"])
            notify(
                recipient=certificate.recipient,
                subject=_("Your certificate expires on %(date)s: %(title)s"),
                subject_params={"date": lazy(date_format, str)(certificate.expires_on), "title": certificate.title},
                template="certificates/email/expiry_reminder.txt",
                context={"certificate": certificate, "site_url": settings.SITE_URL},
            )
            sent += 1
    return sent
