import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateTemplate, Kind, SerialCounter
from lms.models import OutboxMessage
from tests.certificates.factories import ActivityFactory
from tests.certificates.issuing import issue_for
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.utils import event_verbs

pytestmark = pytest.mark.django_db


def _issue(recipient, source, **kwargs):
    return issue_for(recipient=recipient, source=source, **kwargs)


def test_issuing_records_a_pending_certificate_with_a_name_snapshot_and_renders_it(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory(full_name="Алексей Петров")

    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(learner, learner)
    assert certificate.status == Certificate.Status.PENDING

    certificate.refresh_from_db()
    assert certificate.recipient_name == "Алексей Петров"
    assert certificate.status == Certificate.Status.READY
    assert certificate.pdf.name.endswith(f"{certificate.serial}.pdf")
    assert event_verbs(certificate) == ["issued", "render"]


def test_issuing_twice_for_the_same_completion_returns_the_live_certificate():
    learner = UserFactory()

    first = _issue(learner, learner)
    second = _issue(learner, learner, title="Another title")

    assert second.pk == first.pk
    assert Certificate.objects.count() == 1


def test_serial_numbers_are_sequential_per_year_and_a_repeat_does_not_use_one():
    learners = UserFactory.create_batch(3)
    year = timezone.localdate().year

    serials = [_issue(learner, learner).serial for learner in learners]
    _issue(learners[0], learners[0])

    assert serials == [f"ITO-{year}-000001", f"ITO-{year}-000002", f"ITO-{year}-000003"]
    assert SerialCounter.objects.get(year=year).last == 3


def test_verification_code_is_long_unambiguous_and_unrelated_to_the_serial():
    learner = UserFactory()

    certificate = _issue(learner, learner)

    code = certificate.verification_code
    assert len(code) == 32  # 160 random bits in Crockford's base 32
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{32}", code)  # no I, L, O, U; no hyphen to break at
    assert certificate.serial not in code


def test_one_live_certificate_per_source_is_a_database_constraint():
    from django.db import IntegrityError

    learner = UserFactory()
    certificate = _issue(learner, learner)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            serial="X-1",
            recipient=learner,
            recipient_name="x",
            kind=Kind.SIMULATION,
            title="x",
            issuer="x",
            source_type=certificate.source_type,
            source_id=certificate.source_id,
        )


def test_a_learner_cannot_issue_certificates():
    learner = UserFactory()

    with pytest.raises(PermissionDenied):
        _issue(learner, learner, actor=learner)


def test_faculty_issue_only_for_what_they_are_concerned_with():
    faculty, other = FacultyFactory(), FacultyFactory()
    learner = UserFactory()

    with pytest.raises(PermissionDenied):
        _issue(learner, learner, actor=other, faculty=[faculty])
    assert _issue(learner, learner, actor=faculty, faculty=[faculty]).faculty.get() == faculty


def test_unknown_kind_and_empty_title_are_refused_naming_the_field():
    learner = UserFactory()

    with pytest.raises(ValidationError) as kind_error:
        _issue(learner, learner, kind="knitting")
    with pytest.raises(ValidationError) as title_error:
        _issue(learner, learner, title="  ")

    assert "kind" in kind_error.value.message_dict
    assert "title" in title_error.value.message_dict
    assert not Certificate.objects.exists()


def test_template_validity_sets_the_expiry_date():
    CertificateTemplate.objects.create(kind=Kind.SIMULATION, language="en", validity_months=24)
    learner = UserFactory()

    certificate = _issue(learner, learner)

    today = timezone.localdate()
    assert certificate.expires_on == today.replace(year=today.year + 2)


def test_faculty_issue_by_hand_for_their_activity():
    faculty = FacultyFactory()
    activity = ActivityFactory(faculty=[faculty], validity_months=12)
    learner = UserFactory()

    certificate = services.issue_for_activity(actor=faculty, activity=activity, recipient=learner)

    assert certificate.kind == Kind.ACTIVITY
    assert certificate.hours == Decimal("6")
    assert certificate.expires_on == datetime.date(2027, 10, 6)
    assert services.issue_for_activity(actor=faculty, activity=activity, recipient=learner).pk == certificate.pk


def test_faculty_not_teaching_an_activity_cannot_issue_for_it():
    activity = ActivityFactory()

    with pytest.raises(PermissionDenied):
        services.issue_for_activity(actor=FacultyFactory(), activity=activity, recipient=UserFactory())


def test_recipient_is_emailed_when_the_pdf_is_ready(mailoutbox, django_capture_on_commit_callbacks):
    learner = UserFactory(email="amina@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(learner, learner)

    assert [message.to for message in mailoutbox] == [["amina@example.org"]]
    assert certificate.verification_code in mailoutbox[0].body


def _concurrently(function, arguments):
    """Runs function(argument) in one thread each, released together; re-raises any error."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        barrier.wait()
        try:
            return function(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return [future.result() for future in [pool.submit(run, argument) for argument in arguments]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issues_for_one_completion_give_one_certificate():
    learner = UserFactory()

    results = _concurrently(lambda _: _issue(learner, learner).pk, list(range(20)))

    assert len(set(results)) == 1
    assert Certificate.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_for_different_completions_take_distinct_sequential_serials():
    learners = UserFactory.create_batch(10)

    _concurrently(lambda learner: _issue(learner, learner), learners)

    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in Certificate.objects.values_list("serial", flat=True))
    assert numbers == list(range(1, 11))


def test_coordinator_revokes_with_a_reason():
    learner = UserFactory()
    certificate = _issue(learner, learner)

    revoked = services.revoke_certificate(actor=CoordinatorFactory(), certificate=certificate, reason="Issued in error")

    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revocation_reason == "Issued in error"


def test_a_certificate_pending_past_the_limit_without_a_render_waiting_is_queued_again():
    learner = UserFactory()
    stuck = _issue(learner, learner)
    waiting = _issue(UserFactory(), UserFactory())
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    Certificate.objects.filter(pk__in=[stuck.pk, waiting.pk]).update(issued_at=long_ago)
    # the stuck one's render message was lost (its row marked done by a worker that died after)
    OutboxMessage.objects.filter(payload__certificate_id=stuck.pk).update(status=OutboxMessage.Status.DONE)

    requeued = services.requeue_stuck_renders()

    assert requeued == 1
    assert OutboxMessage.objects.filter(payload__certificate_id=stuck.pk, status="pending").count() == 1
    assert OutboxMessage.objects.filter(payload__certificate_id=waiting.pk).count() == 1
