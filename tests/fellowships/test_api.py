from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from fellowships import services
from fellowships.models import Application, Status
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.fellowships.conftest import PDF_BYTES, advance
from tests.fellowships.factories import ApplicationFactory, IntakeFactory, make_programme

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications/"


@pytest.fixture
def api():
    return APIClient()


def test_programmes_list_with_the_contract_fields_and_a_type_filter(api):
    observership = make_programme(programme_type="observership")
    make_programme(programme_type="fellowship")
    api.force_authenticate(UserFactory())

    rows = api.get("/api/v1/programmes/", {"type": "observership"}).json()["results"]

    assert [row["id"] for row in rows] == [observership.pk]
    assert {"id", "title", "type", "department"} <= set(rows[0])
    assert rows[0]["required_documents"] == ["cv", "passport"]


def test_intakes_list_filters_open_ones(api):
    open_intake = IntakeFactory()
    IntakeFactory(closes_on=timezone.localdate() - timedelta(days=1))
    api.force_authenticate(UserFactory())

    rows = api.get("/api/v1/intakes/", {"open": "true"}).json()["results"]

    assert [row["id"] for row in rows] == [open_intake.pk]
    assert {"programme", "opens_on", "closes_on", "earliest_start", "latest_start", "places"} <= set(rows[0])


def test_an_applicant_drafts_uploads_and_submits_through_the_api(api):
    intake = IntakeFactory()
    applicant = UserFactory(profession="doctor")
    api.force_authenticate(applicant)

    created = api.post(APPLICATIONS, {"intake": intake.pk}, format="json")
    pk = created.json()["id"]
    patched = api.patch(
        f"{APPLICATIONS}{pk}/",
        {
            "current_position": "Resident",
            "institution_other": "Hospital Central",
            "start_date": str(intake.earliest_start),
            "end_date": str(intake.earliest_start + timedelta(weeks=2)),
            "motivation": "To learn.",
            "language_level": "B2",
        },
        format="json",
    )
    for kind in ("cv", "passport"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES, content_type="application/pdf")
        assert api.post(f"{APPLICATIONS}{pk}/documents/", {"kind": kind, "file": upload}).status_code == 201
    submitted = api.post(f"{APPLICATIONS}{pk}/submit/")

    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert patched.status_code == 200
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert [entry["status"] for entry in submitted.json()["timeline"]] == ["draft", "submitted"]
    assert len(api.get(f"{APPLICATIONS}{pk}/documents/").json()) == 2


def test_submitting_an_incomplete_application_answers_400_naming_what_is_missing(api):
    application = ApplicationFactory(motivation="")
    api.force_authenticate(application.applicant)

    response = api.post(f"{APPLICATIONS}{application.pk}/submit/")

    assert response.status_code == 400
    assert {"motivation", "documents"} <= set(response.json())
    application.refresh_from_db()
    assert application.status == "draft"


def test_dates_outside_the_bounds_answer_400_naming_the_field(api):
    application = ApplicationFactory()
    api.force_authenticate(application.applicant)
    too_long = application.start_date.replace(year=application.start_date.year + 1)

    response = api.patch(f"{APPLICATIONS}{application.pk}/", {"end_date": str(too_long)}, format="json")

    assert response.status_code == 400 and "end_date" in response.json()
    application.refresh_from_db()
    assert application.end_date != too_long


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.exe", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("empty.pdf", b"", "empty"),
        ("huge.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), "too big"),
    ],
)
def test_bad_uploads_answer_400_naming_the_file_and_store_nothing(api, name, content, message):
    application = ApplicationFactory()
    api.force_authenticate(application.applicant)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = api.post(f"{APPLICATIONS}{application.pk}/documents/", {"kind": "cv", "file": upload})

    assert response.status_code == 400
    assert message in " ".join(response.json()["file"])
    assert not application.documents.exists()


def test_a_refused_move_answers_409(api):
    application = ApplicationFactory()
    api.force_authenticate(CoordinatorFactory())

    response = api.post(f"{APPLICATIONS}{application.pk}/transition/", {"to_status": "accepted"}, format="json")

    assert response.status_code == 409 and "cannot become" in response.json()["detail"]


