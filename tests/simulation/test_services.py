import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from certificates.models import Certificate
from lms.errors import ConflictError
from simulation import services
from simulation.models import Booking, Session
from simulation.selectors import my_bookings, waitlist_position, with_waitlist_position
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.simulation.factories import RoomFactory, ScenarioFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _at(days: float, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _schedule(**overrides):
    fields = {
        "actor": overrides.get("actor") or CoordinatorFactory(),
        "scenario": ScenarioFactory(),
        "room": overrides.get("room") or RoomFactory(),
        "starts_at": _at(5, 9),
        "ends_at": _at(5, 11),
        "places": 10,
        "facilitators": [FacultyFactory()],
    }
    return services.schedule_session(**{**fields, **overrides})


# Scheduling


def test_a_room_cannot_be_double_booked_and_the_message_names_the_clash():
    first = _schedule(room=RoomFactory(name="Sim room A"))

    with pytest.raises(ValidationError) as error:
        _schedule(room=first.room, starts_at=_at(5, 10), ends_at=_at(5, 12))

    assert "Sim room A" in error.value.message_dict["room"][0]
    assert str(first) in error.value.message_dict["room"][0]
    assert Session.objects.count() == 1


def test_a_facilitator_cannot_be_in_two_sessions_at_once():
    faculty = FacultyFactory(full_name="Dr. Jordi Soler")
    _schedule(facilitators=[faculty])

    with pytest.raises(ValidationError) as error:
        _schedule(room=RoomFactory(), facilitators=[faculty], starts_at=_at(5, 10), ends_at=_at(5, 12))

    assert "Dr. Jordi Soler" in error.value.message_dict["facilitators"][0]


def test_back_to_back_sessions_do_not_clash():
    first = _schedule()

    second = _schedule(room=first.room, starts_at=_at(5, 11), ends_at=_at(5, 13))

    assert second.pk


def test_places_are_bounded_by_the_room_capacity():
    with pytest.raises(ValidationError) as error:
        _schedule(room=RoomFactory(capacity=8), places=9)

    assert "places" in error.value.message_dict


def test_only_coordinators_schedule():
    with pytest.raises(PermissionDenied):
        _schedule(actor=FacultyFactory())


def test_cancelling_a_session_cancels_every_booking_and_tells_everyone(django_capture_on_commit_callbacks):
    session = SessionFactory(places=1)
    learners = UserFactory.create_batch(2)
    for learner in learners:
        services.book(actor=learner, session=session)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(actor=CoordinatorFactory(), session=session, reason="Manikin repair")

    assert set(session.bookings.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(learner.email for learner in learners)


# Booking and the waitlist


def test_booking_confirms_until_full_then_waitlists_in_order():
    session = SessionFactory(places=2)
    learners = UserFactory.create_batch(4)

    bookings = [services.book(actor=learner, session=session) for learner in learners]

    assert [b.status for b in bookings] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    positions = {b.participant_id: waitlist_position(b) for b in my_bookings(user=learners[3])}
    assert positions == {learners[3].pk: 2}


def test_booking_twice_is_refused():
    session = SessionFactory()
    learner = UserFactory()
    services.book(actor=learner, session=session)

    with pytest.raises(ConflictError) as error:
        services.book(actor=learner, session=session)

    assert error.value.message == services.ERROR_ALREADY_BOOKED


def test_a_refusal_is_in_the_readers_language():
    session = SessionFactory()
    learner = UserFactory()
    services.book(actor=learner, session=session)

    with translation.override("es"), pytest.raises(ConflictError) as error:
        services.book(actor=learner, session=session)

    with translation.override("es"):
        assert "You already have" not in str(error.value.message)
        assert str(error.value.message) == str(services.ERROR_ALREADY_BOOKED)


def test_a_session_is_named_with_the_readers_date_format_not_iso():
    session = SessionFactory(
        starts_at=timezone.make_aware(datetime.datetime(2027, 3, 4, 10, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2027, 3, 4, 12, 0)),
    )

    with translation.override("es"):
        name = str(session)

    assert name.endswith(" 2027, 10:00") and " 4 " in name and "2027-03-04" not in name


def test_a_waitlisted_booking_is_promoted_when_a_seat_frees(django_capture_on_commit_callbacks):
    session = SessionFactory(places=1)
    first, second, third = UserFactory.create_batch(3)
    held = services.book(actor=first, session=session)
    waiting = services.book(actor=second, session=session)
    services.book(actor=third, session=session)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(actor=first, booking=held)

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert waitlist_position(my_bookings(user=third).get()) == 1


def test_cancelling_after_the_deadline_is_refused():
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=10), cancellation_hours=24)
    learner = UserFactory()
    booking = services.book(actor=learner, session=session)

    with pytest.raises(ConflictError) as error:
        services.cancel_booking(actor=learner, booking=booking)

    assert error.value.message == services.ERROR_PAST_DEADLINE
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_cancelled_booking_can_be_made_again():
    session = SessionFactory()
    learner = UserFactory()
    services.cancel_booking(actor=learner, booking=services.book(actor=learner, session=session))

    again = services.book(actor=learner, session=session)

    assert again.status == Booking.Status.CONFIRMED
    assert Booking.objects.count() == 1


