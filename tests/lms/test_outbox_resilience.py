"""The outbox under real failures, with real parts: a Redis of the test's own that is stopped
and started again, and Celery worker processes (with the beat's relay) that are SIGKILLed
mid-batch. They need PostgreSQL (the workers share the test database), so they run in .ci/run's
PostgreSQL stage."""

import time
from pathlib import Path

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token

from certificates.models import Certificate, IssuanceBatch
from fellowships.models import Status
from lms.celery import app
from lms.models import Notification, OutboxMessage
from tests.certificates.factories import ActivityFactory
from tests.certificates.issuing import issue_for
from tests.factories import CoordinatorFactory, UserFactory
from tests.lms.processes import Redis, Worker, free_port
from tests.utils import event_verbs, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path, transactional_db, settings):
    """A Redis of this test's own; this process publishes to it as the web process would."""
    redis = Redis(free_port(), tmp_path).start()
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, redis.url
    _forget_producer_pool()
    yield redis
    redis.stop()
    app.conf.task_always_eager, app.conf.broker_url = previous
    _forget_producer_pool()


def _forget_producer_pool() -> None:
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def workers(broker, tmp_path):
    """Start worker processes on the test's broker; every one still running is stopped at the end."""
    started: list[Worker] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start() -> Worker:
        worker = Worker(broker_url=broker.url, mail_dir=mail_dir, log=tmp_path / f"worker-{len(started)}.log").start()
        started.append(worker)
        return worker

    start.mail_dir = mail_dir
    yield start
    for worker in started:
        worker.stop()


def _emails_to(mail_dir: Path, address: str) -> list[str]:
    return [text for path in mail_dir.glob("*.log") if f"To: {address}" in (text := path.read_text())]


def _complete_draft():
    from fellowships import services
    from tests.fellowships.conftest import pdf_upload
    from tests.fellowships.factories import ApplicationFactory

    application = ApplicationFactory()
    for kind in application.programme.required_document_kinds():
        services.add_document(actor=application.applicant, application=application, kind=kind, upload=pdf_upload())
    return application


def test_a_broker_outage_delays_follow_up_work_and_loses_none_of_it(client, broker, workers):
    workers()
    application = _complete_draft()
    faculty = CoordinatorFactory()
    activity = ActivityFactory(title="Paediatric sepsis workshop")
    learner = UserFactory()

    # when the broker is down, an application is submitted and a certificate issued through the API
    broker.stop()
    applicant_token = Token.objects.create(user=application.applicant).key
    submitted = client.post(
        f"/api/v1/applications/{application.pk}/submit/", HTTP_AUTHORIZATION=f"Token {applicant_token}"
    )
    issued = client.post(
        "/api/v1/certificates/",
        {"activity": activity.pk, "recipient_email": learner.email},
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=faculty).key}",
    )

    # then both answer 2xx, with their changes committed and their follow-up work waiting
    assert submitted.status_code == 200, submitted.content
    assert issued.status_code == 201, issued.content
    assert submitted.json()["status"] == Status.SUBMITTED
    certificate = Certificate.objects.get(pk=issued.json()["id"])
    assert certificate.status == Certificate.Status.PENDING
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() >= 2

    # when the broker comes back, within 60 s the email is out and the certificate is ready
    broker.start()
    back = time.monotonic()
    wait_for(
        lambda: Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.READY
        and not Notification.objects.filter(status=Notification.Status.QUEUED).exists(),
        timeout=60,
    )
    print(f"broker outage: follow-up work done {time.monotonic() - back:.1f} s after the broker came back")

    # exactly one email about the submission and one PDF
    assert len(_emails_to(workers.mail_dir, application.applicant.email)) == 1
    certificate.refresh_from_db()
    assert event_verbs(certificate) == ["issued", "render"]
    folder = Path(certificate.pdf.storage.path(certificate.pdf.name)).parent
    assert [path.name for path in folder.glob("*.pdf")] == [f"{certificate.serial}.pdf"]
    assert len(_emails_to(workers.mail_dir, learner.email)) == 1  # "your certificate is ready"


def test_a_worker_killed_during_a_cohort_batch_leaves_every_certificate_ready(broker, workers):
    first = workers()
    coordinator = CoordinatorFactory()
    learners = [UserFactory() for _ in range(40)]

    # a cohort of 40 is issued in one transaction, as a batch
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(provider="test", cohort_id="1", label="Cohort", created_by=coordinator)
        for learner in learners:
            issue_for(recipient=learner, source=learner, batch=batch, title="Neonatal resuscitation")

    # when the worker is killed (SIGKILL, children too) while it renders them
    wait_for(lambda: batch.certificates.filter(status=Certificate.Status.READY).count() >= 2, timeout=60)
    first.kill()
    left = batch.certificates.exclude(status=Certificate.Status.READY).count()
    assert left > 0, "the worker finished before it could be killed: nothing was tested"

    # then a new worker (the relay hands over the work whose lease ran out) finishes the batch
    restarted = time.monotonic()
    workers()
    wait_for(lambda: not batch.certificates.exclude(status=Certificate.Status.READY).exists(), timeout=120)
    print(f"killed worker: {left} of 40 not ready at the kill, all ready {time.monotonic() - restarted:.1f} s later")
    for certificate in batch.certificates.all():
        assert event_verbs(certificate) == ["issued", "render"], certificate.serial
