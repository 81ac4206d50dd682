"""The enrolment and submission tables, pair by pair, through `Workflow.apply` itself (the
services add prerequisites, attempts and rubrics on top: see test_learning.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from courses import services
from courses.models import Enrolment, Submission
from courses.services import ENROLMENTS, SUBMISSIONS
from tests.courses.factories import assignment_block, lessons_of, make_course
from tests.factories import CoordinatorFactory, UserFactory
from tests.transitions import assert_applied, assert_denied, assert_refused, events_of, in_status, pairs

pytestmark = pytest.mark.django_db


def _enrolment(status: str) -> Enrolment:
    return in_status(services.enrol(actor=UserFactory(), course=make_course()), status)


def _submission(status: str) -> Submission:
    course = make_course(lessons=[[assignment_block()]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    submission = services.submit_assignment(
        actor=learner, lesson=lesson, block_id=lesson.activities()[0].id, text="My answer"
    )
    return in_status(submission, status)


def _actor_for(move, obj):
    """The first of the learner, the course's faculty, a coordinator and the system the move admits."""
    enrolment = obj if isinstance(obj, Enrolment) else obj.enrolment
    candidates = [enrolment.learner, enrolment.course.faculty.get(), CoordinatorFactory(), None]
    return next(actor for actor in candidates if move.who(actor, obj))


# Enrolments


@pytest.mark.parametrize(("before", "name"), pairs(ENROLMENTS, Enrolment.Status.values, allowed=True))
def test_every_allowed_enrolment_move_is_applied_and_recorded(before, name, django_capture_on_commit_callbacks):
    assert_applied(
        ENROLMENTS, _enrolment(before), name, f"enrolment.{name}", django_capture_on_commit_callbacks, _actor_for
    )


@pytest.mark.parametrize(("before", "name"), pairs(ENROLMENTS, Enrolment.Status.values, allowed=False))
def test_every_other_enrolment_move_is_refused_and_changes_nothing(before, name):
    assert_refused(ENROLMENTS, _enrolment(before), name, _actor_for)


@pytest.mark.parametrize("name", [move.name for move in ENROLMENTS.moves])
def test_another_learner_may_make_no_move_on_someone_elses_enrolment(name):
    assert_denied(ENROLMENTS, _enrolment(ENROLMENTS.move(name).sources[0]), name, UserFactory())


# Submissions


@pytest.mark.parametrize(("before", "name"), pairs(SUBMISSIONS, Submission.Status.values, allowed=True))
def test_every_allowed_submission_move_is_applied_and_recorded(before, name, django_capture_on_commit_callbacks):
    assert_applied(
        SUBMISSIONS, _submission(before), name, f"submission.{name}", django_capture_on_commit_callbacks, _actor_for
    )


@pytest.mark.parametrize(("before", "name"), pairs(SUBMISSIONS, Submission.Status.values, allowed=False))
def test_every_other_submission_move_is_refused_and_changes_nothing(before, name):
    assert_refused(SUBMISSIONS, _submission(before), name, _actor_for)


def test_a_learner_cannot_grade_their_own_submission():
    submission = _submission(Submission.Status.SUBMITTED)
    events = events_of(submission).count()

    with pytest.raises(PermissionDenied):
        SUBMISSIONS.apply(actor=submission.enrolment.learner, obj=submission, name="grade")

    submission.refresh_from_db()
    assert (submission.status, events_of(submission).count()) == (Submission.Status.SUBMITTED, events)
