"""Reads shared by the simulation pages and the API, annotated so lists stay flat."""

from datetime import timedelta

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from lms.models import User

from .models import Booking, Session


def with_occupancy(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return (
        sessions.select_related("scenario", "room")
        .annotate(
            confirmed_count=Count("bookings", filter=Q(bookings__status__in=Booking.PLACE_STATUSES), distinct=True),
            waitlist_length=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED), distinct=True),
        )
        .annotate(places_left=Greatest(F("places") - F("confirmed_count"), Value(0)))
    )


def upcoming_sessions() -> QuerySet[Session]:
    """Scheduled sessions still to start, soonest first; filter them with filters.SessionFilter."""
    sessions = Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=timezone.now())
    return with_occupancy(sessions).order_by("starts_at")


def with_waitlist_position(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    ahead = (
        Booking.objects.filter(
            session=OuterRef("session"), status=Booking.Status.WAITLISTED, waitlisted_at__lt=OuterRef("waitlisted_at")
        )
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return bookings.annotate(
        people_ahead=Coalesce(Subquery(ahead), 0),
    )


def my_bookings(*, user: User) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(participant=user).select_related("session__scenario", "session__room")
    return with_waitlist_position(bookings).order_by("-session__starts_at", "-pk")


def facilitated_sessions(*, user: User) -> QuerySet[Session]:
    sessions = Session.objects.all() if user.is_coordinator else Session.objects.filter(facilitators=user)
    return with_occupancy(sessions).order_by("-starts_at", "-pk")


def roster(*, session: Session) -> QuerySet[Booking]:
    return with_waitlist_position(
        session.bookings.select_related("participant", "participant__institution").order_by("status", "booked_at")
    )


def waitlist_position(booking: Booking) -> int | None:
    """1 for the first in line; None unless waitlisted. Needs `people_ahead` (annotated above)."""
    if booking.status != Booking.Status.WAITLISTED:
        return None
    return booking.people_ahead + 1


def bookings_by_session(*, user: User, sessions) -> dict[int, Booking]:
    """The person's live booking (with waitlist position) for each of these sessions, in one query."""
    bookings = Booking.objects.filter(participant=user, session__in=[s.pk for s in sessions]).exclude(
        status=Booking.Status.CANCELLED
    )
    return {booking.session_id: booking for booking in with_waitlist_position(bookings)}


def feed_bookings(*, user: User) -> QuerySet[Booking]:
    """Bookings for a calendar feed: the last 90 days and everything ahead."""
    since = timezone.now() - timedelta(days=90)
    return Booking.objects.filter(participant=user, session__starts_at__gte=since).select_related(
        "session__scenario", "session__room"
    )


def feed_facilitated(*, user: User) -> QuerySet[Session]:
    since = timezone.now() - timedelta(days=90)
    return Session.objects.filter(facilitators=user, starts_at__gte=since).select_related("scenario", "room")
