"""Delivery of recorded notifications: idempotent, so a redelivered task never sends twice."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Notification


def deliver(*, notification_id: int, final_attempt: bool = False) -> Notification | None:
    """Send one queued notification and mark it sent. A mail server error propagates (the task
    retries it) and marks the notification failed only on the last attempt."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status == Notification.Status.SENT:
            return notification
        message = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
            body=notification.body,
            to=[notification.recipient.email],
        )
        try:
            message.send()
        except OSError as exc:
            if final_attempt:
                notification.status = Notification.Status.FAILED
                notification.error = str(exc)[:2000]
                notification.save(update_fields=["status", "error"])
                return notification
            raise
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["status", "sent_at"])
    return notification
