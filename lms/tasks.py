"""Thin tasks of the core: ids in, a service does the work."""

from celery import shared_task

from . import notifications


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_notification(self, notification_id: int) -> None:
    notifications.deliver(notification_id=notification_id, final_attempt=self.request.retries >= self.max_retries)
