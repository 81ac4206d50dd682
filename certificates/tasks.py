"""Certificate tasks: ids in, services do the work."""

from celery import shared_task

from . import services

MAX_RENDER_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RENDER_RETRIES)
def render_certificate_task(self, certificate_id: int) -> None:
    """Idempotent (a ready certificate is left alone), retried with exponential backoff; a
    crash mid-render redelivers the message (acks_late)."""
    try:
        services.render_certificate(certificate_id=certificate_id)
    except Exception as exc:
        final = self.request.retries >= self.max_retries
        services.note_render_attempt_failed(certificate_id=certificate_id, reason=repr(exc), final=final)
        if final:
            raise
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 300)) from exc


@shared_task(acks_late=True)
def send_expiry_reminders_task() -> int:
    return services.send_expiry_reminders()
