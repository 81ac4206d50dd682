import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from live import services
from live.models import Case, Registration
from tests.factories import CoordinatorFactory, UserFactory
from tests.live.factories import RegistrationFactory, SeriesFactory, SessionFactory, ended, series_catalogue

pytestmark = pytest.mark.django_db

CASE = {
    "age_band": "5-9y",
    "sex": "female",
    "presenting_problem": "Abdominal mass, painless, for three weeks.",
    "question": "Surgery now or after chemotherapy?",
}


def test_the_series_catalogue_lists_published_series_only(client):
    series_catalogue()
    shown = SeriesFactory()
    hidden = SeriesFactory(published=False)
    page = client.get("/live/").content.decode()
    assert shown.title in page and hidden.title not in page


def test_a_visitor_registers_from_the_session_page(client):
    session, person = SessionFactory(), UserFactory()
    client.force_login(person)
    client.post(f"/live/sessions/{session.pk}/register/", {"role": "participant"})
    assert Registration.objects.filter(session=session, person=person, status="registered").exists()
    assert "Join the video session" in client.get(f"/live/sessions/{session.pk}/").content.decode()


def test_the_video_link_is_shown_only_to_registered_people(client):
    session = SessionFactory()
    client.force_login(UserFactory())
    assert session.series.video_url not in client.get(f"/live/sessions/{session.pk}/").content.decode()


def test_the_case_form_shows_the_name_it_caught_and_keeps_the_text(client):
    session = SessionFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/live/sessions/{session.pk}/cases/new/",
        {**CASE, "names": "Amina Uwase", "history": "Her aunt Amina Uwase noticed the mass."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<mark>Amina Uwase</mark>" in page
    assert "Her aunt Amina Uwase noticed the mass." in page
    assert not Case.objects.exists()


def test_a_case_page_is_404_to_anyone_not_registered(client):
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    client.force_login(UserFactory())
    assert client.get(f"/live/cases/{case.pk}/").status_code == 404


def test_a_registered_participant_reads_a_case(client):
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    client.force_login(RegistrationFactory(session=case.session).person)
    assert "Abdominal mass" in client.get(f"/live/cases/{case.pk}/").content.decode()


def test_a_participant_cannot_write_recommendations(client):
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    client.force_login(RegistrationFactory(session=case.session).person)
    assert client.post(f"/live/cases/{case.pk}/", {"recommendations": "x"}).status_code == 404
    case.refresh_from_db()
    assert case.recommendations == ""


def test_a_coordinator_imports_a_report_and_sees_the_unknown_addresses(client):
    registration = RegistrationFactory(session=ended(SessionFactory()))
    session = registration.session
    start = session.starts_at.astimezone(ZoneInfo("Europe/Madrid"))
    end = start + datetime.timedelta(minutes=60)
    rows = [
        "User Email,Join Time,Leave Time",
        f"{registration.person.email},{start:%Y-%m-%d %H:%M:%S},{end:%Y-%m-%d %H:%M:%S}",
        f"stranger@example.net,{start:%Y-%m-%d %H:%M:%S},{end:%Y-%m-%d %H:%M:%S}",
    ]
    client.force_login(CoordinatorFactory())
    response = client.post(
        f"/live/sessions/{session.pk}/attendance/", {"file": SimpleUploadedFile("r.csv", "\n".join(rows).encode())}
    )
    assert "stranger@example.net" in response.content.decode()
    registration.refresh_from_db()
    assert registration.minutes_attended == 60


def test_the_attendance_page_is_404_to_a_participant(client):
    registration = RegistrationFactory()
    client.force_login(registration.person)
    assert client.get(f"/live/sessions/{registration.session_id}/attendance/").status_code == 404


def test_an_eligible_participant_claims_credit_from_the_session_page(client):
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=60)
    client.force_login(registration.person)
    assert "Claim your credit" in client.get(f"/live/sessions/{registration.session_id}/").content.decode()
    client.post(f"/live/registrations/{registration.pk}/claim/", {"relevance": "5", "change_practice": "yes"})
    page = client.get(f"/live/sessions/{registration.session_id}/").content.decode()
    assert "Your certificate" in page


