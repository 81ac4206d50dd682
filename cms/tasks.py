from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def email_contact_submission(subject: str, body: str, to: list[str], from_address: str | None) -> None:
    """Sends the office its copy of a contact form submission (already stored in the database)."""
    EmailMessage(subject=subject, body=body, to=to, from_email=from_address or settings.DEFAULT_FROM_EMAIL).send()
