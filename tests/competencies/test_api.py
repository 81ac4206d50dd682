"""The competencies API under /api/v1/: frameworks (CASE import and export), EPAs, EPA
assessments, the training record and its transcripts."""

import json
from pathlib import Path

import pytest

from certificates.models import Certificate, Kind
from competencies import case, services
from competencies.models import Assessment, Framework
from lms.models import Notification
from tests.competencies.factories import CompetencyFactory, EPAFactory, FrameworkFactory, evidence_for, request
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "files" / "paediatrics_case.json"
FRAMEWORKS = "/api/v1/competencies/frameworks/"
EPAS = "/api/v1/competencies/epas/"
ASSESSMENTS = "/api/v1/competencies/assessments/"
RECORD = "/api/v1/record/"
TRANSCRIPTS = "/api/v1/record/transcripts/"


def package() -> dict:
    return json.loads(FILE.read_text(encoding="utf-8"))


def with_evidence(learner, *, title="Neonatal resuscitation"):
    """One live evidence row for the learner, from a source of its own."""
    competency = CompetencyFactory()
    evidence_for(learner, competency, source=UserFactory(), title=title)
    return competency


def completed(trainee, *, level=3):
    assessment, _token = request(trainee)
    return services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=level)


# Frameworks ----------------------------------------------------------------------------------


def test_the_frameworks_list_shows_each_framework_with_its_competencies(api):
    competency = CompetencyFactory()
    api.force_authenticate(UserFactory())

    rows = api.get(FRAMEWORKS).json()["results"]

    row = next(row for row in rows if row["id"] == competency.framework_id)
    assert row["title"] == competency.framework.title
    assert [item["id"] for item in row["competencies"]] == [competency.pk]


def test_a_framework_is_retrieved_by_id(api):
    framework = FrameworkFactory()
    epa = EPAFactory(framework=framework)
    api.force_authenticate(UserFactory())

    response = api.get(f"{FRAMEWORKS}{framework.pk}/")

    assert response.status_code == 200
    assert (response.json()["identifier"], response.json()["epas"]) == (str(framework.identifier), [epa.pk])


def test_the_frameworks_need_a_login(api):
    assert api.get(FRAMEWORKS).status_code == 401


def test_a_coordinator_imports_a_case_package(api):
    api.force_authenticate(CoordinatorFactory())

    response = api.post(f"{FRAMEWORKS}import/", package(), format="json")

    assert response.status_code == 201
    framework = Framework.objects.get(identifier=package()["CFDocument"]["identifier"])
    assert response.json()["id"] == framework.pk
    assert len(response.json()["competencies"]) == framework.competencies.count() > 0


def test_a_learner_importing_a_case_package_is_refused_and_nothing_is_created(api):
    api.force_authenticate(UserFactory())

    response = api.post(f"{FRAMEWORKS}import/", package(), format="json")

    assert response.status_code == 403
    assert not Framework.objects.filter(identifier=package()["CFDocument"]["identifier"]).exists()


def test_a_framework_is_exported_as_the_case_package_it_was_imported_from(api):
    framework = case.import_package(actor=None, package=package())
    api.force_authenticate(UserFactory())

    response = api.get(f"{FRAMEWORKS}{framework.pk}/case/")

    assert response.status_code == 200
    exported = response.json()
    assert exported["CFDocument"]["identifier"] == str(framework.identifier)
    assert {item["identifier"] for item in exported["CFItems"]} == {item["identifier"] for item in package()["CFItems"]}


# EPAs ----------------------------------------------------------------------------------------


def test_the_epas_list_shows_the_levels_of_each_epas_scale(api):
    epa = EPAFactory()
    api.force_authenticate(UserFactory())

    row = next(row for row in api.get(EPAS).json()["results"] if row["id"] == epa.pk)

    assert row["scale"] == "Ottawa co-activity scale"
    assert [level["value"] for level in row["levels"]] == [1, 2, 3, 4, 5]
    assert row["levels"][0]["label"] == "I had to do it"


# Assessments ---------------------------------------------------------------------------------


def ask(api, trainee, **changes):
    payload = {
        "epa": EPAFactory().pk,
        "supervisor": FacultyFactory().pk,
        "setting": "ward",
        "complexity": "medium",
        "note": "Bag-mask ventilation at birth",
        **changes,
    }
    api.force_authenticate(trainee)
    return api.post(ASSESSMENTS, payload, format="json")


