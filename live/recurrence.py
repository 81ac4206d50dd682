"""A series' recurrence: an RFC 5545 RRULE (python-dateutil reads it) run on the local wall
clock of the series' time zone, so 14:00 in Madrid is 14:00 in winter and in summer (13:00 or
12:00 UTC). A start falling in the hour skipped when clocks go forward is read with the offset
before the change (zoneinfo's fold=0), i.e. an hour later on the clock."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_OCCURRENCES = 200
HORIZON_DAYS = 400  # a rule with neither COUNT nor UNTIL is generated this far ahead

ERROR_RECURRENCE = _("This is not a recurrence rule we can read: %(error)s")
ERROR_FIRST_DAY = _("Choose a first day within the next few years.")
ERROR_TIME_ZONE = _("Unknown time zone: use a name such as Europe/Madrid.")


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"time_zone": str(ERROR_TIME_ZONE)}) from error


def occurrences(*, first_day: date, start_time: time, time_zone: str, rule: str) -> list[datetime]:
    """The starts the rule gives, as aware datetimes, at most MAX_OCCURRENCES and HORIZON_DAYS."""
    zone = zone_of(time_zone)
    first = datetime.combine(first_day, start_time)
    if not (rule or "").strip():
        raise ValidationError({"recurrence": str(ERROR_RECURRENCE) % {"error": _("empty")}})
    try:
        horizon = first + timedelta(days=HORIZON_DAYS)
    except OverflowError as error:
        raise ValidationError({"first_day": str(ERROR_FIRST_DAY)}) from error
    try:
        parsed = rrulestr(rule.strip().removeprefix("RRULE:"), dtstart=first)
        starts = []
        for local in parsed:
            if local > horizon or len(starts) >= MAX_OCCURRENCES:
                break
            # In UTC, so that adding the duration is real time, not wall-clock time.
            starts.append(local.replace(tzinfo=zone).astimezone(UTC))
    except (ValueError, TypeError, OverflowError) as error:
        raise ValidationError({"recurrence": str(ERROR_RECURRENCE) % {"error": error}}) from error
    return starts
