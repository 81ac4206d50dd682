import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from simulation import services
from simulation.models import Booking, Session
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory, ScenarioFactory, SessionFactory, move_into_the_past

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/simulation/sessions/"
BOOKINGS = "/api/v1/simulation/bookings/"


# Sessions


def test_the_session_list_shows_upcoming_sessions_with_the_contract_fields(api):
    session = SessionFactory(places=2)
    services.book(actor=UserFactory(), session=session)
    SessionFactory(status=Session.Status.CANCELLED)
    past = SessionFactory()
    move_into_the_past(past)
    api.force_authenticate(UserFactory())

    response = api.get(SESSIONS)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == session.pk and row["scenario"] == session.scenario.title
    assert (row["places"], row["places_left"], row["waitlist_length"]) == (2, 1, 0)
    assert {"starts_at", "ends_at"} <= set(row)


def test_sessions_filter_by_audience_discipline_and_date(api):
    doctors = SessionFactory(scenario=ScenarioFactory(audience="doctors", discipline="Difficult airway"))
    nurses_later = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    api.force_authenticate(UserFactory())
    later = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    by_audience = api.get(SESSIONS, {"audience": "doctors"}).json()["results"]
    by_discipline = api.get(SESSIONS, {"discipline": "difficult airway"}).json()["results"]
    by_date = api.get(SESSIONS, {"date_from": later}).json()["results"]

    assert [row["id"] for row in by_audience] == [doctors.pk]
    assert [row["id"] for row in by_discipline] == [doctors.pk]
    assert [row["id"] for row in by_date] == [nurses_later.pk]


def test_a_bad_date_filter_is_refused_naming_the_field(api):
    api.force_authenticate(UserFactory())

    response = api.get(SESSIONS, {"date_from": "next tuesday"})

    assert response.status_code == 400
    assert "date_from" in response.json()


def test_the_session_list_needs_a_login(api):
    assert api.get(SESSIONS).status_code in (401, 403)


def test_booking_through_the_api_gives_a_place_then_a_waitlist_position(api):
    session = SessionFactory(places=1)
    first, second = UserFactory(), UserFactory()

    api.force_authenticate(first)
    booked = api.post(f"{SESSIONS}{session.pk}/book/")
    api.force_authenticate(second)
    waitlisted = api.post(f"{SESSIONS}{session.pk}/book/")

    assert booked.status_code == 201 and booked.json()["status"] == "confirmed"
    assert booked.json()["waitlist_position"] is None
    assert waitlisted.status_code == 201
    assert (waitlisted.json()["status"], waitlisted.json()["waitlist_position"]) == ("waitlisted", 1)


def test_booking_twice_answers_409_and_changes_nothing(api):
    session = SessionFactory()
    learner = UserFactory()
    api.force_authenticate(learner)
    api.post(f"{SESSIONS}{session.pk}/book/")

    response = api.post(f"{SESSIONS}{session.pk}/book/")

    assert response.status_code == 409
    assert "already" in response.json()["detail"]
    assert Booking.objects.filter(participant=learner).count() == 1


def test_a_cancelled_session_cannot_be_booked(api):
    session = SessionFactory(status=Session.Status.CANCELLED)
    api.force_authenticate(UserFactory())

    assert api.post(f"{SESSIONS}{session.pk}/book/").status_code == 404
    assert not Booking.objects.exists()


# Bookings


def test_my_bookings_lists_only_mine(api):
    learner = UserFactory()
    mine = services.book(actor=learner, session=SessionFactory())
    services.book(actor=UserFactory(), session=SessionFactory())
    api.force_authenticate(learner)

    rows = api.get(BOOKINGS).json()["results"]

    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["session"] == mine.session_id


