import datetime

import pytest
from django.utils import timezone

from live import services
from live.models import Case, Registration
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.live.factories import RegistrationFactory, SeriesFactory, SessionFactory, ended, running

pytestmark = pytest.mark.django_db

CASE = {
    "age_band": "5-9y",
    "sex": "female",
    "presenting_problem": "Abdominal mass, painless, for three weeks.",
    "question": "Surgery now or after chemotherapy?",
}


def test_sessions_list_carries_the_contract_fields(api):
    session = SessionFactory()
    row = api.get("/api/v1/live/sessions/").json()["results"][0]
    assert row["id"] == session.pk
    assert {"starts_at", "ends_at", "mode", "series", "status"} <= set(row)


def test_sessions_filter_by_mode_and_date(api):
    telematic = SessionFactory()
    SessionFactory(series=SeriesFactory(mode="in_class"))
    day = timezone.localdate(telematic.starts_at).isoformat()
    rows = api.get("/api/v1/live/sessions/", {"mode": "telematic", "date_from": day, "date_to": day}).json()["results"]
    assert [row["id"] for row in rows] == [telematic.pk]


def test_a_bad_date_filter_answers_400_naming_it(api):
    response = api.get("/api/v1/live/sessions/", {"date_from": "soon"})
    assert response.status_code == 400
    assert "date_from" in response.json()


def test_registering_answers_201_with_the_session_and_status(api):
    session, person = SessionFactory(), UserFactory()
    api.force_authenticate(person)
    response = api.post(f"/api/v1/live/sessions/{session.pk}/register/", {"role": "observer"}, format="json")
    assert response.status_code == 201
    assert (response.json()["session"], response.json()["status"], response.json()["role"]) == (
        session.pk,
        "registered",
        "observer",
    )


def test_registering_with_an_unknown_role_answers_400_and_registers_nobody(api):
    session = SessionFactory()
    api.force_authenticate(UserFactory())
    response = api.post(f"/api/v1/live/sessions/{session.pk}/register/", {"role": "speaker"}, format="json")
    assert response.status_code == 400 and "role" in response.json()
    assert not Registration.objects.exists()


def test_registering_twice_answers_409(api):
    registration = RegistrationFactory()
    api.force_authenticate(registration.person)
    response = api.post(f"/api/v1/live/sessions/{registration.session_id}/register/", {}, format="json")
    assert response.status_code == 409


def test_registering_needs_a_login(api):
    response = api.post(f"/api/v1/live/sessions/{SessionFactory().pk}/register/", {}, format="json")
    assert response.status_code in (401, 403)


def test_check_in_with_the_right_code(api):
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = services.open_check_in(actor=registration.session.series.faculty.first(), session=registration.session)
    api.force_authenticate(registration.person)
    response = api.post(f"/api/v1/live/sessions/{session.pk}/check-in/", {"code": session.check_in_code}, format="json")
    assert response.status_code == 200
    assert response.json()["checked_in_at"]


def test_a_wrong_check_in_code_answers_400_naming_the_code(api):
    registration = RegistrationFactory(session=running(SessionFactory()))
    session = services.open_check_in(actor=registration.session.series.faculty.first(), session=registration.session)
    api.force_authenticate(registration.person)
    wrong = "000000" if session.check_in_code != "000000" else "111111"
    response = api.post(f"/api/v1/live/sessions/{session.pk}/check-in/", {"code": wrong}, format="json")
    assert response.status_code == 400 and "code" in response.json()


def test_my_registrations_list_only_mine(api):
    mine = RegistrationFactory()
    RegistrationFactory()
    api.force_authenticate(mine.person)
    rows = api.get("/api/v1/live/registrations/").json()["results"]
    assert [(row["id"], row["session"], row["status"]) for row in rows] == [(mine.pk, mine.session_id, "registered")]


def test_someone_elses_registration_answers_404(api):
    other = RegistrationFactory()
    api.force_authenticate(UserFactory())
    assert api.get(f"/api/v1/live/registrations/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/live/registrations/{other.pk}/cancel/").status_code == 404


def test_cases_are_404_to_anyone_not_registered(api):
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    api.force_authenticate(UserFactory())
    assert api.get(f"/api/v1/live/sessions/{case.session_id}/cases/").status_code == 404


def test_cases_are_readable_by_the_sessions_registered_people_and_faculty(api):
    case = services.submit_case(actor=UserFactory(), session=SessionFactory(), **CASE)
    participant = RegistrationFactory(session=case.session).person
    for reader in (participant, case.session.series.faculty.first()):
        api.force_authenticate(reader)
        rows = api.get(f"/api/v1/live/sessions/{case.session_id}/cases/").json()
        assert [row["id"] for row in rows] == [case.pk]


