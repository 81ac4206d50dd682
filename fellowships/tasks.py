from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5)
def render_offer_letter_task(self, application_id: int) -> None:
    """Idempotent (a letter already attached is kept), retried with backoff."""
    try:
        services.render_offer_letter(application_id=application_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 300)) from exc