def test_another_persons_booking_answers_404(api):
    other = services.book(actor=UserFactory(), session=SessionFactory())
    api.force_authenticate(UserFactory())

    assert api.get(f"{BOOKINGS}{other.pk}/").status_code == 404
    assert api.post(f"{BOOKINGS}{other.pk}/cancel/").status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_cancelling_through_the_api_promotes_the_first_on_the_waitlist(api):
    session = SessionFactory(places=1)
    first, second = UserFactory(), UserFactory()
    mine = services.book(actor=first, session=session)
    waiting = services.book(actor=second, session=session)
    api.force_authenticate(first)

    response = api.post(f"{BOOKINGS}{mine.pk}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_cancelling_after_the_deadline_answers_409(api):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=5), cancellation_hours=24)
    learner = UserFactory()
    booking = services.book(actor=learner, session=session)
    api.force_authenticate(learner)

    response = api.post(f"{BOOKINGS}{booking.pk}/cancel/")

    assert response.status_code == 409 and "deadline" in response.json()["detail"]
    booking.refresh_from_db()
    assert booking.status == "confirmed"


# Facilitators: roster, attendance, assessment


def test_the_facilitator_reads_the_roster_and_another_faculty_member_gets_404(api, held_session):
    facilitator, booking, *_ = held_session

    api.force_authenticate(facilitator)
    roster = api.get(f"{SESSIONS}{booking.session_id}/roster/")
    api.force_authenticate(FacultyFactory())
    stranger = api.get(f"{SESSIONS}{booking.session_id}/roster/")

    assert roster.status_code == 200
    assert [row["participant"] for row in roster.json()] == [booking.participant.full_name]
    assert stranger.status_code == 404


def test_attendance_by_the_facilitator(api, held_session):
    facilitator, booking, *_ = held_session
    api.force_authenticate(facilitator)

    response = api.post(f"{BOOKINGS}{booking.pk}/attendance/", {"attended": True}, format="json")

    assert response.status_code == 200 and response.json()["status"] == "attended"


@pytest.mark.parametrize("who", ["learner", "other_faculty", "participant"])
def test_attendance_by_anyone_else_answers_404_and_changes_nothing(api, held_session, who):
    _, booking, *_ = held_session
    person = {"learner": UserFactory, "other_faculty": FacultyFactory}.get(who, lambda: booking.participant)()
    api.force_authenticate(person)

    response = api.post(f"{BOOKINGS}{booking.pk}/attendance/", {"attended": True}, format="json")

    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_attendance_without_a_value_is_refused_naming_the_field(api, held_session):
    facilitator, booking, *_ = held_session
    api.force_authenticate(facilitator)

    response = api.post(f"{BOOKINGS}{booking.pk}/attendance/", {}, format="json")

    assert response.status_code == 400 and "attended" in response.json()
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_assessment_through_the_api_passes_and_issues_the_certificate(
    api, held_session, django_capture_on_commit_callbacks
):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    api.force_authenticate(facilitator)
    payload = {
        "ratings": [{"item": critical.pk, "rating": "done"}, {"item": other.pk, "rating": "done"}],
        "feedback": "Calm and systematic.",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{BOOKINGS}{booking.pk}/assessment/", payload, format="json")

    assert response.status_code == 200
    assert (response.json()["result"], response.json()["score"]) == ("passed", 100)
    assert Certificate.objects.get().recipient == booking.participant


def test_an_assessment_missing_an_item_is_refused_naming_the_field(api, held_session):
    facilitator, booking, critical, _other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    api.force_authenticate(facilitator)

    response = api.post(
        f"{BOOKINGS}{booking.pk}/assessment/", {"ratings": [{"item": critical.pk, "rating": "done"}]}, format="json"
    )

    assert response.status_code == 400 and "ratings" in response.json()
    booking.refresh_from_db()
    assert booking.result == "" and not booking.ratings.exists()


def test_an_assessment_with_an_unknown_rating_is_refused_naming_the_field(api, held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    api.force_authenticate(facilitator)
    payload = {"ratings": [{"item": critical.pk, "rating": "brilliant"}, {"item": other.pk, "rating": "done"}]}

    response = api.post(f"{BOOKINGS}{booking.pk}/assessment/", payload, format="json")

    assert response.status_code == 400 and "ratings" in response.json()
    assert not Certificate.objects.exists()


def test_a_coordinator_may_assess_any_session(api, held_session):
    _, booking, critical, other = held_session
    coordinator = CoordinatorFactory()
    services.mark_attendance(actor=coordinator, booking=booking, attended=True)
    api.force_authenticate(coordinator)
    payload = {"ratings": [{"item": critical.pk, "rating": "not_done"}, {"item": other.pk, "rating": "done"}]}

    response = api.post(f"{BOOKINGS}{booking.pk}/assessment/", payload, format="json")

    assert response.status_code == 200 and response.json()["result"] == "failed"


# Flat query counts


def _sessions_with_bookings(count: int, facilitator=None):
    for _ in range(count):
        session = SessionFactory(facilitators=[facilitator] if facilitator else None)
        services.book(actor=UserFactory(), session=session)


def test_the_session_list_uses_the_same_queries_for_3_and_30(api, count_queries, django_assert_num_queries):
    api.force_authenticate(UserFactory())
    _sessions_with_bookings(3)
    small = count_queries(lambda: api.get(SESSIONS))
    _sessions_with_bookings(27)

    with django_assert_num_queries(small):
        assert len(api.get(SESSIONS).json()["results"]) == 30


def test_my_bookings_list_uses_the_same_queries_for_3_and_30(api, count_queries, django_assert_num_queries):
    learner = UserFactory()
    api.force_authenticate(learner)

    def book(count):
        for _ in range(count):
            session = SessionFactory(places=1)
            services.book(actor=UserFactory(), session=session)
            services.book(actor=learner, session=session)  # waitlisted: positions are computed too

    book(3)
    small = count_queries(lambda: api.get(BOOKINGS))
    book(27)

    with django_assert_num_queries(small):
        rows = api.get(BOOKINGS).json()["results"]
    assert len(rows) == 30 and {row["waitlist_position"] for row in rows} == {1}


def test_the_roster_uses_the_same_queries_for_3_and_30(api, count_queries, django_assert_num_queries):
    facilitator = FacultyFactory()
    session = SessionFactory(places=30, facilitators=[facilitator])
    ChecklistItemFactory(scenario=session.scenario)
    api.force_authenticate(facilitator)
    for _ in range(3):
        services.book(actor=UserFactory(), session=session)
    api.get(f"{SESSIONS}{session.pk}/roster/")  # the facilitator's roles, read once per user instance
    small = count_queries(lambda: api.get(f"{SESSIONS}{session.pk}/roster/"))
    for _ in range(27):
        services.book(actor=UserFactory(), session=session)

    with django_assert_num_queries(small):
        assert len(api.get(f"{SESSIONS}{session.pk}/roster/").json()) == 30


def test_an_unassessed_bookings_empty_result_is_what_the_schema_documents(client):
    from lms.models import User

    client.force_login(User.objects.create_user("schema@example.org", "x"))
    schema = client.get("/api/schema/", {"format": "json"}).json()

    result = schema["components"]["schemas"]["Booking"]["properties"]["result"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in result["oneOf"]
    assert schema["components"]["schemas"]["BlankEnum"]["enum"] == [""]
