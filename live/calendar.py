"""iCalendar output with the `icalendar` library: one session, or a whole series as one
recurring event (its RRULE, with the series' time zone), where cancelled sessions are EXDATEs
and moved ones are overriding events with their RECURRENCE-ID, as RFC 5545 has it."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event, vRecur

from lms.calendars import new_calendar, uid_host

from .models import Series, Session


def _where(series: Series) -> str:
    """The room only: calendar files are public, and the video link and dial-in are for the
    people registered (they read them on the session page and in the reminder)."""
    return series.room


def _base_event(series: Series, uid: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", series.title)
    event.add("location", _where(series))
    event.add("description", series.summary)
    return event


def session_calendar(session: Session) -> bytes:
    series = session.series
    zone = ZoneInfo(series.time_zone)
    calendar = new_calendar(series.title, product="Live training")
    event = _base_event(series, f"live-session-{session.pk}@{uid_host()}")
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("url", settings.SITE_URL + reverse("live:session", args=[session.pk]))
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def series_calendar(series: Series, sessions: list[Session]) -> bytes:
    """The recurring event, its exceptions and its moved sessions."""
    zone = ZoneInfo(series.time_zone)
    uid = f"live-series-{series.pk}@{uid_host()}"
    calendar = new_calendar(series.title, product="Live training")
    first = min(sessions, key=lambda session: session.occurrence) if sessions else None
    if first is None:
        return calendar.to_ical()
    master = _base_event(series, uid)
    master.add("dtstart", first.occurrence.astimezone(zone))
    master.add("dtend", first.occurrence.astimezone(zone) + (first.ends_at - first.starts_at))
    master.add("rrule", vRecur.from_ical(series.recurrence.removeprefix("RRULE:")))
    master.add("url", settings.SITE_URL + reverse("live:series", args=[series.pk]))
    cancelled = [s.occurrence.astimezone(zone) for s in sessions if s.status == Session.Status.CANCELLED]
    if cancelled:
        master.add("exdate", cancelled)
    calendar.add_component(master)
    for session in sessions:
        if session.status == Session.Status.SCHEDULED and session.starts_at != session.occurrence:
            moved = _base_event(series, uid)
            moved.add("recurrence-id", session.occurrence.astimezone(zone))
            moved.add("dtstart", session.starts_at.astimezone(zone))
            moved.add("dtend", session.ends_at.astimezone(zone))
            calendar.add_component(moved)
    calendar.add_missing_timezones()
    return calendar.to_ical()
