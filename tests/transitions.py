"""Walking a transition table pair by pair through `Workflow.apply` (the tables' tests in each
app use these with their own objects and actors)."""

import pytest
from django.core.exceptions import PermissionDenied

from lms.errors import ConflictError
from lms.models import AuditEvent


def events_of(obj):
    return AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


def in_status(obj, status):
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj


def assert_applied(table, obj, name, verb, capture, actor_for):
    before, move = obj.status, table.move(name)
    actor = actor_for(move, obj)
    earlier = list(events_of(obj).values_list("pk", flat=True))

    with capture(execute=True):
        moved = table.apply(actor=actor, obj=obj, name=name)

    obj.refresh_from_db()
    assert moved.status == obj.status == move.target
    [event] = events_of(obj).exclude(pk__in=earlier)
    assert (event.verb, event.from_status, event.to_status, event.actor) == (verb, before, move.target, actor)


def assert_refused(table, obj, name, actor_for):
    before, events = obj.status, events_of(obj).count()

    with pytest.raises(ConflictError) as error:
        table.apply(actor=actor_for(table.move(name), obj), obj=obj, name=name)

    assert error.value.code == "transition_not_allowed"
    obj.refresh_from_db()
    assert (obj.status, events_of(obj).count()) == (before, events)


def pairs(table, statuses, *, allowed):
    return sorted(
        (str(status), move.name) for move in table.moves for status in statuses if (status in move.sources) == allowed
    )


def assert_denied(table, obj, name, actor):
    """The actor is not one the move admits: PermissionDenied, nothing changed or recorded."""
    before, recorded = obj.status, events_of(obj).count()

    with pytest.raises(PermissionDenied):
        table.apply(actor=actor, obj=obj, name=name)

    obj.refresh_from_db()
    assert (obj.status, events_of(obj).count()) == (before, recorded)
