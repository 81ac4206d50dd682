"""The competency pages: the training record and its transcripts, EPA assessments (the request,
the supervisor's page and the one-time link without sign-in), and the progress views."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate, Kind
from competencies import services
from competencies.models import Assessment, Committee, CommitteeDecision
from tests.competencies.factories import CompetencyFactory, EPAFactory, FrameworkFactory, evidence_for, request
from tests.factories import FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

ANCHORS = ["I had to do it", "I had to talk them through", "I did not need to be there"]


def with_evidence(learner, *, title="Neonatal resuscitation"):
    competency = CompetencyFactory()
    evidence_for(learner, competency, source=UserFactory(), title=title)
    return competency


def completed(trainee, *, supervisor=None, level=3):
    assessment, _token = request(trainee, supervisor=supervisor)
    return services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=level)


def committee_of(*, members, trainees) -> Committee:
    committee = Committee.objects.create(name="Paediatrics competence committee", framework=FrameworkFactory())
    committee.members.add(*members)
    committee.trainees.add(*trainees)
    return committee


# The training record -------------------------------------------------------------------------


def test_the_record_shows_the_learners_evidence_and_epas(client):
    learner = UserFactory()
    with_evidence(learner, title="Resuscitation at 32 weeks")
    assessment = completed(learner)
    client.force_login(learner)

    page = client.get("/record/").content.decode()

    assert "Resuscitation at 32 weeks" in page
    assert str(assessment.epa) in page


def test_someone_elses_record_is_404_to_a_stranger(client):
    trainee = UserFactory()
    with_evidence(trainee)
    client.force_login(UserFactory())

    assert client.get(f"/record/{trainee.pk}/").status_code == 404


def test_a_supervisor_reads_the_record_of_a_trainee_who_asked_them(client):
    assessment, _token = request(UserFactory())
    with_evidence(assessment.trainee, title="Resuscitation at 32 weeks")
    client.force_login(assessment.supervisor)

    response = client.get(f"/record/{assessment.trainee_id}/")

    assert response.status_code == 200
    assert "Resuscitation at 32 weeks" in response.content.decode()


def test_a_learner_issues_a_transcript_from_the_transcripts_page(client):
    learner = UserFactory()
    with_evidence(learner)
    client.force_login(learner)

    response = client.post("/record/transcripts/", {"sections": ["certificates", "competencies", "epas"]})

    assert (response.status_code, response["Location"]) == (302, "/record/transcripts/")
    assert Certificate.objects.filter(recipient=learner, kind=Kind.TRANSCRIPT).count() == 1


# Asking for and completing an assessment -----------------------------------------------------


def test_the_request_page_opens(client):
    client.force_login(UserFactory())

    assert client.get("/competencies/assessments/new/").status_code == 200


def test_a_trainee_asks_for_an_assessment_from_the_request_page(client):
    trainee, supervisor, epa = UserFactory(), FacultyFactory(), EPAFactory()
    client.force_login(trainee)

    response = client.post(
        "/competencies/assessments/new/",
        {"epa": epa.pk, "supervisor": supervisor.pk, "setting": "emergency", "complexity": "high", "note": "Apnoea"},
    )

    assert (response.status_code, response["Location"]) == (302, "/competencies/assessments/")
    assessment = Assessment.objects.get()
    assert (assessment.trainee, assessment.supervisor, assessment.epa, assessment.status) == (
        trainee,
        supervisor,
        epa,
        "requested",
    )


def test_the_supervisor_completes_an_assessment_on_its_page(client):
    assessment, _token = request(UserFactory())
    client.force_login(assessment.supervisor)

    response = client.post(
        f"/competencies/assessments/{assessment.pk}/",
        {"level": "4", "went_well": "Calm and quick", "to_work_on": "Call for help earlier"},
    )

    assert (response.status_code, response["Location"]) == (302, "/competencies/assessments/")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level.value, assessment.went_well, assessment.to_work_on) == (
        "completed",
        4,
        "Calm and quick",
        "Call for help earlier",
    )


def test_an_assessment_page_is_404_to_a_stranger(client):
    assessment, _token = request(UserFactory())
    client.force_login(UserFactory())

    assert client.get(f"/competencies/assessments/{assessment.pk}/").status_code == 404
    assert client.post(f"/competencies/assessments/{assessment.pk}/", {"level": "4"}).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == "requested"


# The one-time link ---------------------------------------------------------------------------


def link(assessment, token) -> str:
    return f"/competencies/assess/{assessment.pk}/{token}/"


def test_the_link_opens_without_login_and_shows_the_scale_anchors(client):
    assessment, token = request(UserFactory())

    response = client.get(link(assessment, token))

    assert response.status_code == 200
    page = response.content.decode()
    assert all(anchor in page for anchor in ANCHORS)


def test_the_link_completes_the_assessment_without_login(client):
    assessment, token = request(UserFactory())

    response = client.post(link(assessment, token), {"level": "5", "went_well": "Led the team"})

    assert response.status_code == 200
    assert "Assessment recorded" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level.value, assessment.went_well) == ("completed", 5, "Led the team")


def test_a_used_link_answers_410_and_says_it_is_not_valid(client):
    assessment, token = request(UserFactory())
    client.post(link(assessment, token), {"level": "5"})

    response = client.get(link(assessment, token))

    assert response.status_code == 410
    assert "This link is not valid" in response.content.decode()
    assert client.post(link(assessment, token), {"level": "1"}).status_code == 410
    assessment.refresh_from_db()
    assert assessment.level.value == 5


def test_a_token_on_another_assessments_link_answers_410(client):
    first, token = request(UserFactory())
    second, _other = request(UserFactory())

    assert client.get(link(second, token)).status_code == 410
    assert client.post(link(second, token), {"level": "5"}).status_code == 410
    second.refresh_from_db()
    assert second.status == "requested"


def test_an_expired_link_answers_410(client):
    assessment, token = request(UserFactory())
    Assessment.objects.filter(pk=assessment.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(link(assessment, token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


# Progress ------------------------------------------------------------------------------------


def test_the_progress_page_lists_the_supervisors_trainees(client):
    assessment = completed(UserFactory())
    client.force_login(assessment.supervisor)

    page = client.get("/competencies/progress/").content.decode()

    assert assessment.trainee.full_name in page
    assert str(assessment.epa) in page


def test_the_progress_page_is_404_to_a_learner_with_no_trainees(client):
    client.force_login(UserFactory())

    assert client.get("/competencies/progress/").status_code == 404


def test_a_committee_member_records_a_decision(client):
    trainee, member = UserFactory(), FacultyFactory()
    committee = committee_of(members=[member], trainees=[trainee])
    client.force_login(member)

    response = client.post(
        f"/competencies/progress/{trainee.pk}/",
        {"decision": "1", "committee": committee.pk, "stage": "foundations", "rationale": "Ten EPA 1s at level 4"},
    )

    assert (response.status_code, response["Location"]) == (302, f"/competencies/progress/{trainee.pk}/")
    decision = CommitteeDecision.objects.get()
    assert (decision.committee, decision.trainee, decision.stage, decision.decided_by) == (
        committee,
        trainee,
        "foundations",
        member,
    )


def test_a_supervisor_who_is_not_a_member_sees_no_decision_form_and_cannot_forge_one(client):
    assessment, _token = request(UserFactory())
    committee = committee_of(members=[FacultyFactory()], trainees=[assessment.trainee])
    client.force_login(assessment.supervisor)
    url = f"/competencies/progress/{assessment.trainee_id}/"

    response = client.get(url)
    assert response.status_code == 200
    assert "Record the decision" not in response.content.decode()

    client.post(url, {"decision": "1", "committee": committee.pk, "stage": "core", "rationale": "Forged"})
    assert not CommitteeDecision.objects.exists()


def test_a_trainees_progress_is_404_to_a_stranger(client):
    assessment = completed(UserFactory())
    client.force_login(UserFactory())

    assert client.get(f"/competencies/progress/{assessment.trainee_id}/").status_code == 404


# Query counts: the same for 3 rows and for 30 ------------------------------------------------


@pytest.mark.parametrize("make", [with_evidence, completed], ids=["evidence", "assessments"])
def test_the_record_uses_the_same_queries_for_3_and_30(client, queries_for, django_assert_num_queries, make):
    learner = UserFactory()
    client.force_login(learner)
    for _ in range(3):
        make(learner)
    few = queries_for(client, "/record/")
    for _ in range(27):
        make(learner)

    with django_assert_num_queries(few):
        client.get("/record/")


def test_progress_uses_the_same_queries_for_3_and_30_trainees(client, queries_for, django_assert_num_queries):
    supervisor = FacultyFactory()
    client.force_login(supervisor)
    for _ in range(3):
        completed(UserFactory(), supervisor=supervisor)
    few = queries_for(client, "/competencies/progress/")
    for _ in range(27):
        completed(UserFactory(), supervisor=supervisor)

    with django_assert_num_queries(few):
        page = client.get("/competencies/progress/").content.decode()
    assert page.count('href="/competencies/progress/') == 30


def test_the_assessments_page_uses_the_same_queries_for_3_and_30(client, queries_for, django_assert_num_queries):
    # A faculty member who both asks for assessments and has some waiting for them.
    person = FacultyFactory()
    client.force_login(person)

    def make(count):
        for _ in range(count):
            request(person)
            request(UserFactory(), supervisor=person)

    make(3)
    few = queries_for(client, "/competencies/assessments/")
    make(27)

    with django_assert_num_queries(few):
        client.get("/competencies/assessments/")


def test_the_transcripts_page_uses_the_same_queries_for_3_and_30(client, queries_for, django_assert_num_queries):
    learner = UserFactory()
    with_evidence(learner)
    client.force_login(learner)
    for _ in range(3):
        services.issue_transcript(actor=learner)
    few = queries_for(client, "/record/transcripts/")
    for _ in range(27):
        services.issue_transcript(actor=learner)

    with django_assert_num_queries(few):
        client.get("/record/transcripts/")
