"""Every write about certificates: issue, render, revoke, reissue, retry, batch, remind.

`issue_certificate` is the one way in, for every kind; domain apps call it inside their own
completion transaction. Rendering runs in Celery after commit.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from lms.errors import ConflictError
from lms.models import User
from lms.services import notify, record_event

from . import cohorts
from .models import (
    Activity,
    ActivityAttendance,
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    IssuanceBatch,
    Kind,
    SerialCounter,
)

ERROR_NOT_ALLOWED_TO_ISSUE = "Only the faculty concerned, or coordinators, issue these certificates."
ERROR_NOT_ALLOWED_TO_MANAGE = "Only the faculty concerned, or coordinators, revoke or reissue this certificate."
ERROR_ONLY_COORDINATORS_BATCH = "Only coordinators issue certificates for a whole cohort."
ERROR_UNKNOWN_KIND = "Unknown certificate kind."
ERROR_TITLE_REQUIRED = "A certificate needs a title."
ERROR_REASON_REQUIRED = "Give the reason for revoking this certificate."
ERROR_ALREADY_REVOKED = "This certificate is already revoked."
ERROR_NOT_LIVE = "This certificate has been revoked or replaced: it cannot be changed."
ERROR_ONLY_FAILED_RETRY = "Only a certificate whose rendering failed can be retried."
ERROR_UNKNOWN_COHORT = "Unknown cohort."
EXPIRY_REMINDER_DAYS = 60


def issuer_name() -> str:
    return getattr(settings, "CERTIFICATE_ISSUER", "International Training Office")


def serial_prefix() -> str:
    return getattr(settings, "CERTIFICATE_SERIAL_PREFIX", "ITO")


def _event(certificate: Certificate, *, actor: User | None, verb: str, before: str, comment: str = "") -> None:
    CertificateEvent.objects.create(
        certificate=certificate,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        from_status=before,
        to_status=certificate.status,
        comment=comment,
    )
    record_event(actor=actor, verb=f"certificate.{verb}", target=certificate, serial=certificate.serial)


def _check_may_issue(actor: User | None, faculty: list[User]) -> None:
    if actor is None or actor.is_coordinator:
        return
    if actor.is_faculty and any(member.pk == actor.pk for member in faculty):
        return
    raise PermissionDenied(ERROR_NOT_ALLOWED_TO_ISSUE)


def _next_serial(year: int) -> str:
    """Takes the next number of the year under a row lock: concurrent issuers wait in turn."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{serial_prefix()}-{year}-{counter.last:06d}"


def _default_expiry(kind: str, language: str, issued: date) -> date | None:
    template = (
        CertificateTemplate.objects.filter(kind=kind, language__in=[language, "en"])
        .exclude(validity_months=None)
        .order_by(models.Case(models.When(language=language, then=0), default=1))
        .first()
    )
    return issued + relativedelta(months=template.validity_months) if template else None


def _live_for(source_type: ContentType, source_id: str):
    return Certificate.objects.filter(
        source_type=source_type, source_id=source_id, status__in=Certificate.LIVE_STATUSES
    ).first()


def issue_certificate(
    *,
    actor: User | None,
    recipient: User,
    kind: str,
    title: str,
    source: models.Model,
    hours: Decimal | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    expires_on: date | None = None,
    faculty: Iterable[User] = (),
    batch: IssuanceBatch | None = None,
) -> Certificate:
    """Record a certificate for a completed thing and render it after commit. Issuing again for
    the same source returns the live certificate: the serial counter's lock orders concurrent
    callers, and a partial unique constraint backs it."""
    faculty = list(faculty)
    _check_may_issue(actor, faculty)
    if kind not in Kind.values:
        raise ValidationError({"kind": ERROR_UNKNOWN_KIND})
    if not title.strip():
        raise ValidationError({"title": ERROR_TITLE_REQUIRED})
    source_type = ContentType.objects.get_for_model(source)
    source_id = str(source.pk)
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
                kind=kind,
                title=title.strip(),
                hours=hours,
                started_on=started_on,
                ended_on=ended_on,
                expires_on=expires_on or _default_expiry(kind, recipient.preferred_language, timezone.localdate(now)),
                issuer=issuer_name(),
                language=recipient.preferred_language or "en",
                issued_at=now,
                issued_by=actor,
                source_type=source_type,
                source_id=source_id,
                batch=batch,
            )
            certificate.faculty.set(faculty)
            _event(certificate, actor=actor, verb="issued", before="")
            transaction.on_commit(lambda: _queue_render(certificate.pk))
    except IntegrityError:
        existing = _live_for(source_type, source_id)
        if existing is None:
            raise
        return existing
    return certificate


def _queue_render(certificate_id: int) -> None:
    from .tasks import render_certificate_task

    render_certificate_task.delay(certificate_id)


def issue_for_activity(
    *, actor: User, activity: Activity, recipient: User, expires_on: date | None = None
) -> Certificate:
    """Faculty issue by hand for an activity they teach (coordinators for any)."""
    expiry = expires_on
    if expiry is None and activity.validity_months:
        expiry = (activity.ended_on or timezone.localdate()) + relativedelta(months=activity.validity_months)
    return issue_certificate(
        actor=actor,
        recipient=recipient,
        kind=Kind.ACTIVITY,
        title=activity.title,
        source=ActivityAttendance.objects.get_or_create(activity=activity, participant=recipient)[0],
        hours=activity.hours,
        started_on=activity.started_on,
        ended_on=activity.ended_on,
        expires_on=expiry,
        faculty=list(activity.faculty.all()),
    )


