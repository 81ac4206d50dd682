import pytest
from django.core import mail
from django.db import transaction

from lms.models import Notification
from lms.services import notify
from tests.factories import UserFactory
from tests.utils import wait_for


@pytest.mark.django_db
def test_notification_is_sent_after_commit_in_the_recipients_language(django_capture_on_commit_callbacks):
    recipient = UserFactory(preferred_language="es")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(recipient=recipient, subject="Hola", template="lms/email/test_notification.txt")

    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert mail.outbox[0].to == [recipient.email]
    assert "es" in mail.outbox[0].body


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    recipient = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(recipient=recipient, subject="x", template="lms/email/test_notification.txt")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not mail.outbox


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_a_queued_notification(celery_worker):
    recipient = UserFactory()

    notification = notify(recipient=recipient, subject="Welcome", template="lms/email/test_notification.txt")

    wait_for(lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT)


@pytest.mark.django_db
def test_plain_text_emails_print_names_as_typed_not_html_escaped(django_capture_on_commit_callbacks):
    recipient = UserFactory(full_name="Siobhán O'Brien & <Co>")

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=recipient, subject="Hello", template="lms/email/test_notification.txt")

    assert "Siobhán O'Brien & <Co>" in mail.outbox[0].body
    assert "&#x27;" not in mail.outbox[0].body and "&amp;" not in mail.outbox[0].body
