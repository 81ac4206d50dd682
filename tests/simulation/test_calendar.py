import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from simulation import services
from simulation.calendar import booking_calendar
from simulation.models import CalendarFeed
from tests.factories import FacultyFactory, UserFactory
from tests.simulation.factories import ScenarioFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def _feed_url(client, user) -> str:
    client.force_login(user)
    client.post("/simulation/calendar/reset/")
    token = CalendarFeed.objects.get(user=user).token
    client.logout()
    return f"/simulation/calendar/{token}.ics"


def test_a_booking_downloads_as_an_event_at_the_right_time_in_the_office_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    starts = datetime.datetime(2027, 3, 28, 9, 30, tzinfo=datetime.UTC)  # the morning clocks go forward
    session = SessionFactory(
        scenario=ScenarioFactory(title="Neonatal resuscitation"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    learner = UserFactory()
    booking = services.book(actor=learner, session=session)
    client.force_login(learner)

    calendar = _parse(client.get(f"/simulation/bookings/{booking.pk}/calendar.ics"))

    [event] = _events(calendar)
    assert str(event["summary"]) == "Neonatal resuscitation"
    assert str(event["location"]) == session.room.name
    start = event["dtstart"].dt
    assert start == starts and start.tzinfo.key == "Europe/Madrid"
    assert start.hour == 11  # 09:30 UTC is 11:30 in Madrid once summer time has begun
    assert event["dtend"].dt - start == datetime.timedelta(hours=2)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]).startswith(f"simulation-session-{session.pk}@")


def test_another_persons_booking_calendar_answers_404(client):
    booking = services.book(actor=UserFactory(), session=SessionFactory())
    client.force_login(UserFactory())

    assert client.get(f"/simulation/bookings/{booking.pk}/calendar.ics").status_code == 404


def test_the_personal_feed_holds_booked_and_facilitated_sessions_without_a_login(client):
    person = FacultyFactory()
    booked = SessionFactory(scenario=ScenarioFactory(title="Booked as a learner"))
    services.book(actor=person, session=booked)
    SessionFactory(scenario=ScenarioFactory(title="Facilitated"), facilitators=[person])
    SessionFactory(scenario=ScenarioFactory(title="Not mine"))
    url = _feed_url(client, person)

    calendar = _parse(client.get(url))

    assert sorted(str(event["summary"]) for event in _events(calendar)) == ["Booked as a learner", "Facilitated"]


def test_a_cancelled_booking_stays_in_the_feed_as_a_cancelled_event(client):
    learner = UserFactory()
    booking = services.book(actor=learner, session=SessionFactory())
    services.cancel_booking(actor=learner, booking=booking)
    url = _feed_url(client, learner)

    [event] = _events(_parse(client.get(url)))

    assert str(event["status"]) == "CANCELLED"


def test_an_unknown_feed_token_answers_404(client):
    assert client.get("/simulation/calendar/not-a-real-token.ics").status_code == 404


def test_opening_my_bookings_makes_no_feed_until_the_person_asks_for_one(client):
    learner = UserFactory()
    client.force_login(learner)

    page = client.get("/simulation/bookings/").content.decode()
    assert not CalendarFeed.objects.filter(user=learner).exists()
    assert "Get my calendar feed address" in page

    client.post("/simulation/calendar/reset/")
    assert CalendarFeed.objects.filter(user=learner).exists()
    assert "/simulation/calendar/" in client.get("/simulation/bookings/").content.decode()


def test_the_feed_token_is_unguessable():
    learner = UserFactory()
    feed = CalendarFeed.objects.create(user=learner)

    assert len(feed.token) >= 32


def test_a_new_feed_address_retires_the_old_one(client):
    learner = UserFactory()
    services.book(actor=learner, session=SessionFactory())
    old_url = _feed_url(client, learner)
    client.force_login(learner)

    client.post("/simulation/calendar/reset/")

    new_url = f"/simulation/calendar/{CalendarFeed.objects.get(user=learner).token}.ics"
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_the_feed_leaves_out_sessions_older_than_ninety_days(client):
    learner = UserFactory()
    old = SessionFactory(scenario=ScenarioFactory(title="Last year"))
    services.book(actor=learner, session=old)
    old.starts_at = timezone.now() - datetime.timedelta(days=200)
    old.ends_at = old.starts_at + datetime.timedelta(hours=2)
    old.save()
    url = _feed_url(client, learner)

    assert _events(_parse(client.get(url))) == []


def test_times_are_shown_in_the_office_zone_even_for_sessions_created_in_utc(settings):
    settings.TIME_ZONE = "America/Bogota"
    session = SessionFactory()
    learner = UserFactory()
    booking = services.book(actor=learner, session=session)

    [event] = _events(Calendar.from_ical(booking_calendar(booking)))

    assert event["dtstart"].dt.tzinfo == ZoneInfo("America/Bogota")
    assert event["dtstart"].dt == session.starts_at.replace(microsecond=0)  # iCalendar counts whole seconds
