import datetime

import pytest
from django.core import mail
from django.utils import timezone

from simulation import services
from simulation.models import Booking, Session
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory, RoomFactory, ScenarioFactory, SessionFactory

pytestmark = pytest.mark.django_db


# Learners


def test_anyone_browses_upcoming_sessions_and_is_asked_to_log_in_to_book(client):
    session = SessionFactory()

    response = client.get("/simulation/")

    assert response.status_code == 200
    assert session.scenario.title in response.text and "Log in to book" in response.text


def test_the_session_list_filters_by_audience(client):
    SessionFactory(scenario=ScenarioFactory(title="Airway for doctors", audience="doctors"))
    SessionFactory(scenario=ScenarioFactory(title="Sepsis for nurses", audience="nurses"))

    response = client.get("/simulation/", {"audience": "doctors"})

    assert "Airway for doctors" in response.text and "Sepsis for nurses" not in response.text


def test_the_filters_are_folded_so_the_sessions_come_first_until_one_is_used(client):
    SessionFactory()

    unfiltered = client.get("/simulation/").text
    filtered = client.get("/simulation/", {"audience": "doctors"}).text

    assert '<details class="filters-panel">' in unfiltered
    assert unfiltered.index("<summary>") < unfiltered.index('class="filters"') < unfiltered.index("<table")
    assert '<details class="filters-panel" open>' in filtered


def test_a_bad_date_filter_gets_a_message_and_status_400(client):
    response = client.get("/simulation/", {"date_from": "soon"})

    assert response.status_code == 400
    assert "Enter a valid date" in response.text


def test_a_learner_books_from_the_page_and_sees_the_waitlist_position(client):
    session = SessionFactory(places=1)
    services.book(actor=UserFactory(), session=session)
    learner = UserFactory()
    client.force_login(learner)

    response = client.post(f"/simulation/sessions/{session.pk}/book/", follow=True)

    assert "number 1 on the waitlist" in response.text
    assert Booking.objects.get(participant=learner).status == "waitlisted"


def test_the_session_list_shows_my_own_state(client):
    session = SessionFactory()
    learner = UserFactory()
    services.book(actor=learner, session=session)
    client.force_login(learner)

    assert "Booked" in client.get("/simulation/").text


