"""Writes of the public site: the office's copy of a contact form submission goes out through
the outbox, like every email, so a broker or mail server outage delays it and loses nothing."""

from django.conf import settings
from django.core.mail import EmailMessage

from lms import outbox

CONTACT_EMAIL = "cms.contact_email"


def queue_office_email(*, page, form) -> None:
    """Called by the contact page inside the transaction that stores the submission."""
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    outbox.enqueue(
        CONTACT_EMAIL,
        subject=page.subject,
        body=page.render_email(form),
        to=addresses,
        from_address=page.from_address or "",
    )


@outbox.handles(CONTACT_EMAIL)
def send_office_email(*, subject: str, body: str, to: list[str], from_address: str) -> None:
    """Send the office its copy. The submission itself is already stored in the database."""
    EmailMessage(subject=subject, body=body, to=to, from_email=from_address or settings.DEFAULT_FROM_EMAIL).send()
