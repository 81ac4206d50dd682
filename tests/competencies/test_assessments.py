"""EPA assessments: the request, the supervisor's one-time link (used, expired, reused, for
another assessment), scales, reminders and expiry, concerns and committee decisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competencies import services
from competencies.models import Assessment, Committee, CommitteeDecision, Concern, Scale, ScaleLevel
from competencies.scales import O_SCORE, OTTAWA
from lms.errors import ConflictError
from lms.models import Notification
from tests.competencies.factories import EPAFactory, FrameworkFactory, request, token_in
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_ottawa_and_o_score_are_built_in_with_five_anchored_levels():
    for name in (OTTAWA, O_SCORE):
        levels = list(Scale.objects.get(name=name).levels.values_list("value", flat=True))
        assert levels == [1, 2, 3, 4, 5]
    assert ScaleLevel.objects.get(scale__name=OTTAWA, value=5).label == "I did not need to be there"


def test_requesting_emails_the_supervisor_a_link_bound_to_the_assessment():
    trainee = UserFactory()
    assessment, token = request(trainee, note="Intubated a preterm newborn")

    assert assessment.status == Assessment.Status.REQUESTED
    assert assessment.link_digest and token not in assessment.link_digest
    body = Notification.objects.get(recipient=assessment.supervisor).body
    assert f"/competencies/assess/{assessment.pk}/{token}/" in body
    assert "Intubated a preterm newborn" in body
    assert assessment.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)


def test_a_trainee_cannot_ask_themselves_or_a_learner_to_assess():
    trainee = UserFactory()
    for supervisor in (trainee, UserFactory()):
        with pytest.raises(ValidationError) as refusal:
            services.request_assessment(
                actor=trainee, epa=EPAFactory(), supervisor=supervisor, setting="ward", complexity="low"
            )
        assert "supervisor" in refusal.value.message_dict
    assert not Assessment.objects.exists()


def test_the_link_completes_the_assessment_once_without_sign_in():
    assessment, token = request(UserFactory())

    done = services.complete_assessment(
        actor=None, assessment=assessment, token=token, level=4, went_well="Calm", to_work_on="Drug doses"
    )

    assert (done.status, done.level.value, done.went_well, done.link_digest) == ("completed", 4, "Calm", "")
    assert Notification.objects.filter(recipient=assessment.trainee, subject__contains="EPA").exists()


def test_a_used_link_is_refused():
    assessment, token = request(UserFactory())
    services.complete_assessment(actor=None, assessment=assessment, token=token, level=3)

    with pytest.raises(ValidationError) as refusal:
        services.assessment_for_link(assessment_id=assessment.pk, token=token)
    assert "link" in refusal.value.message_dict


def test_an_expired_link_is_refused_and_changes_nothing():
    assessment, token = request(UserFactory())
    Assessment.objects.filter(pk=assessment.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(ValidationError, match="expired"):
        services.complete_assessment(actor=None, assessment=assessment, token=token, level=3)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level) == ("requested", None)


def test_a_link_for_another_assessment_is_refused():
    first, first_token = request(UserFactory())
    second, _second_token = request(UserFactory())

    with pytest.raises(ValidationError):
        services.complete_assessment(actor=None, assessment=second, token=first_token, level=3)
    second.refresh_from_db()
    assert second.status == "requested"
    assert services.assessment_for_link(assessment_id=first.pk, token=first_token) == first


def test_only_the_supervisor_asked_completes_from_the_queue():
    assessment, _token = request(UserFactory())
    for stranger in (assessment.trainee, FacultyFactory(), CoordinatorFactory()):
        with pytest.raises(PermissionDenied):
            services.complete_assessment(actor=stranger, assessment=assessment, level=3)

    done = services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=3)
    assert done.status == "completed"


def test_a_level_off_the_epas_scale_is_refused_naming_the_field():
    assessment, token = request(UserFactory())
    for level in (0, 6, "", "high"):
        with pytest.raises(ValidationError) as refusal:
            services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=level)
        assert "level" in refusal.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == "requested"


def test_a_custom_scale_needs_two_or_more_levels_numbered_from_one_with_anchors():
    coordinator = CoordinatorFactory()
    bad = {
        "one level": [(1, "Observed")],
        "a gap": [(1, "Observed"), (3, "Independent")],
        "from zero": [(0, "Observed"), (1, "Independent")],
        "a blank anchor": [(1, "Observed"), (2, " ")],
    }
    for levels in bad.values():
        with pytest.raises(ValidationError) as refusal:
            services.create_scale(actor=coordinator, name="Nursing scale", levels=levels)
        assert "levels" in refusal.value.message_dict
    assert not Scale.objects.filter(name="Nursing scale").exists()

    scale = services.create_scale(actor=coordinator, name="Nursing scale", levels=[(2, "Alone"), (1, "With help")])
    assert list(scale.levels.values_list("value", "label")) == [(1, "With help"), (2, "Alone")]


def test_only_coordinators_create_scales():
    with pytest.raises(PermissionDenied):
        services.create_scale(actor=FacultyFactory(), name="Mine", levels=[(1, "a"), (2, "b")])


def test_the_trainee_cancels_a_request_and_its_link_stops_working():
    assessment, token = request(UserFactory())
    services.cancel_assessment(actor=assessment.trainee, assessment=assessment)

    with pytest.raises(ValidationError):
        services.complete_assessment(actor=None, assessment=assessment, token=token, level=3)
    with pytest.raises(ConflictError):
        services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=3)


def test_an_unanswered_request_is_reminded_once_with_a_new_link_and_then_expires():
    assessment, first_token = request(UserFactory())
    later = timezone.now() + datetime.timedelta(days=4)

    assert services.remind_and_expire_assessments(now=later) == (0, 1)
    assert services.remind_and_expire_assessments(now=later) == (0, 0)
    reminder = Notification.objects.filter(recipient=assessment.supervisor).latest("pk")
    assert reminder.subject.startswith("Reminder")
    new_token = token_in(reminder.body, assessment)
    with pytest.raises(ValidationError):
        services.assessment_for_link(assessment_id=assessment.pk, token=first_token)
    assert services.assessment_for_link(assessment_id=assessment.pk, token=new_token) == assessment

    assert services.remind_and_expire_assessments(now=later + datetime.timedelta(days=4)) == (1, 0)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.link_digest) == ("expired", "")


# Supervisors and the competence committee


def _committee(*, members, trainees) -> Committee:
    committee = Committee.objects.create(name="Paediatrics competence committee", framework=FrameworkFactory())
    committee.members.add(*members)
    committee.trainees.add(*trainees)
    return committee


def test_a_supervisor_raises_a_concern_about_a_trainee_who_asked_them():
    assessment, _token = request(UserFactory())
    concern = services.raise_concern(actor=assessment.supervisor, trainee=assessment.trainee, text="Hesitant")
    assert concern.raised_by == assessment.supervisor


def test_a_concern_is_told_to_the_trainees_committee_without_its_text():
    assessment, _token = request(UserFactory())
    member, raiser = FacultyFactory(), assessment.supervisor
    committee = Committee.objects.create(name="CCC", framework=assessment.epa.framework)
    committee.members.add(member, raiser)
    committee.trainees.add(assessment.trainee)

    services.raise_concern(actor=raiser, trainee=assessment.trainee, text="Hesitant with the airway")

    [told] = Notification.objects.filter(subject__startswith="A concern was raised")
    assert told.recipient == member
    assert f"/competencies/progress/{assessment.trainee.pk}/" in told.body
    assert "Hesitant" not in told.body


def test_a_trainee_on_their_own_committee_is_not_told_of_a_concern_about_them():
    assessment, _token = request(FacultyFactory())
    committee = Committee.objects.create(name="CCC", framework=assessment.epa.framework)
    committee.members.add(assessment.trainee)
    committee.trainees.add(assessment.trainee)

    services.raise_concern(actor=assessment.supervisor, trainee=assessment.trainee, text="Hesitant")

    assert not Notification.objects.filter(subject__startswith="A concern was raised").exists()


def test_a_stranger_cannot_raise_a_concern():
    with pytest.raises(PermissionDenied):
        services.raise_concern(actor=FacultyFactory(), trainee=UserFactory(), text="Hesitant")
    assert not Concern.objects.exists()


def test_a_committee_member_records_a_decision_for_a_trainee_of_the_committee():
    member, trainee = FacultyFactory(), UserFactory()
    committee = _committee(members=[member], trainees=[trainee])

    decision = services.record_decision(
        actor=member, committee=committee, trainee=trainee, stage="core", rationale="Entrusted on 4 of 5 EPAs."
    )

    assert (decision.stage, decision.decided_by) == ("core", member)


def test_only_members_record_decisions_not_supervisors_or_the_office():
    member, trainee = FacultyFactory(), UserFactory()
    committee = _committee(members=[member], trainees=[trainee])
    assessment, _token = request(trainee)
    for outsider in (assessment.supervisor, CoordinatorFactory(), trainee):
        with pytest.raises(PermissionDenied):
            services.record_decision(actor=outsider, committee=committee, trainee=trainee, stage="core", rationale="x")
    assert not CommitteeDecision.objects.exists()


def test_a_decision_about_someone_outside_the_committee_or_without_rationale_is_refused():
    member, trainee = FacultyFactory(), UserFactory()
    committee = _committee(members=[member], trainees=[trainee])
    with pytest.raises(ValidationError) as refusal:
        services.record_decision(actor=member, committee=committee, trainee=UserFactory(), stage="core", rationale="x")
    assert "trainee" in refusal.value.message_dict
    for field, values in {
        "stage": {"stage": "graduated", "rationale": "x"},
        "rationale": {"stage": "core", "rationale": " "},
    }.items():
        with pytest.raises(ValidationError) as refusal:
            services.record_decision(actor=member, committee=committee, trainee=trainee, **values)
        assert field in refusal.value.message_dict
    assert not CommitteeDecision.objects.exists()
