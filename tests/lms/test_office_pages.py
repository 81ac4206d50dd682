import pytest
from django.core.management import call_command
from django.utils import timezone

from lms import outbox
from lms.models import AuditEvent, OutboxMessage
from lms.services import record_event
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(count: int) -> None:
    for _ in range(count):
        person = UserFactory()
        record_event(actor=person, verb="profile.updated", target=person)


def test_the_audit_trail_is_for_coordinators_only(client):
    for person in (UserFactory(), FacultyFactory()):
        client.force_login(person)
        assert client.get("/office/audit/").status_code == 404
        assert client.get("/office/audit.csv").status_code == 404
        assert client.get("/office/deliveries/").status_code == 404


def test_the_audit_trail_filters_by_who_what_object_and_when(client):
    coordinator = CoordinatorFactory()
    alice, bob = UserFactory(email="alice@example.org"), UserFactory(email="bob@example.org")
    record_event(actor=alice, verb="application.submit", target=alice)
    record_event(actor=bob, verb="booking.cancel", target=bob)
    client.force_login(coordinator)

    by_who = client.get("/office/audit/", {"actor": "alice@example.org"}).content.decode()
    by_what = client.get("/office/audit/", {"verb": "booking"}).content.decode()
    by_object = client.get("/office/audit/", {"target_type": "lms.user", "target_id": str(bob.pk)}).content.decode()
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    by_when = client.get("/office/audit/", {"date_from": tomorrow}).content.decode()

    assert "application.submit" in by_who and "booking.cancel" not in by_who
    assert "booking.cancel" in by_what and "application.submit" not in by_what
    assert "booking.cancel" in by_object and "application.submit" not in by_object
    assert "No events match these filters." in by_when


def test_a_bad_date_filter_names_the_field_and_answers_400(client):
    client.force_login(CoordinatorFactory())

    response = client.get("/office/audit/", {"date_from": "not-a-date"})

    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


def test_the_audit_csv_carries_the_filtered_events(client):
    coordinator = CoordinatorFactory()
    record_event(actor=coordinator, verb="role.granted", target=coordinator, role="faculty")
    record_event(actor=coordinator, verb="booking.cancel", target=coordinator)
    client.force_login(coordinator)

    body = b"".join(client.get("/office/audit.csv", {"verb": "role"}).streaming_content).decode()

    lines = body.strip().splitlines()
    assert lines[0].startswith("seq,at,actor_id,actor_email,verb")
    assert len(lines) == 2 and "role.granted" in lines[1] and coordinator.email in lines[1]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_audit_trail_uses_the_same_queries_for_3_and_30_rows(client, django_assert_num_queries, rows):
    coordinator = CoordinatorFactory()
    _events(rows)
    client.force_login(coordinator)
    client.get("/office/audit/")  # warm the session and the role cache

    with django_assert_num_queries(_AUDIT_QUERIES):
        assert client.get("/office/audit/").status_code == 200


_AUDIT_QUERIES = 3


def _failed_delivery() -> OutboxMessage:
    message = OutboxMessage.objects.create(
        kind="cms.contact_email",
        payload={"subject": "s", "body": "b", "to": ["office@example.org"], "from_address": ""},
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, attempts=outbox.MAX_ATTEMPTS, last_error="SMTPServerDisconnected()"
    )
    return message


def test_failed_and_stuck_deliveries_are_listed_and_a_coordinator_retries_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    failed = _failed_delivery()
    long_ago = timezone.now() - timezone.timedelta(hours=2)
    stuck = OutboxMessage.objects.create(
        kind="cms.contact_email", payload={}, created_at=long_ago, next_attempt_at=long_ago
    )
    fresh = OutboxMessage.objects.create(kind="cms.contact_email", payload={})
    client.force_login(CoordinatorFactory())

    page = client.get("/office/deliveries/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/deliveries/{failed.pk}/retry/")

    assert "SMTPServerDisconnected()" in page and "Stuck" in page
    assert f"/office/deliveries/{stuck.pk}/retry/" in page
    assert f"/office/deliveries/{fresh.pk}/retry/" not in page
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.Status.DONE
    assert [message.to for message in mailoutbox] == [["office@example.org"]]
    assert AuditEvent.objects.filter(verb="delivery.retried", target_id=str(failed.pk)).exists()


def test_a_done_delivery_cannot_be_retried(client):
    message = OutboxMessage.objects.create(kind="cms.contact_email", payload={}, status=OutboxMessage.Status.DONE)
    client.force_login(CoordinatorFactory())

    response = client.post(f"/office/deliveries/{message.pk}/retry/", follow=True)

    assert "This delivery is already done." in response.content.decode()
    message.refresh_from_db()
    assert message.attempts == 0


@pytest.mark.parametrize("rows", [3, 30])
def test_the_deliveries_page_uses_the_same_queries_for_3_and_30_rows(client, django_assert_num_queries, rows):
    for _ in range(rows):
        _failed_delivery()
    client.force_login(CoordinatorFactory())
    client.get("/office/deliveries/")

    with django_assert_num_queries(_DELIVERIES_QUERIES):
        assert client.get("/office/deliveries/").status_code == 200


_DELIVERIES_QUERIES = 5


def test_relay_outbox_runs_due_work_without_a_broker(mailoutbox):
    message = _failed_delivery()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.PENDING, attempts=1)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    call_command("relay_outbox")

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert len(mailoutbox) == 1
