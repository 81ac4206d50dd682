"""Evidence flows in by itself from every kind of training, points back at its source, and is
withdrawn when its source is revoked or superseded."""

import pytest

from certificates import services as certificate_services
from certificates.models import Certificate
from competencies.models import Evidence, EvidenceKind
from courses import services as course_services
from fellowships import services as fellowship_services
from fellowships.models import Status
from live import services as live_services
from live.models import Registration
from simulation import services as simulation_services
from tests.competencies.factories import CompetencyFactory, EPAFactory, link
from tests.courses.factories import assignment_block, lessons_of, make_course, quiz_block
from tests.factories import CoordinatorFactory, UserFactory
from tests.fellowships.conftest import advance
from tests.fellowships.factories import ApplicationFactory
from tests.live.factories import RegistrationFactory, SessionFactory, ended

pytestmark = pytest.mark.django_db

RIGHT = [[1], [0, 2]]


def _live(learner) -> list[tuple[str, int]]:
    return sorted(
        Evidence.objects.filter(learner=learner, withdrawn_at__isnull=True).values_list("kind", "competency_id")
    )


def test_completing_a_linked_course_is_evidence_of_its_competencies(django_capture_on_commit_callbacks):
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>Read</p>"}]])
    competency = CompetencyFactory()
    link(course, competency=competency)
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])

    evidence = Evidence.objects.get(learner=learner)
    assert (evidence.kind, evidence.competency, evidence.title) == (
        EvidenceKind.COURSE_COMPLETED,
        competency,
        course.title,
    )
    assert evidence.source == learner.enrolments.get()


def test_a_course_linked_to_an_epa_is_evidence_of_the_epas_competencies(django_capture_on_commit_callbacks):
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>Read</p>"}]])
    first, second = CompetencyFactory(), CompetencyFactory()
    epa = EPAFactory()
    epa.competencies.add(first, second)
    link(course, epa=epa)
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])

    assert _live(learner) == sorted([("course_completed", first.pk), ("course_completed", second.pk)])


def test_a_passed_quiz_is_evidence_and_a_failed_one_is_not():
    course = make_course(lessons=[[quiz_block()], [{"type": "paragraph", "value": "<p>More</p>"}]])
    competency = CompetencyFactory()
    link(course, competency=competency)
    lesson = lessons_of(course)[0]
    block_id = lesson.activities()[0].id
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)

    course_services.submit_quiz(actor=learner, lesson=lesson, block_id=block_id, answers=[[0], [1]])
    assert _live(learner) == []
    attempt = course_services.submit_quiz(actor=learner, lesson=lesson, block_id=block_id, answers=RIGHT)

    assert _live(learner) == [("quiz_passed", competency.pk)]
    assert Evidence.objects.get().source == attempt


def test_a_passed_assignment_is_evidence_when_graded():
    course = make_course(lessons=[[assignment_block()], [{"type": "paragraph", "value": "<p>More</p>"}]])
    competency = CompetencyFactory()
    link(course, competency=competency)
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)
    submission = course_services.submit_assignment(
        actor=learner, lesson=lesson, block_id=lesson.activities()[0].id, text="My reflection"
    )
    assert _live(learner) == []

    course_services.grade_submission(actor=course.faculty.get(), submission=submission, levels=[1, 2])

    assert _live(learner) == [("assignment_passed", competency.pk)]


def test_each_checklist_item_done_is_evidence_of_its_own_competency(held_session):
    facilitator, booking, critical, other = held_session
    ventilation, calling = CompetencyFactory(), CompetencyFactory()
    link(critical, competency=ventilation)
    link(other, competency=calling)
    simulation_services.mark_attendance(actor=facilitator, booking=booking, attended=True)

    simulation_services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "not_done"})

    assert _live(booking.participant) == [("checklist_item", ventilation.pk)]


def test_re_rating_a_checklist_item_as_not_done_withdraws_its_evidence(held_session):
    facilitator, booking, critical, other = held_session
    ventilation = CompetencyFactory()
    link(critical, competency=ventilation)
    simulation_services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    simulation_services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "done"})

    simulation_services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "partly", other.pk: "done"})

    assert _live(booking.participant) == []
    withdrawn = Evidence.objects.get(learner=booking.participant)
    assert (withdrawn.withdrawn_reason, withdrawn.competency) == ("superseded", ventilation)


