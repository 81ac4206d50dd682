"""Personal data of simulation training (see lms/privacy.py)."""

from lms.privacy import Holding

from .models import Booking, CalendarFeed, ItemRating, Session

HOLDINGS = [
    Holding(Booking, "participant", "Your bookings, attendance, results and feedback.", "delete"),
    Holding(ItemRating, "booking__participant", "Your checklist assessments.", "delete"),
    Holding(CalendarFeed, "user", "Your private calendar feed address.", "delete"),
    Holding(Session, "facilitators", "Sessions you facilitate.", "keep: removed by the office", exported=False),
]
