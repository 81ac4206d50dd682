"""Dashboard panels of competencies: the learner's record and EPA requests, and the
supervisor's queue of assessments to complete."""

from django.utils.translation import gettext_lazy as _

from lms.dashboard import Panel

from . import selectors
from .models import Assessment, Framework


def my_record(request, user) -> Panel:
    waiting = selectors.visible_assessments(user=user).filter(trainee=user, status=Assessment.Status.REQUESTED)
    return Panel(
        title=_("Training record"),
        template="competencies/panels/record.html",
        context={"waiting": waiting.count()},
        order=60,
    )


def assessing(request, user) -> Panel | None:
    queue = list(selectors.supervisor_queue(user=user).order_by("requested_at", "pk")[:5])
    return Panel(
        title=_("EPA assessments to complete"),
        template="competencies/panels/queue.html",
        context={"queue": queue},
        order=50,
    )


def competencies_office(request, user) -> Panel:
    """The training office: frameworks and what each training trains, and trainees' progress."""
    return Panel(
        title=_("Competencies"),
        template="competencies/panels/office.html",
        context={"frameworks": Framework.objects.count()},
        order=70,
    )
