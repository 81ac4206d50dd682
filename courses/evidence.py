"""What online courses tell competencies: a course (its page) is something a coordinator links
to competencies and EPAs; a completed course, a passed quiz and a passed assignment are
evidence of what it is linked to."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.i18n import page_choices
from competencies.models import EvidenceKind
from competencies.registry import TrainingKind, register_training_kind
from competencies.services import record_evidence

from .models import CoursePage, Enrolment, QuizAttempt, Submission


def _courses():
    return page_choices(CoursePage.objects.live())


def register() -> None:
    register_training_kind(TrainingKind("course", _("Online course"), CoursePage, _courses))


def course_completed(enrolment: Enrolment) -> None:
    record_evidence(
        learner=enrolment.learner,
        source=enrolment,
        trains=[enrolment.course],
        kind=EvidenceKind.COURSE_COMPLETED,
        title=enrolment.course.title,
        occurred_on=timezone.localdate(enrolment.completed_at),
    )


def quiz_passed(attempt: QuizAttempt, course: CoursePage) -> None:
    record_evidence(
        learner=attempt.enrolment.learner,
        source=attempt,
        trains=[course],
        kind=EvidenceKind.QUIZ_PASSED,
        title=f"{course.title}: {attempt.lesson.title}",
        occurred_on=timezone.localdate(attempt.submitted_at),
    )


def assignment_passed(submission: Submission, course: CoursePage) -> None:
    record_evidence(
        learner=submission.enrolment.learner,
        source=submission,
        trains=[course],
        kind=EvidenceKind.ASSIGNMENT_PASSED,
        title=f"{course.title}: {submission.assignment['title']}",
        occurred_on=timezone.localdate(submission.graded_at),
    )
