"""The booking and session tables, pair by pair, through `Workflow.apply` itself (the services
add dates and places on top: see test_services.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from simulation import services
from simulation.models import Booking, Session
from simulation.services import BOOKINGS, SESSIONS
from tests.factories import CoordinatorFactory, UserFactory
from tests.simulation.factories import SessionFactory
from tests.transitions import assert_applied, assert_denied, assert_refused, events_of, in_status, pairs

pytestmark = pytest.mark.django_db


def _booking(status: str) -> Booking:
    return in_status(services.book(actor=UserFactory(), session=SessionFactory()), status)


def _actor_for(move, obj):
    """The first of the participant, a facilitator, a coordinator and the system the move admits."""
    session = obj if isinstance(obj, Session) else obj.session
    candidates = [getattr(obj, "participant", None), session.facilitators.get(), CoordinatorFactory(), None]
    return next(actor for actor in candidates if move.who(actor, obj))


# Bookings


@pytest.mark.parametrize(("before", "name"), pairs(BOOKINGS, Booking.Status.values, allowed=True))
def test_every_allowed_booking_move_is_applied_and_recorded(before, name, django_capture_on_commit_callbacks):
    assert_applied(BOOKINGS, _booking(before), name, f"booking.{name}", django_capture_on_commit_callbacks, _actor_for)


@pytest.mark.parametrize(("before", "name"), pairs(BOOKINGS, Booking.Status.values, allowed=False))
def test_every_other_booking_move_is_refused_and_changes_nothing(before, name):
    assert_refused(BOOKINGS, _booking(before), name, _actor_for)


@pytest.mark.parametrize("name", [move.name for move in BOOKINGS.moves])
def test_another_learner_may_make_no_move_on_someone_elses_booking(name):
    assert_denied(BOOKINGS, _booking(BOOKINGS.move(name).sources[0]), name, UserFactory())


# Sessions


@pytest.mark.parametrize(("before", "name"), pairs(SESSIONS, Session.Status.values, allowed=True))
def test_every_allowed_session_move_is_applied_and_recorded(before, name, django_capture_on_commit_callbacks):
    session = in_status(SessionFactory(), before)
    assert_applied(SESSIONS, session, name, f"session.{name}", django_capture_on_commit_callbacks, _actor_for)


@pytest.mark.parametrize(("before", "name"), pairs(SESSIONS, Session.Status.values, allowed=False))
def test_every_other_session_move_is_refused_and_changes_nothing(before, name):
    assert_refused(SESSIONS, in_status(SessionFactory(), before), name, _actor_for)


def test_a_facilitator_cannot_cancel_their_session():
    session = SessionFactory()

    with pytest.raises(PermissionDenied):
        SESSIONS.apply(actor=session.facilitators.get(), obj=session, name="cancel")

    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED and not events_of(session).exists()
