"""Dashboard panels of the simulation app."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.dashboard import Panel

from . import selectors
from .models import Booking


def my_sessions(request, user) -> Panel:
    upcoming = list(
        selectors.my_bookings(user=user)
        .filter(session__starts_at__gt=timezone.now(), status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED])
        .order_by("session__starts_at")[:5]
    )
    results = list(selectors.my_bookings(user=user).exclude(result="")[:5])
    return Panel(
        title=_("Simulation training"),
        template="simulation/panels/mine.html",
        context={"upcoming": upcoming, "results": results},
        order=40,
    )


def facilitating(request, user) -> Panel:
    upcoming = list(
        selectors.facilitated_sessions(user=user).filter(starts_at__gt=timezone.now()).order_by("starts_at")[:5]
    )
    return Panel(
        title=_("Simulation sessions you facilitate"),
        template="simulation/panels/facilitating.html",
        context={"sessions": upcoming},
        order=40,
    )


def office(request, user) -> Panel:
    return Panel(title=_("Simulation centre"), template="simulation/panels/office.html", context={}, order=40)
