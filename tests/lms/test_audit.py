import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from lms import audit
from lms.models import AuditChainHead, AuditEvent
from lms.services import record_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _chain_of(count: int) -> list[AuditEvent]:
    person = UserFactory()
    events = [
        record_event(actor=person, verb="test.step", target=person, comment=f"note {n}", step=n) for n in range(count)
    ]
    audit.seal()
    return [AuditEvent.objects.get(pk=event.pk) for event in events]


def test_an_intact_chain_verifies_and_the_command_exits_zero(capsys):
    _chain_of(5)

    call_command("verify_audit")

    assert "audit chain intact" in capsys.readouterr().out


def test_each_sealed_row_names_its_predecessors_hash():
    first, second, third = _chain_of(3)

    assert (second.previous_hash, third.previous_hash) == (first.hash, second.hash)
    assert [first.seq, second.seq, third.seq] == [first.seq, first.seq + 1, first.seq + 2]


def test_an_edited_row_is_named_by_verify_audit():
    events = _chain_of(4)
    AuditEvent.objects.filter(pk=events[2].pk).update(to_status="accepted")

    with pytest.raises(CommandError, match=f"row {events[2].seq}: content changed"):
        call_command("verify_audit")


def test_an_edited_comment_is_caught_through_its_digest():
    events = _chain_of(3)
    AuditEvent.objects.filter(pk=events[1].pk).update(comment="something else")

    with pytest.raises(CommandError, match=f"row {events[1].seq}: comment changed"):
        call_command("verify_audit")


def test_a_deleted_row_is_named_by_verify_audit():
    events = _chain_of(4)
    AuditEvent.objects.filter(pk=events[1].pk).delete()

    with pytest.raises(CommandError, match=f"row {events[1].seq}: row missing"):
        call_command("verify_audit")


def test_deleting_the_last_rows_is_caught_by_the_chain_head():
    events = _chain_of(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()

    with pytest.raises(CommandError, match="rows missing at the end"):
        call_command("verify_audit")


def test_erasing_a_comment_keeps_the_chain_verifiable():
    # the comment enters the hash only as a keyed digest: blanking it (erasure) breaks nothing
    events = _chain_of(3)
    AuditEvent.objects.filter(pk=events[1].pk).update(comment="")

    assert audit.verify_chain().intact


def test_no_personal_data_enters_the_hashed_content():
    person = UserFactory(full_name="Amara Okafor", email="amara@example.org")
    event = record_event(actor=person, verb="profile.updated", target=person, comment="Amara asked")
    audit.seal()
    event.refresh_from_db()

    assert event.comment_digest and "Amara" not in event.comment_digest
    assert event.hash == audit.content_hash(event, event.previous_hash)
    assert "amara" not in str(event.data).lower()


def test_unsealed_rows_are_reported_then_sealed_in_order():
    _chain_of(2)

    AuditEvent.objects.create(verb="orphan", target_type="x", target_id="1")  # committed, unsealed
    assert audit.verify_chain().unsealed == 1
    audit.seal()

    report = audit.verify_chain()
    assert report.intact and report.unsealed == 0
    assert AuditChainHead.objects.get().seq == report.checked


def test_a_transaction_recording_two_events_queues_one_seal(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        record_event(actor=person, verb="test.first", target=person)
        record_event(actor=person, verb="test.second", target=person)

    assert [callback for callback in callbacks if callback is audit.seal_quietly] == [audit.seal_quietly]


def test_an_event_after_a_rolled_back_savepoint_is_still_sealed(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                record_event(actor=person, verb="test.undone", target=person)
                raise RuntimeError("the savepoint rolls back")
        except RuntimeError:
            pass
        kept = record_event(actor=person, verb="test.kept", target=person)

    assert AuditEvent.objects.get(pk=kept.pk).seq is not None
    assert not AuditEvent.objects.filter(verb="test.undone").exists()
