"""Dashboard panels of live training."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.dashboard import Panel

from . import selectors
from .models import Registration


def my_live_sessions(request, user) -> Panel:
    upcoming = list(
        selectors.my_registrations(user=user)
        .filter(status=Registration.Status.REGISTERED, session__ends_at__gt=timezone.now())
        .order_by("session__starts_at")[:5]
    )
    return Panel(
        title=_("Live clinical sessions"),
        template="live/panels/mine.html",
        context={"upcoming": upcoming},
        order=45,
    )


def teaching(request, user) -> Panel:
    upcoming = list(selectors.taught_sessions(user=user).filter(ends_at__gt=timezone.now()).order_by("starts_at")[:5])
    return Panel(
        title=_("Live sessions you teach"),
        template="live/panels/teaching.html",
        context={"sessions": upcoming},
        order=45,
    )
