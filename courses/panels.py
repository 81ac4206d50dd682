"""Dashboard panels of the courses app."""

from django.utils.translation import gettext_lazy as _

from cms.i18n import attach_localized, localized_titles
from lms.dashboard import Panel

from . import selectors


def my_courses(request, user) -> Panel:
    enrolments = attach_localized(selectors.my_enrolments(user=user)[:10], {"course": "course_shown"})
    return Panel(
        title=_("Online courses"),
        template="courses/panels/mine.html",
        context={"rows": [(e, selectors.progress_percent(e)) for e in enrolments]},
        order=10,
    )


def teaching(request, user) -> Panel:
    return Panel(
        title=_("Online courses you teach"),
        template="courses/panels/teaching.html",
        context={
            "to_grade": selectors.grading_queue(user=user).count(),
            "courses": localized_titles(selectors.taught_courses(user=user)[:10]),
        },
        order=10,
    )
