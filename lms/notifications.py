"""Delivery of recorded notifications, run by the outbox: idempotent, so a redelivered message
never sends twice."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from . import outbox
from .models import Notification

DELIVER = "notification.deliver"


def _give_up(*, notification_id: int, reason: str) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED).update(
        status=Notification.Status.FAILED, error=reason[:2000]
    )


def _retry(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.FAILED).update(
        status=Notification.Status.QUEUED
    )


@outbox.handles(DELIVER, on_give_up=_give_up, on_retry=_retry)
def deliver(*, notification_id: int) -> Notification | None:
    """Send one queued notification and mark it sent. A mail server error propagates: the outbox
    records it and tries again later, and marks the notification failed when it gives up."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status == Notification.Status.SENT:
            return notification
        EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
            body=notification.body,
            to=[notification.recipient.email],
        ).send()
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.error = ""
        notification.save(update_fields=["status", "sent_at", "error"])
    return notification