def test_the_applicant_withdraws_through_the_api(api):
    application = ApplicationFactory()
    api.force_authenticate(application.applicant)

    response = api.post(f"{APPLICATIONS}{application.pk}/withdraw/", {"comment": "Changed plans"}, format="json")

    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_the_timeline_hides_internal_comments(api):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    services.transition(
        actor=CoordinatorFactory(), application=application, to_status="under_review", comment="Odd CV", visible=False
    )
    api.force_authenticate(application.applicant)

    timeline = api.get(f"{APPLICATIONS}{application.pk}/").json()["timeline"]

    assert timeline == []


@pytest.mark.parametrize("who", ["learner", "other_faculty"])
def test_someone_elses_application_answers_404(api, who):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    api.force_authenticate(UserFactory() if who == "learner" else FacultyFactory())

    assert api.get(f"{APPLICATIONS}{application.pk}/").status_code == 404
    assert api.get(f"{APPLICATIONS}{application.pk}/documents/").status_code == 404
    assert api.post(f"{APPLICATIONS}{application.pk}/withdraw/").status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_programme_faculty_see_submitted_applications_but_not_drafts(api):
    draft = ApplicationFactory()
    submitted = ApplicationFactory(intake=draft.intake)
    Application.objects.filter(pk=submitted.pk).update(status=Status.SUBMITTED)
    api.force_authenticate(draft.programme.faculty.get())

    rows = api.get(APPLICATIONS).json()["results"]

    assert [row["id"] for row in rows] == [submitted.pk]


def test_the_applications_list_uses_the_same_queries_for_3_and_30(api, django_assert_num_queries):
    coordinator = CoordinatorFactory()
    intake = IntakeFactory(places=40)
    api.force_authenticate(coordinator)

    def make(count):
        for _ in range(count):
            application = ApplicationFactory(intake=intake)
            Application.objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW)
            advance(Application.objects.get(pk=application.pk), Status.ACCEPTED, coordinator=coordinator)

    make(3)
    with CaptureQueriesContext(connection) as small:
        api.get(APPLICATIONS)
    small = len(small)  # counted now: Django's query log is a bounded deque
    make(27)

    with django_assert_num_queries(small):
        assert len(api.get(APPLICATIONS).json()["results"]) == 30


def test_the_programme_and_intake_lists_use_the_same_queries_for_3_and_30(api, django_assert_num_queries):
    api.force_authenticate(UserFactory())
    for _ in range(3):
        IntakeFactory()
    api.get("/api/v1/programmes/")  # warm Wagtail's site cache, which the page URLs use
    with CaptureQueriesContext(connection) as programmes_small:
        api.get("/api/v1/programmes/")
    programmes_small = len(programmes_small)  # counted now: Django's query log is a bounded deque
    with CaptureQueriesContext(connection) as intakes_small:
        api.get("/api/v1/intakes/")
    intakes_small = len(intakes_small)  # counted now: Django's query log is a bounded deque
    for _ in range(27):
        IntakeFactory()

    with django_assert_num_queries(programmes_small):
        assert len(api.get("/api/v1/programmes/").json()["results"]) == 30
    with django_assert_num_queries(intakes_small):
        assert len(api.get("/api/v1/intakes/").json()["results"]) == 30


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": "not-a-date"}, "start_date"),
        ({"start_date": "WINDOW_START", "end_date": "TWELVE_WEEKS_LATER"}, "end_date"),
    ],
)
def test_creating_an_application_checks_its_fields_as_editing_does(api, fields, field):
    # an observership lasts 1 to 4 weeks: 12 weeks is refused on create as on edit
    intake = IntakeFactory()
    api.force_authenticate(UserFactory(profession="doctor"))
    start = intake.earliest_start
    values = {"WINDOW_START": start.isoformat(), "TWELVE_WEEKS_LATER": (start + timedelta(weeks=12)).isoformat()}
    payload = {"intake": intake.pk, **{name: values.get(value, value) for name, value in fields.items()}}

    response = api.post(APPLICATIONS, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Application.objects.exists()


def test_an_application_created_with_good_dates_keeps_them(api):
    intake = IntakeFactory()
    api.force_authenticate(UserFactory(profession="doctor"))
    start = intake.earliest_start

    response = api.post(
        APPLICATIONS,
        {"intake": intake.pk, "start_date": start.isoformat(), "end_date": (start + timedelta(weeks=2)).isoformat()},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["end_date"] == (start + timedelta(weeks=2)).isoformat()
