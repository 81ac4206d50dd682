"""Personal data of simulation training (see lms/privacy.py)."""

from lms.privacy import Holding, blank, delete_rows

from .models import Booking, CalendarFeed, ItemRating, Session

HOLDINGS = [
    Holding(
        Booking,
        "participant",
        "Your bookings, attendance, results and feedback.",
        "keep attendance and results, remove the feedback",
        on_erase=(blank("feedback"),),
    ),
    Holding(ItemRating, "booking__participant", "Your checklist assessments.", "keep: ratings"),
    Holding(CalendarFeed, "user", "Your private calendar feed address.", "delete", on_erase=(delete_rows,)),
    Holding(Session, "facilitators", "Sessions you facilitate.", "keep: removed by the office", exported=False),
]
