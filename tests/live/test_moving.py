"""Session times in the series' own time zone, and moving one session: the page, the API, and
what follows the new time (reminder, check-in code, case erasure)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from live import services
from live.models import Session
from lms.models import Notification
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.live.factories import RegistrationFactory, SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db

KIGALI = ZoneInfo("Africa/Kigali")  # UTC+2 all year
CASE = {
    "age_band": "5-9y",
    "sex": "female",
    "presenting_problem": "Abdominal mass, painless, for three weeks.",
    "question": "Surgery now or after chemotherapy?",
}


def _kigali_session(days_ahead: int = 10) -> Session:
    """A session at 14:00 Kigali time (12:00 UTC, 13:00 in Madrid in winter)."""
    day = timezone.now().astimezone(KIGALI).date() + datetime.timedelta(days=days_ahead)
    starts = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=KIGALI)
    return SessionFactory(
        series=SeriesFactory(time_zone="Africa/Kigali"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )


def _at(session: Session, hour: int) -> datetime.datetime:
    return session.starts_at.astimezone(KIGALI).replace(hour=hour)


def test_a_session_is_shown_in_its_series_time_zone_named(client):
    session = _kigali_session()

    page = client.get(f"/live/sessions/{session.pk}/").content.decode()

    assert "14:00–15:00 (Africa/Kigali)" in page


def test_moving_a_session_keeps_its_length_and_tells_everyone_in_the_series_zone():
    session = _kigali_session()
    registration = RegistrationFactory(session=session)

    services.move_session(
        actor=CoordinatorFactory(), session=session, starts_at=_at(session, 16), reason="Grand rounds"
    )

    session.refresh_from_db()
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=1)
    [told] = Notification.objects.filter(recipient=registration.person)
    assert "16:00–17:00 (Africa/Kigali)" in told.body and "14:00 (Africa/Kigali)" in told.body


def test_a_moved_session_is_reminded_again_before_its_new_time():
    session = _kigali_session(days_ahead=1)
    registration = RegistrationFactory(session=session)
    services.send_reminders(now=session.starts_at - datetime.timedelta(hours=20))
    assert Notification.objects.filter(recipient=registration.person).count() == 1

    later = session.starts_at + datetime.timedelta(days=7)
    services.move_session(actor=CoordinatorFactory(), session=session, starts_at=later)
    sent = services.send_reminders(now=later - datetime.timedelta(hours=20))

    assert sent == 1


def test_a_check_in_code_shown_for_the_old_time_stops_working():
    session = _kigali_session()
    Session.objects.filter(pk=session.pk).update(
        check_in_code="123456", check_in_closes_at=session.ends_at + datetime.timedelta(minutes=15)
    )
    session.refresh_from_db()

    services.move_session(actor=CoordinatorFactory(), session=session, starts_at=_at(session, 16))

    session.refresh_from_db()
    assert (session.check_in_code, session.check_in_closes_at) == ("", None)


def test_a_moved_sessions_cases_are_erased_after_its_new_end():
    session = _kigali_session()
    case = services.submit_case(actor=UserFactory(), session=session, **CASE)
    later = session.starts_at + datetime.timedelta(days=14)

    services.move_session(actor=CoordinatorFactory(), session=session, starts_at=later)

    case.refresh_from_db()
    days = session.series.case_retention_days
    assert case.erase_after == later + datetime.timedelta(hours=1) + datetime.timedelta(days=days)


def test_moving_into_the_past_is_refused_naming_the_field_and_changes_nothing():
    session = _kigali_session()
    before = session.starts_at

    with pytest.raises(ValidationError) as refused:
        services.move_session(
            actor=CoordinatorFactory(), session=session, starts_at=timezone.now() - datetime.timedelta(hours=1)
        )

    assert "starts_at" in refused.value.message_dict
    assert Session.objects.get(pk=session.pk).starts_at == before


# The session page ------------------------------------------------------------------------------


def test_the_coordinator_moves_a_session_from_its_page_reading_the_series_zone(client):
    session = _kigali_session()
    client.force_login(CoordinatorFactory())
    new_day = session.starts_at.astimezone(KIGALI).date() + datetime.timedelta(days=1)

    response = client.post(
        f"/live/sessions/{session.pk}/move/", {"move-starts_at": f"{new_day.isoformat()}T16:30", "move-reason": ""}
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime.combine(new_day, datetime.time(16, 30), tzinfo=KIGALI)


def test_a_bad_new_start_on_the_page_is_refused_naming_the_field(client):
    session = _kigali_session()
    before = session.starts_at
    client.force_login(CoordinatorFactory())

    response = client.post(f"/live/sessions/{session.pk}/move/", {"move-starts_at": "next week"})

    assert response.status_code == 400
    assert 'id="id_move-starts_at_error"' in response.content.decode()
    assert Session.objects.get(pk=session.pk).starts_at == before


def test_faculty_of_the_series_cannot_move_its_session(client):
    session = _kigali_session()
    faculty = FacultyFactory()
    session.series.faculty.add(faculty)
    before = session.starts_at
    client.force_login(faculty)

    client.post(f"/live/sessions/{session.pk}/move/", {"move-starts_at": "2030-01-01T10:00"})

    assert Session.objects.get(pk=session.pk).starts_at == before


# The API ---------------------------------------------------------------------------------------


def test_the_api_moves_a_session_reading_a_time_without_offset_in_the_series_zone(api):
    session = _kigali_session()
    api.force_authenticate(CoordinatorFactory())
    new_day = session.starts_at.astimezone(KIGALI).date() + datetime.timedelta(days=2)

    response = api.post(f"/api/v1/live/sessions/{session.pk}/move/", {"starts_at": f"{new_day}T09:00:00"})

    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime.combine(new_day, datetime.time(9, 0), tzinfo=KIGALI)


@pytest.mark.parametrize("person", [UserFactory, FacultyFactory])
def test_only_the_training_office_moves_a_session_through_the_api(api, person):
    session = _kigali_session()
    before = session.starts_at
    api.force_authenticate(person())

    response = api.post(f"/api/v1/live/sessions/{session.pk}/move/", {"starts_at": "2030-01-01T10:00:00Z"})

    assert response.status_code == 403
    assert Session.objects.get(pk=session.pk).starts_at == before


def test_a_move_without_a_start_is_refused_by_the_api_naming_the_field(api):
    session = _kigali_session()
    api.force_authenticate(CoordinatorFactory())

    response = api.post(f"/api/v1/live/sessions/{session.pk}/move/", {"reason": "Rounds"})

    assert response.status_code == 400 and "starts_at" in response.json()


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:30:00Z", "2031-01-01T10:00:00Z"])
def test_a_start_years_ahead_is_refused_by_the_api_naming_the_field(api, starts_at):
    """Within two years: a session is moved by days or weeks, and year 9999 overflowed (500)."""
    session = _kigali_session()
    api.force_authenticate(CoordinatorFactory())

    response = api.post(f"/api/v1/live/sessions/{session.pk}/move/", {"starts_at": starts_at})

    assert response.status_code == 400 and "starts_at" in response.json()