def test_booking_needs_a_login(client):
    session = SessionFactory()

    response = client.post(f"/simulation/sessions/{session.pk}/book/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_a_learner_cancels_from_my_bookings_and_the_next_is_promoted_and_emailed(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(places=1)
    learner, waiting = UserFactory(), UserFactory()
    mine = services.book(actor=learner, session=session)
    services.book(actor=waiting, session=session)
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/simulation/bookings/{mine.pk}/cancel/", follow=True)

    assert "Your booking is cancelled" in response.text
    assert Booking.objects.get(participant=waiting).status == "confirmed"
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_cancelling_a_booking_asks_for_confirmation_first_and_changes_nothing(client):
    session = SessionFactory()
    mine = services.book(actor=UserFactory(), session=session)
    client.force_login(mine.participant)

    listing = client.get("/simulation/bookings/").text
    response = client.get(f"/simulation/bookings/{mine.pk}/cancel/")

    assert f'href="/simulation/bookings/{mine.pk}/cancel/"' in listing
    assert response.status_code == 200 and "Yes, cancel my booking" in response.text
    mine.refresh_from_db()
    assert mine.status == "confirmed"


def test_the_cancellation_page_of_another_persons_booking_answers_404(client):
    other = services.book(actor=UserFactory(), session=SessionFactory())
    client.force_login(UserFactory())

    assert client.get(f"/simulation/bookings/{other.pk}/cancel/").status_code == 404


def test_cancelling_another_persons_booking_answers_404(client):
    other = services.book(actor=UserFactory(), session=SessionFactory())
    client.force_login(UserFactory())

    assert client.post(f"/simulation/bookings/{other.pk}/cancel/").status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_the_participant_sees_the_result_and_feedback(client, held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    services.assess(
        actor=facilitator, booking=booking, ratings={critical.pk: "not_done", other.pk: "done"}, feedback="Ventilate!"
    )
    client.force_login(booking.participant)

    response = client.get("/simulation/bookings/")

    assert "Not yet competent" in response.text and "Ventilate!" in response.text


def test_debrief_notes_are_not_shown_to_participants(client, held_session):
    facilitator, booking, *_ = held_session
    services.write_debrief(actor=facilitator, session=booking.session, notes="Team froze at minute four")
    client.force_login(booking.participant)

    for url in ("/simulation/bookings/", f"/simulation/sessions/{booking.session_id}/", "/dashboard/"):
        assert "Team froze" not in client.get(url).text


# Facilitators


def test_the_facilitator_marks_attendance_and_assesses_from_the_roster(
    client, held_session, django_capture_on_commit_callbacks
):
    facilitator, booking, critical, other = held_session
    client.force_login(facilitator)

    client.post(f"/simulation/bookings/{booking.pk}/attendance/", {"attended": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/simulation/bookings/{booking.pk}/assess/",
            {f"item_{critical.pk}": "done", f"item_{other.pk}": "partly", "feedback": "Good"},
            follow=True,
        )

    booking.refresh_from_db()
    assert (booking.status, booking.result, booking.score) == ("attended", "passed", 88)
    assert "Passed" in response.text
    assert booking.participant.certificates.get().kind == "simulation"


def test_the_roster_shows_a_no_show_as_absent_not_as_attended(client, held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=False)
    client.force_login(facilitator)

    html = client.get(f"/simulation/sessions/{booking.session_id}/roster/").text

    assert 'value="yes" class="toggle" aria-pressed="false"' in html
    assert 'value="no" class="toggle" aria-pressed="true"' in html


def test_an_assessment_form_with_an_item_left_out_names_it_and_records_nothing(client, held_session):
    facilitator, booking, critical, other = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    client.force_login(facilitator)

    response = client.post(f"/simulation/bookings/{booking.pk}/assess/", {f"item_{critical.pk}": "done"})

    assert response.status_code == 400
    assert "This field is required" in response.text
    booking.refresh_from_db()
    assert booking.result == "" and not booking.ratings.exists()


@pytest.mark.parametrize("who", ["learner", "other_faculty"])
def test_rosters_and_assessments_of_other_sessions_answer_404(client, held_session, who):
    _, booking, critical, other = held_session
    client.force_login(UserFactory() if who == "learner" else FacultyFactory())

    assert client.get(f"/simulation/sessions/{booking.session_id}/roster/").status_code == 404
    assert client.get(f"/simulation/bookings/{booking.pk}/assess/").status_code == 404
    assert client.post(f"/simulation/bookings/{booking.pk}/attendance/", {"attended": "yes"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_the_facilitator_writes_debrief_notes(client, held_session):
    facilitator, booking, *_ = held_session
    client.force_login(facilitator)

    client.post(f"/simulation/sessions/{booking.session_id}/roster/", {"notes": "Discussed closed-loop talk"})

    assert Session.objects.get(pk=booking.session_id).debrief_notes == "Discussed closed-loop talk"


def test_the_facilitator_schedule_lists_only_their_sessions(client):
    facilitator = FacultyFactory()
    SessionFactory(scenario=ScenarioFactory(title="Mine to run"), facilitators=[facilitator])
    SessionFactory(scenario=ScenarioFactory(title="Someone else's"))
    client.force_login(facilitator)

    response = client.get("/simulation/facilitating/")

    assert "Mine to run" in response.text and "Someone else" not in response.text


def test_learners_have_no_facilitator_schedule(client):
    client.force_login(UserFactory())

    assert client.get("/simulation/facilitating/").status_code == 404


# Coordinators


def _schedule_form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=7)
    room = overrides.pop("room", None) or RoomFactory(name="Sim lab A", capacity=8).pk
    data = {
        "scenario": ScenarioFactory().pk,
        "room": room,
        "starts_at": f"{day}T09:00",
        "ends_at": f"{day}T11:00",
        "places": 8,
        "facilitators": [FacultyFactory().pk],
        "cancellation_hours": 24,
    }
    return {**data, **overrides}


def test_a_coordinator_schedules_a_session(client):
    client.force_login(CoordinatorFactory())

    response = client.post("/simulation/schedule/", _schedule_form())

    assert response.status_code == 302
    assert Session.objects.get().places == 8


def test_a_room_clash_is_shown_next_to_the_room_and_nothing_is_scheduled(client):
    client.force_login(CoordinatorFactory())
    first = _schedule_form()
    client.post("/simulation/schedule/", first)
    day = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        "/simulation/schedule/",
        _schedule_form(room=first["room"], starts_at=f"{day}T10:00", ends_at=f"{day}T12:00"),
    )

    assert response.status_code == 400
    assert "The room Sim lab A is already booked" in response.text
    assert Session.objects.count() == 1


def test_more_places_than_the_room_holds_is_refused_naming_places(client):
    client.force_login(CoordinatorFactory())

    response = client.post("/simulation/schedule/", _schedule_form(places=20))

    assert response.status_code == 400 and "holds 8 people" in response.text
    assert not Session.objects.exists()


def test_faculty_cannot_schedule(client):
    client.force_login(FacultyFactory())

    assert client.get("/simulation/schedule/").status_code == 404
    assert client.post("/simulation/schedule/", _schedule_form()).status_code == 404
    assert not Session.objects.exists()


def test_a_coordinator_cancels_a_session_and_everyone_booked_is_emailed(client, django_capture_on_commit_callbacks):
    session = SessionFactory()
    people = [UserFactory() for _ in range(2)]
    for person in people:
        services.book(actor=person, session=session)
    client.force_login(CoordinatorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/simulation/sessions/{session.pk}/cancel/", {"reason": "Manikin repair"})

    assert Session.objects.get().status == "cancelled"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert all("Manikin repair" in message.body for message in mail.outbox)


def test_the_dashboard_shows_each_role_its_simulation_panel(client):
    facilitator = FacultyFactory()
    SessionFactory(scenario=ScenarioFactory(title="Newborn life support"), facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.get("/dashboard/")

    assert "Simulation sessions you facilitate" in response.text and "Newborn life support" in response.text


# Flat query counts


def test_the_session_list_page_uses_the_same_queries_for_3_and_30(client, count_queries, django_assert_num_queries):
    learner = UserFactory()
    client.force_login(learner)

    def sessions(count):
        for _ in range(count):
            session = SessionFactory()
            services.book(actor=learner, session=session)

    sessions(3)
    small = count_queries(lambda: client.get("/simulation/"))
    sessions(27)

    with django_assert_num_queries(small):
        assert client.get("/simulation/").text.count("<strong>Booked</strong>") == 30


def test_my_bookings_page_uses_the_same_queries_for_3_and_30(client, count_queries, django_assert_num_queries):
    learner = UserFactory()
    client.force_login(learner)

    def book(count):
        for _ in range(count):
            services.book(actor=learner, session=SessionFactory())

    book(3)
    client.get("/simulation/bookings/")  # the first visit creates the calendar feed
    small = count_queries(lambda: client.get("/simulation/bookings/"))
    book(27)

    with django_assert_num_queries(small):
        client.get("/simulation/bookings/")


def test_the_roster_page_uses_the_same_queries_for_3_and_30(client, count_queries, django_assert_num_queries):
    facilitator = FacultyFactory()
    session = SessionFactory(places=30, facilitators=[facilitator])
    ChecklistItemFactory(scenario=session.scenario)
    client.force_login(facilitator)
    for _ in range(3):
        services.book(actor=UserFactory(), session=session)
    small = count_queries(lambda: client.get(f"/simulation/sessions/{session.pk}/roster/"))
    for _ in range(27):
        services.book(actor=UserFactory(), session=session)

    with django_assert_num_queries(small):
        client.get(f"/simulation/sessions/{session.pk}/roster/")


def test_the_facilitator_schedule_uses_the_same_queries_for_3_and_30(client, count_queries, django_assert_num_queries):
    facilitator = FacultyFactory()
    client.force_login(facilitator)

    def sessions(count):
        for _ in range(count):
            SessionFactory(facilitators=[facilitator, FacultyFactory()])

    sessions(3)
    small = count_queries(lambda: client.get("/simulation/facilitating/"))
    sessions(27)

    with django_assert_num_queries(small):
        client.get("/simulation/facilitating/")


def test_the_learner_dashboard_uses_the_same_queries_for_3_and_30_bookings(
    client, count_queries, django_assert_num_queries
):
    learner = UserFactory()
    client.force_login(learner)

    def book(count):
        for _ in range(count):
            services.book(actor=learner, session=SessionFactory())

    book(3)
    small = count_queries(lambda: client.get("/dashboard/"))
    book(27)

    with django_assert_num_queries(small):
        client.get("/dashboard/")


def test_people_marked_present_still_count_as_holding_their_places(client, held_session):
    facilitator, booking, *_ = held_session
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    client.force_login(facilitator)

    response = client.get(f"/simulation/sessions/{booking.session_id}/roster/")

    assert f"1 of {booking.session.places} places booked" in response.text
