"""Dashboard panels of the fellowships app."""

from django.utils.translation import gettext_lazy as _

from cms.i18n import attach_localized
from lms.dashboard import Panel

from . import selectors
from .models import Placement, Status


def my_applications(request, user) -> Panel:
    applications = attach_localized(selectors.my_applications(user=user)[:10], {"intake.programme": "programme_shown"})
    return Panel(
        title=_("Observerships and fellowships"),
        template="fellowships/panels/mine.html",
        context={"applications": applications},
        order=20,
    )


def teaching(request, user) -> Panel:
    to_review = selectors.review_queue(user=user).count()
    supervising = list(
        Placement.objects.filter(supervisor=user, application__status=Status.IN_PROGRESS).select_related(
            "application__applicant", "application__intake__programme"
        )[:10]
    )
    return Panel(
        title=_("Applications and trainees"),
        template="fellowships/panels/teaching.html",
        context={"to_review": to_review, "supervising": supervising},
        order=20,
    )


def office(request, user) -> Panel:
    return Panel(
        title=_("Residential programmes"),
        template="fellowships/panels/office.html",
        context={"waiting": selectors.staff_applications(user=user).filter(status=Status.SUBMITTED).count()},
        order=20,
    )