def test_a_trainee_asks_for_an_assessment_and_the_supervisor_is_emailed(api):
    trainee, supervisor = UserFactory(), FacultyFactory()

    response = ask(api, trainee, supervisor=supervisor.pk)

    assert response.status_code == 201
    assessment = Assessment.objects.get()
    assert (response.json()["id"], response.json()["status"], response.json()["trainee"]) == (
        assessment.pk,
        "requested",
        trainee.pk,
    )
    email = Notification.objects.get(recipient=supervisor)
    assert f"/competencies/assess/{assessment.pk}/" in email.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"supervisor": "SELF"}, "supervisor"),
        ({"epa": 999_999}, "epa"),
        ({"setting": "beach"}, "setting"),
    ],
    ids=["supervisor-is-the-trainee", "unknown-epa", "unknown-setting"],
)
def test_a_bad_request_answers_400_naming_the_field_and_creates_nothing(api, changes, field):
    trainee = FacultyFactory()  # faculty may supervise others, but never themselves
    if changes.get("supervisor") == "SELF":
        changes = {"supervisor": trainee.pk}

    response = ask(api, trainee, **changes)

    assert response.status_code == 400
    assert field in response.json()
    assert not Assessment.objects.exists()
    assert not Notification.objects.exists()


def test_a_learner_opening_someone_elses_assessment_gets_404(api):
    assessment, _token = request(UserFactory())
    api.force_authenticate(UserFactory())

    assert api.get(f"{ASSESSMENTS}{assessment.pk}/").status_code == 404


def test_the_supervisor_completes_an_assessment_with_a_level(api):
    assessment, _token = request(UserFactory())
    api.force_authenticate(assessment.supervisor)

    response = api.post(
        f"{ASSESSMENTS}{assessment.pk}/complete/", {"level": 4, "went_well": "Calm and quick"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["level"], response.json()["went_well"]) == (
        "completed",
        4,
        "Calm and quick",
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level.value) == ("completed", 4)


def test_a_level_off_the_scale_answers_400_naming_the_level_and_changes_nothing(api):
    assessment, _token = request(UserFactory())
    api.force_authenticate(assessment.supervisor)

    response = api.post(f"{ASSESSMENTS}{assessment.pk}/complete/", {"level": 9}, format="json")

    assert response.status_code == 400
    assert "level" in response.json()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level, assessment.completed_at) == ("requested", None, None)


def test_a_trainee_may_not_complete_their_own_assessment(api):
    assessment, _token = request(UserFactory())
    api.force_authenticate(assessment.trainee)

    response = api.post(f"{ASSESSMENTS}{assessment.pk}/complete/", {"level": 5}, format="json")

    # The trainee sees their own request, so the refusal is a 403 with its reason.
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level) == ("requested", None)


def test_the_trainee_cancels_their_request(api):
    assessment, _token = request(UserFactory())
    api.force_authenticate(assessment.trainee)

    response = api.post(f"{ASSESSMENTS}{assessment.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.link_digest) == ("cancelled", "")


def test_completing_a_cancelled_assessment_answers_409(api):
    assessment, _token = request(UserFactory())
    services.cancel_assessment(actor=assessment.trainee, assessment=assessment)
    api.force_authenticate(assessment.supervisor)

    response = api.post(f"{ASSESSMENTS}{assessment.pk}/complete/", {"level": 4}, format="json")

    assert response.status_code == 409
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level) == ("cancelled", None)


# The training record -------------------------------------------------------------------------


def test_a_learner_reads_their_own_record(api):
    learner = UserFactory()
    competency = with_evidence(learner)
    api.force_authenticate(learner)

    response = api.get(RECORD)

    assert response.status_code == 200
    body = response.json()
    assert {"person", "years", "certificates", "competencies", "epas"} <= set(body)
    assert body["person"] == learner.pk
    assert [row["id"] for row in body["competencies"]] == [competency.pk]


def test_a_learner_who_does_not_follow_someone_gets_404_for_their_record(api):
    other = UserFactory()
    with_evidence(other)
    api.force_authenticate(UserFactory())

    assert api.get(RECORD, {"person": other.pk}).status_code == 404


def test_a_supervisor_asked_by_the_trainee_reads_their_record(api):
    assessment = completed(UserFactory())
    api.force_authenticate(assessment.supervisor)

    response = api.get(RECORD, {"person": assessment.trainee_id})

    assert response.status_code == 200
    assert response.json()["person"] == assessment.trainee_id
    assert [row["id"] for row in response.json()["epas"]] == [assessment.epa_id]


