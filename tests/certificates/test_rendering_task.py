import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from certificates.models import Certificate
from lms import outbox
from lms.models import OutboxMessage
from tests.certificates.issuing import issue_for
from tests.factories import UserFactory
from tests.utils import event_verbs, wait_for


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_render_that_fails_once_is_retried_by_the_relay_and_ends_ready_once(celery_worker):
    # given the storage cannot write: a plain file stands where the year's folder must go
    blocker = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates" / str(timezone.localdate().year)
    if blocker.is_dir():
        shutil.rmtree(blocker)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("in the way")
    learner = UserFactory()

    # when a certificate is issued, a real worker renders it
    with transaction.atomic():
        certificate = issue_for(recipient=learner, title="Sepsis", source=learner)
    render = OutboxMessage.objects.get(kind="certificates.render", payload__certificate_id=certificate.pk)
    wait_for(lambda: OutboxMessage.objects.get(pk=render.pk).last_error)
    blocker.unlink()

    # then the relay (beat's job, run here by hand) hands it over again once its backoff is
    # over, and the certificate is ready, rendered once
    def ready_after_relaying() -> bool:
        try:
            outbox.relay_due()
            return Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.READY
        except OperationalError:
            # SQLite's shared-cache test database locks a whole table while the worker thread
            # writes ("database table is locked"); the next poll tries again. PostgreSQL waits.
            return False

    wait_for(ready_after_relaying, timeout=60)
    certificate.refresh_from_db()
    assert event_verbs(certificate) == ["issued", "render"]
    assert OutboxMessage.objects.get(pk=render.pk).attempts == 2
    assert certificate.pdf.storage.exists(certificate.pdf.name)