def render_certificate(*, certificate_id: int) -> Certificate | None:
    """Sign, render and store the PDF, then mark the certificate ready and tell the recipient.
    Idempotent: a certificate that is no longer pending is left as it is."""
    from . import credentials, rendering

    certificate = Certificate.objects.select_related("recipient").filter(pk=certificate_id).first()
    if certificate is None or certificate.status != Certificate.Status.PENDING:
        return certificate
    credential = credentials.sign(certificate)
    pdf = rendering.render_pdf(certificate, credential=credential)
    name = f"certificates/{certificate.issued_at.year}/{certificate.serial}.pdf"
    storage = certificate.pdf.storage
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(pdf))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("recipient").get(pk=certificate_id)
        if locked.status != Certificate.Status.PENDING:
            storage.delete(stored)
            return locked
        before = locked.status
        locked.pdf.name = stored
        locked.credential = credential
        locked.status = Certificate.Status.READY
        locked.rendered_at = timezone.now()
        locked.failure_reason = ""
        locked.save(update_fields=["pdf", "credential", "status", "rendered_at", "failure_reason"])
        _event(locked, actor=None, verb="rendered", before=before)
        notify(
            recipient=locked.recipient,
            subject=f"Your certificate is ready: {locked.title}",
            template="certificates/email/ready.txt",
            context={"certificate": locked, "site_url": settings.SITE_URL},
        )
    return locked


def note_render_attempt_failed(*, certificate_id: int, reason: str, final: bool) -> None:
    """Record why an attempt failed; on the last attempt the certificate is marked failed (a
    coordinator can retry it)."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None or certificate.status != Certificate.Status.PENDING:
            return
        before = certificate.status
        certificate.failure_reason = reason[:2000]
        fields = ["failure_reason"]
        if final:
            certificate.status = Certificate.Status.FAILED
            fields.append("status")
        certificate.save(update_fields=fields)
        _event(
            certificate,
            actor=None,
            verb="render_failed" if final else "render_attempt_failed",
            before=before,
            comment=reason[:500],
        )


def _lock_manageable(actor: User, certificate: Certificate) -> Certificate:
    locked = Certificate.objects.select_for_update().select_related("recipient").get(pk=certificate.pk)
    if not (actor.is_coordinator or (actor.is_faculty and locked.faculty.filter(pk=actor.pk).exists())):
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
    before = locked.status
    locked.status = Certificate.Status.REVOKED
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason.strip()
    locked.save(update_fields=["status", "revoked_at", "revocation_reason"])
    _event(locked, actor=actor, verb="revoked", before=before, comment=locked.revocation_reason)
    return locked


@transaction.atomic
def reissue_certificate(*, actor: User, certificate: Certificate, comment: str = "") -> Certificate:
    """After a name correction: the old certificate is superseded and points to a new one that
    carries the recipient's current name and a new serial."""
    locked = _lock_manageable(actor, certificate)
    if not locked.is_live:
        raise ConflictError(ERROR_NOT_LIVE, code="not_live")
    before = locked.status
    locked.status = Certificate.Status.SUPERSEDED
    locked.save(update_fields=["status"])
    replacement = issue_certificate(
        actor=actor,
        recipient=locked.recipient,
        kind=locked.kind,
        title=locked.title,
        source=locked.source_type.get_object_for_this_type(pk=locked.source_id),
        hours=locked.hours,
        started_on=locked.started_on,
        ended_on=locked.ended_on,
        expires_on=locked.expires_on,
        faculty=list(locked.faculty.all()),
    )
    locked.superseded_by = replacement
    locked.save(update_fields=["superseded_by"])
    _event(
        locked, actor=actor, verb="superseded", before=before, comment=comment or f"Reissued as {replacement.serial}"
    )
    return replacement


@transaction.atomic
def retry_rendering(*, actor: User, certificate: Certificate) -> Certificate:
    locked = _lock_manageable(actor, certificate)
    if locked.status != Certificate.Status.FAILED:
        raise ConflictError(ERROR_ONLY_FAILED_RETRY, code="not_failed")
    locked.status = Certificate.Status.PENDING
    locked.save(update_fields=["status"])
    _event(locked, actor=actor, verb="retried", before=Certificate.Status.FAILED)
    transaction.on_commit(lambda: _queue_render(locked.pk))
    return locked


def issue_for_cohort(*, actor: User, provider_key: str, cohort_id: str) -> IssuanceBatch:
    """Every completer of the cohort who has no live certificate yet gets one, in one batch."""
    if not actor.is_coordinator:
        raise PermissionDenied(ERROR_ONLY_COORDINATORS_BATCH)
    provider = cohorts.get_provider(provider_key)
    labels = dict(provider.cohorts()) if provider else {}
    if provider is None or cohort_id not in labels:
        raise ValidationError({"cohort": ERROR_UNKNOWN_COHORT})
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(
            provider=provider_key, cohort_id=cohort_id, label=f"{provider.label}: {labels[cohort_id]}", created_by=actor
        )
        for completion in provider.completions(cohort_id):
            issue_certificate(
                actor=None,
                recipient=completion.recipient,
                kind=completion.kind,
                title=completion.title,
                source=completion.source,
                hours=completion.hours,
                started_on=completion.started_on,
                ended_on=completion.ended_on,
                expires_on=completion.expires_on,
                faculty=completion.faculty,
                batch=batch,
            )
        record_event(actor=actor, verb="certificate.batch_issued", target=batch)
    return batch


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
                subject=f"Your certificate expires on {certificate.expires_on.isoformat()}: {certificate.title}",
                template="certificates/email/expiry_reminder.txt",
                context={"certificate": certificate, "site_url": settings.SITE_URL},
            )
            sent += 1
    return sent