def test_nobody_cancels_another_persons_booking():
    booking = services.book(actor=UserFactory(), session=SessionFactory())

    with pytest.raises(PermissionDenied):
        services.cancel_booking(actor=UserFactory(), booking=booking)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_bookings_for_twelve_places_give_twelve_confirmed_and_eighteen_waitlisted_in_order():
    session = SessionFactory(places=12)
    learners = UserFactory.create_batch(30)
    barrier = threading.Barrier(30)

    def book(learner):
        barrier.wait()
        try:
            return services.book(actor=learner, session=session)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        bookings = [future.result() for future in [pool.submit(book, learner) for learner in learners]]

    statuses = [b.status for b in bookings]
    assert statuses.count("confirmed") == 12 and statuses.count("waitlisted") == 18
    waitlisted = with_waitlist_position(Booking.objects.filter(session=session, status="waitlisted"))
    assert [waitlist_position(b) for b in waitlisted.order_by("waitlisted_at", "pk")] == list(range(1, 19))


# Attendance, assessment, completion


def test_attendance_is_taken_by_a_facilitator(held_session):
    facilitator, booking, *_ = held_session

    assert services.mark_attendance(actor=facilitator, booking=booking, attended=True).status == "attended"


def test_another_faculty_member_cannot_take_attendance(held_session):
    _, booking, *_ = held_session

    with pytest.raises(PermissionDenied):
        services.mark_attendance(actor=FacultyFactory(), booking=booking, attended=True)


def test_attending_and_passing_completes_the_training_with_a_certificate(
    held_session, django_capture_on_commit_callbacks
):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)

    with django_capture_on_commit_callbacks(execute=True):
        assessed = services.assess(
            actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "partly"}, feedback="Good"
        )

    certificate = Certificate.objects.get()
    assert (assessed.result, assessed.score) == ("passed", 88)
    assert certificate.kind == "simulation" and certificate.title == booking.session.scenario.title
    assert certificate.status == "ready" and list(certificate.faculty.all()) == [facilitator]
    assert certificate.expires_on == certificate.ended_on.replace(year=certificate.ended_on.year + 2)


def test_an_assessed_participant_cannot_be_marked_absent_afterwards(held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "done"})

    with pytest.raises(ConflictError) as error:
        services.mark_attendance(actor=facilitator, booking=booking, attended=False)

    assert error.value.code == "already_assessed"
    booking.refresh_from_db()
    assert booking.status == "attended"


def test_a_missed_critical_item_fails_whatever_the_score(held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)

    assessed = services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "partly", other.pk: "done"})

    assert assessed.result == "failed"
    assert not Certificate.objects.exists()


def test_an_incomplete_checklist_is_refused_and_records_nothing(held_session):
    facilitator, booking, critical, _ = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)

    with pytest.raises(ValidationError) as error:
        services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done"})

    assert "ratings" in error.value.message_dict
    booking.refresh_from_db()
    assert booking.result == ""


def test_a_no_show_is_not_assessed(held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=False)

    with pytest.raises(ConflictError):
        services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "done"})