def test_the_series_calendar_carries_the_rule_and_leaves_out_a_cancelled_session(client):
    coordinator = CoordinatorFactory()
    series = SeriesFactory()
    sessions = services.generate_sessions(actor=coordinator, series=series)
    services.cancel_session(actor=coordinator, session=sessions[1])
    calendar = Calendar.from_ical(client.get(f"/live/series/{series.pk}/calendar.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["INTERVAL"] == [2]
    assert event["DTSTART"].dt.tzinfo.key == "Europe/Madrid"
    excluded = [d.dt for d in event["EXDATE"].dts]
    assert excluded == [sessions[1].occurrence.astimezone(ZoneInfo("Europe/Madrid"))]


def test_a_moved_session_is_an_override_in_the_series_calendar(client):
    coordinator = CoordinatorFactory()
    series = SeriesFactory()
    sessions = services.generate_sessions(actor=coordinator, series=series)
    services.move_session(
        actor=coordinator, session=sessions[0], starts_at=sessions[0].starts_at + datetime.timedelta(hours=2)
    )
    calendar = Calendar.from_ical(client.get(f"/live/series/{series.pk}/calendar.ics").content)
    overrides = [event for event in calendar.walk("VEVENT") if "RECURRENCE-ID" in event]
    assert len(overrides) == 1
    assert overrides[0]["DTSTART"].dt == sessions[0].starts_at + datetime.timedelta(hours=2)


def test_calendar_files_never_carry_the_video_link_or_dial_in(client):
    session = SessionFactory(series=SeriesFactory(dial_in="+34 932 00 00 00 PIN 4412"))
    for url in (f"/live/sessions/{session.pk}/calendar.ics", f"/live/series/{session.series_id}/calendar.ics"):
        body = client.get(url).content.decode()
        assert "meet.example.org" not in body and "4412" not in body


def test_a_session_of_an_unpublished_series_cannot_be_registered_for(client):
    session = SessionFactory(series=SeriesFactory(published=False))
    client.force_login(UserFactory())
    assert client.post(f"/live/sessions/{session.pk}/register/", {"role": "participant"}).status_code == 404
    assert not Registration.objects.exists()


def test_a_session_calendar_file_is_served(client):
    session = SessionFactory()
    response = client.get(f"/live/sessions/{session.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["DTSTART"].dt == session.starts_at.replace(microsecond=0)


@pytest.mark.parametrize("url", ["/live/", "series"])
def test_public_lists_use_the_same_queries_for_3_and_30_rows(client, url, queries_for):
    series_catalogue()
    series = SeriesFactory()
    for _ in range(3):
        SessionFactory(series=series)
        SeriesFactory()
    target = f"/live/series/{series.pk}/" if url == "series" else url
    few = queries_for(client, target)
    for _ in range(27):
        SessionFactory(series=series)
        SeriesFactory()
    assert queries_for(client, target) == few


@pytest.mark.parametrize("url", ["/live/registrations/", "/live/teaching/", "attendance"])
def test_personal_lists_use_the_same_queries_for_3_and_30_rows(client, url, queries_for):
    coordinator = CoordinatorFactory()
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=1))
    viewer = coordinator if url != "/live/registrations/" else UserFactory()
    client.force_login(viewer)
    target = f"/live/sessions/{session.pk}/attendance/" if url == "attendance" else url

    def add(n):
        for _ in range(n):
            if url == "/live/registrations/":
                RegistrationFactory(person=viewer)
            elif url == "/live/teaching/":
                SessionFactory()
            else:
                RegistrationFactory(session=session)

    add(3)
    few = queries_for(client, target)
    add(27)
    assert queries_for(client, target) == few


def test_cancelling_a_registration_asks_first_and_cancels_on_confirmation(client):
    registration = RegistrationFactory()
    client.force_login(registration.person)
    url = f"/live/registrations/{registration.pk}/cancel/"

    question = client.get(url)

    assert question.status_code == 200
    assert "Yes, cancel my registration" in question.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == "registered"
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_someone_elses_registration_cannot_be_cancelled_or_seen(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory())

    url = f"/live/registrations/{registration.pk}/cancel/"
    assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)
    assert Registration.objects.get(pk=registration.pk).status == "registered"


def test_registering_in_a_role_not_offered_is_refused_naming_the_field(client):
    session, person = SessionFactory(), UserFactory()
    client.force_login(person)

    response = client.post(f"/live/sessions/{session.pk}/register/", {"role": "speaker"})

    assert response.status_code == 400
    assert 'id="id_role_error"' in response.content.decode()
    assert not Registration.objects.filter(session=session, person=person).exists()