def _placement():
    coordinator = CoordinatorFactory()
    application = ApplicationFactory()
    type(application).objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW)
    application.refresh_from_db()
    application = advance(application, Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS, coordinator=coordinator)
    return application.placement


def test_a_countersigned_logbook_entry_is_evidence_of_the_programmes_competencies():
    placement = _placement()
    competency = CompetencyFactory()
    link(placement.application.intake.programme, competency=competency)
    entry = fellowship_services.add_logbook_entry(
        actor=placement.application.applicant,
        placement=placement,
        day=placement.starts_on,
        activity="Ward round",
        hours=4,
    )
    assert _live(placement.application.applicant) == []

    fellowship_services.countersign(actor=placement.supervisor, entry=entry)

    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.title, evidence.occurred_on, evidence.source) == (
        "logbook_entry",
        "Ward round",
        placement.starts_on,
        entry,
    )


def test_a_satisfactory_final_evaluation_is_evidence_and_an_unsatisfactory_one_is_not():
    satisfactory, unsatisfactory = _placement(), _placement()
    competency = CompetencyFactory()
    for placement in (satisfactory, unsatisfactory):
        link(placement.application.intake.programme, competency=competency)
    ratings = {"clinical_knowledge": 4, "clinical_skills": 4, "professionalism": 5, "communication": 4}

    fellowship_services.evaluate(actor=satisfactory.supervisor, placement=satisfactory, satisfactory=True, **ratings)
    fellowship_services.evaluate(
        actor=unsatisfactory.supervisor, placement=unsatisfactory, satisfactory=False, **ratings
    )

    assert _live(satisfactory.application.applicant) == [("placement_evaluation", competency.pk)]
    assert _live(unsatisfactory.application.applicant) == []


def test_attending_a_live_session_for_credit_is_evidence_and_falling_below_the_threshold_withdraws_it():
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=10)
    competency = CompetencyFactory()
    link(registration.session.series, competency=competency)
    coordinator = CoordinatorFactory()

    live_services.adjust_attendance(actor=coordinator, registration=registration, minutes=55, reason="By phone")
    assert _live(registration.person) == [("session_attended", competency.pk)]

    live_services.adjust_attendance(actor=coordinator, registration=registration, minutes=5, reason="Left early")
    assert _live(registration.person) == []
    assert Evidence.objects.get().withdrawn_reason == "attendance below the threshold"


def test_a_presented_case_is_evidence_once_the_experts_have_discussed_it():
    from tests.live.test_services import CASE

    session = SessionFactory()
    competency = CompetencyFactory()
    link(session.series, competency=competency)
    presenter = UserFactory()
    case = live_services.submit_case(actor=presenter, session=session, **CASE)
    assert _live(presenter) == []

    live_services.record_recommendations(
        actor=session.series.faculty.first(), case=case, recommendations="Start antibiotics."
    )

    assert _live(presenter) == [("case_presented", competency.pk)]


def test_revoking_the_certificate_withdraws_the_evidence_of_what_it_certified(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(session=ended(SessionFactory()), minutes_attended=10)
    competency = CompetencyFactory()
    link(registration.session.series, competency=competency)
    coordinator = CoordinatorFactory()
    live_services.adjust_attendance(actor=coordinator, registration=registration, minutes=55, reason="By phone")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = live_services.evaluate_and_claim(
            actor=registration.person,
            registration=Registration.objects.get(pk=registration.pk),
            relevance=5,
            change_practice="yes",
        )

    certificate_services.revoke_certificate(
        actor=coordinator, certificate=Certificate.objects.get(pk=certificate.pk), reason="Attendance misreported"
    )

    assert _live(registration.person) == []
    assert Evidence.objects.get().withdrawn_reason == "certificate revoked"


def test_an_unlinked_activity_leaves_no_evidence(django_capture_on_commit_callbacks):
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>Read</p>"}]])
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])

    assert not Evidence.objects.exists()
