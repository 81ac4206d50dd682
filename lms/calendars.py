"""What every calendar file of the site shares (simulation bookings, live sessions): the
VCALENDAR header and the host that makes event UIDs unique to this site."""

from django.conf import settings
from icalendar import Calendar


def new_calendar(name: str, *, product: str) -> Calendar:
    """An empty VCALENDAR named `name`, from `product` (e.g. "Live training")."""
    calendar = Calendar()
    calendar.add("prodid", f"-//International Training Office//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def uid_host() -> str:
    """The site's host, the right-hand side of every event UID (RFC 5545 wants them global)."""
    return settings.SITE_URL.split("://")[-1]