def test_a_coordinator_reads_anyones_record(api):
    other = UserFactory()
    api.force_authenticate(CoordinatorFactory())

    response = api.get(RECORD, {"person": other.pk})

    assert response.status_code == 200
    assert response.json()["person"] == other.pk


def test_a_period_ending_before_it_starts_answers_400_naming_the_end(api):
    api.force_authenticate(UserFactory())

    response = api.get(RECORD, {"start": "2026-05-01", "end": "2026-01-01"})

    assert response.status_code == 400
    assert "end" in response.json()


# Transcripts ---------------------------------------------------------------------------------


def test_a_transcript_of_an_empty_record_answers_400_naming_the_period(api):
    api.force_authenticate(UserFactory())

    response = api.post(TRANSCRIPTS, {}, format="json")

    assert response.status_code == 400
    assert "start" in response.json()
    assert not Certificate.objects.filter(kind=Kind.TRANSCRIPT).exists()


def test_a_learner_issues_a_transcript_of_their_record(api):
    learner = UserFactory()
    with_evidence(learner)
    api.force_authenticate(learner)

    response = api.post(TRANSCRIPTS, {}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert {"id", "serial", "status", "pdf_url", "verification_url"} <= set(body)
    certificate = Certificate.objects.get(pk=body["id"])
    assert (certificate.kind, certificate.recipient, body["serial"]) == (Kind.TRANSCRIPT, learner, certificate.serial)
    assert body["verification_url"].endswith(f"/verify/{certificate.verification_code}/")


def test_the_transcripts_list_shows_only_the_callers(api):
    learner, other = UserFactory(), UserFactory()
    with_evidence(learner)
    with_evidence(other)
    mine = services.issue_transcript(actor=learner)
    services.issue_transcript(actor=other)
    api.force_authenticate(learner)

    rows = api.get(TRANSCRIPTS).json()["results"]

    assert [row["id"] for row in rows] == [mine.pk]


def test_an_unknown_section_answers_400_naming_the_sections(api):
    learner = UserFactory()
    with_evidence(learner)
    api.force_authenticate(learner)

    response = api.post(TRANSCRIPTS, {"sections": ["nonsense"]}, format="json")

    assert response.status_code == 400
    assert "sections" in response.json()
    assert not Certificate.objects.filter(kind=Kind.TRANSCRIPT).exists()


# Query counts: the same for 3 rows and for 30 ------------------------------------------------


def test_the_assessments_list_uses_the_same_queries_for_3_and_30(api, queries_for, django_assert_num_queries):
    trainee = UserFactory()
    api.force_authenticate(trainee)

    def make(count):
        for number in range(count):
            assessment, _token = request(trainee)
            if number % 2:
                services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=2)

    make(3)
    few = queries_for(api, ASSESSMENTS)
    make(27)

    with django_assert_num_queries(few):
        assert len(api.get(ASSESSMENTS).json()["results"]) == 30


def test_the_record_uses_the_same_queries_for_3_and_30_evidence_rows(api, queries_for, django_assert_num_queries):
    learner = UserFactory()
    api.force_authenticate(learner)
    for _ in range(3):
        with_evidence(learner)
    few = queries_for(api, RECORD)
    for _ in range(27):
        with_evidence(learner)

    with django_assert_num_queries(few):
        assert len(api.get(RECORD).json()["competencies"]) == 30


def test_the_record_uses_the_same_queries_for_3_and_30_assessments(api, queries_for, django_assert_num_queries):
    trainee = UserFactory()
    api.force_authenticate(trainee)
    for _ in range(3):
        completed(trainee)
    few = queries_for(api, RECORD)
    for _ in range(27):
        completed(trainee)

    with django_assert_num_queries(few):
        assert len(api.get(RECORD).json()["epas"]) == 30


def test_the_transcripts_list_uses_the_same_queries_for_3_and_30(api, queries_for, django_assert_num_queries):
    learner = UserFactory()
    with_evidence(learner)
    api.force_authenticate(learner)
    for _ in range(3):
        services.issue_transcript(actor=learner)
    few = queries_for(api, TRANSCRIPTS)
    for _ in range(27):
        services.issue_transcript(actor=learner)

    with django_assert_num_queries(few):
        assert len(api.get(TRANSCRIPTS).json()["results"]) == 30
