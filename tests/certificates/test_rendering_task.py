import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import issue_certificate
from tests.factories import UserFactory
from tests.utils import wait_for


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_render_that_fails_once_is_retried_and_ends_ready_once(celery_worker):
    # given the storage cannot write: a plain file stands where the year's folder must go
    blocker = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates" / str(timezone.localdate().year)
    if blocker.is_dir():
        shutil.rmtree(blocker)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("in the way")
    learner = UserFactory()

    # when a certificate is issued, a real worker renders it
    with transaction.atomic():
        certificate = issue_certificate(
            actor=None, recipient=learner, kind="simulation", title="Sepsis", source=learner
        )
    wait_for(lambda: Certificate.objects.get(pk=certificate.pk).failure_reason)
    blocker.unlink()

    # then the retry stores it and the certificate is ready, rendered once
    wait_for(lambda: Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.READY)
    certificate.refresh_from_db()
    verbs = list(certificate.events.values_list("verb", flat=True))
    assert verbs.count("render_attempt_failed") >= 1
    assert verbs.count("rendered") == 1
    assert certificate.pdf.storage.exists(certificate.pdf.name)
