"""Cohort provider for batch issuance: everyone who completed a course."""

from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from lms.models import User

from .models import CoursePage, Enrolment
from .services import completion


class CourseCohorts:
    key = "course"
    label = _("Online course")

    def cohorts(self) -> list[tuple[str, str]]:
        courses = CoursePage.objects.filter(enrolments__status=Enrolment.Status.COMPLETED).distinct().order_by("title")
        return [(str(course.pk), course.title) for course in courses]

    def completions(self, cohort_id: str) -> list[Completion]:
        enrolments = (
            Enrolment.objects.filter(course_id=cohort_id, status=Enrolment.Status.COMPLETED)
            .select_related("learner", "course")
            .prefetch_related("course__faculty", "course__credits")
        )
        return [completion(enrolment) for enrolment in enrolments]

    def not_eligible(self, cohort_id: str) -> list[tuple[User, str]]:
        enrolments = (
            Enrolment.objects.filter(course_id=cohort_id)
            .exclude(status=Enrolment.Status.COMPLETED)
            .select_related("learner")
            .order_by("learner__full_name")
        )
        return [
            (enrolment.learner, _("Course not completed (%(status)s)") % {"status": enrolment.get_status_display()})
            for enrolment in enrolments
        ]
