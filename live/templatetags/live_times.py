"""Session times in the series' own time zone, named.

A series runs at 14:00 in Madrid or in Kigali (its `time_zone`); partner hospitals read the
pages from anywhere. Times were shown in the site's zone with no name, so a clinician in
Kigali could not tell which 14:00 was meant. Every session time on the pages and in the emails
is now the series' local time followed by the zone's name, in the reader's date format."""

from zoneinfo import ZoneInfo

from django import template
from django.utils.formats import date_format, time_format

from lms.templatetags.dates import weekday_and

register = template.Library()


@register.filter
def session_when(session, style: str = "long") -> str:
    """ "Thursday 3 December 2026, 14:00–15:30 (Europe/Madrid)"; `short` for lists."""
    zone = ZoneInfo(session.series.time_zone)
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    day = weekday_and(start, "DATE_FORMAT") if style == "long" else date_format(start, "D j M Y")
    return f"{day}, {time_format(start, 'H:i')}–{time_format(end, 'H:i')} ({session.series.time_zone})"


@register.filter
def zoned(moment, series) -> str:
    """One moment in the series' zone, named: a moved session's former start."""
    zone = ZoneInfo(series.time_zone)
    local = moment.astimezone(zone)
    return f"{weekday_and(local, 'DATE_FORMAT')}, {time_format(local, 'H:i')} ({series.time_zone})"
