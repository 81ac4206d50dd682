"""Cohort provider for batch issuance: everyone who completed a course."""

from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion

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
