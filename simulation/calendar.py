"""iCalendar (RFC 5545) output with the `icalendar` library: one event per session, times in the
office's time zone with its VTIMEZONE, so calendar apps abroad show the right local hour."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event

from lms.calendars import new_calendar, uid_host

from .models import Booking, Session


def _event(session: Session, *, status_note: str = "", cancelled: bool = False) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    # Stable per session, so a feed update moves or cancels the same event in the reader's calendar.
    event.add("uid", f"simulation-session-{session.pk}@{uid_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.scenario.title)
    event.add("location", session.room.name)
    description = session.scenario.learning_objectives
    if status_note:
        description = f"{status_note}\n\n{description}"
    event.add("description", description)
    event.add("url", settings.SITE_URL + reverse("simulation:session", args=[session.pk]))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def booking_calendar(booking: Booking) -> bytes:
    calendar = new_calendar(booking.session.scenario.title, product="Simulation training")
    calendar.add_component(
        _event(
            booking.session,
            status_note=booking.get_status_display(),
            cancelled=booking.status == Booking.Status.CANCELLED or booking.session.status == Session.Status.CANCELLED,
        )
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def personal_feed(*, bookings: Iterable[Booking], facilitated: Iterable[Session], name: str) -> bytes:
    """A person's sessions: those they hold a place or a waitlist spot in, and those they
    facilitate. Cancelled ones stay in as cancelled events so calendars remove them."""
    calendar = new_calendar(name, product="Simulation training")
    seen = set()
    for session in facilitated:
        seen.add(session.pk)
        calendar.add_component(
            _event(session, status_note="Facilitator", cancelled=session.status == Session.Status.CANCELLED)
        )
    for booking in bookings:
        if booking.session_id in seen:
            continue
        calendar.add_component(
            _event(
                booking.session,
                status_note=booking.get_status_display(),
                cancelled=booking.status == Booking.Status.CANCELLED
                or booking.session.status == Session.Status.CANCELLED,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