def test_a_case_with_an_identifier_answers_400_with_the_hits_and_creates_nothing(api):
    session = SessionFactory()
    api.force_authenticate(UserFactory())
    payload = {**CASE, "history": "Contact the father on +250 788 123 456."}
    response = api.post(f"/api/v1/live/sessions/{session.pk}/cases/", payload, format="json")
    assert response.status_code == 400
    hits = response.json()["hits"]
    assert [hit["kind"] for hit in hits] == ["phone"]
    assert not Case.objects.exists()
    confirmed = {**payload, "confirmed": [hits[0]["key"]]}
    assert api.post(f"/api/v1/live/sessions/{session.pk}/cases/", confirmed, format="json").status_code == 201


def test_attendance_is_404_to_a_participant(api):
    registration = RegistrationFactory()
    api.force_authenticate(registration.person)
    assert api.get(f"/api/v1/live/sessions/{registration.session_id}/attendance/").status_code == 404


def test_a_coordinator_adjusts_attendance_through_the_api(api):
    registration = RegistrationFactory()
    api.force_authenticate(CoordinatorFactory())
    response = api.post(
        f"/api/v1/live/sessions/{registration.session_id}/attendance/",
        {"registration": registration.pk, "minutes": 50, "reason": "Dial-in"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["minutes_adjusted"] == 50


def test_an_adjustment_without_a_reason_answers_400(api):
    registration = RegistrationFactory()
    api.force_authenticate(CoordinatorFactory())
    response = api.post(
        f"/api/v1/live/sessions/{registration.session_id}/attendance/",
        {"registration": registration.pk, "minutes": 50},
        format="json",
    )
    assert response.status_code == 400 and "reason" in response.json()
    registration.refresh_from_db()
    assert registration.minutes_adjusted is None


def test_faculty_adjusting_attendance_is_refused(api):
    registration = RegistrationFactory()
    api.force_authenticate(registration.session.series.faculty.first())
    response = api.post(
        f"/api/v1/live/sessions/{registration.session_id}/attendance/",
        {"registration": registration.pk, "minutes": 50, "reason": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_other_faculty_see_no_attendance(api):
    registration = RegistrationFactory()
    api.force_authenticate(FacultyFactory())
    assert api.get(f"/api/v1/live/sessions/{registration.session_id}/attendance/").status_code == 404


def test_claiming_credit_through_the_api_issues_a_certificate(api):
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=60)
    api.force_authenticate(registration.person)
    response = api.post(
        f"/api/v1/live/registrations/{registration.pk}/claim/",
        {"relevance": 5, "change_practice": "yes"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["certificate"]


def test_claiming_without_enough_minutes_answers_409(api):
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=10)
    api.force_authenticate(registration.person)
    response = api.post(
        f"/api/v1/live/registrations/{registration.pk}/claim/",
        {"relevance": 5, "change_practice": "yes"},
        format="json",
    )
    assert response.status_code == 409


@pytest.mark.parametrize("url", ["/api/v1/live/series/", "/api/v1/live/sessions/"])
def test_public_lists_use_the_same_queries_for_3_and_30_rows(api, url, queries_for, django_assert_num_queries):
    for _ in range(3):
        SessionFactory(series=SeriesFactory(faculty=[FacultyFactory(), FacultyFactory()]))
    few = queries_for(api, url)
    for _ in range(27):
        SessionFactory(series=SeriesFactory(faculty=[FacultyFactory(), FacultyFactory()]))
    with django_assert_num_queries(few):
        api.get(url)


def test_my_registrations_use_the_same_queries_for_3_and_30_rows(api, queries_for, django_assert_num_queries):
    person = UserFactory()
    api.force_authenticate(person)
    for _ in range(3):
        RegistrationFactory(person=person)
    few = queries_for(api, "/api/v1/live/registrations/")
    for _ in range(27):
        RegistrationFactory(person=person)
    with django_assert_num_queries(few):
        api.get("/api/v1/live/registrations/")


def test_attendance_and_cases_use_the_same_queries_for_3_and_30_rows(api, queries_for, django_assert_num_queries):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=1))
    api.force_authenticate(CoordinatorFactory())
    for _ in range(3):
        registration = RegistrationFactory(session=session)
        services.submit_case(actor=registration.person, session=session, **CASE)
    urls = [f"/api/v1/live/sessions/{session.pk}/attendance/", f"/api/v1/live/sessions/{session.pk}/cases/"]
    few = [queries_for(api, url) for url in urls]
    for _ in range(27):
        registration = RegistrationFactory(session=session)
        services.submit_case(actor=registration.person, session=session, **CASE)
    for url, expected in zip(urls, few, strict=True):
        with django_assert_num_queries(expected):
            api.get(url)
