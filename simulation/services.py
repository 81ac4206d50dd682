"""Every write about simulation training: scheduling with clash detection, booking with a
waitlist that never oversells, cancellation with promotion, attendance, assessment and the
certificate for those who attend and pass."""

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from certificates.models import Kind
from certificates.services import issue_on_completion
from lms.errors import ConflictError
from lms.models import AuditEvent, User
from lms.services import notify, record_event
from lms.workflow import COORDINATOR, SYSTEM, Move, Who, Workflow, owner

from . import evidence
from .models import Booking, CalendarFeed, ItemRating, Room, Scenario, Session, new_feed_token

ERROR_ONLY_COORDINATORS = _("Only coordinators schedule or cancel sessions.")
ERROR_NOT_FACILITATOR = _("Only the session's facilitators (or coordinators) do this.")
ERROR_ENDS_BEFORE_START = _("The session must end after it starts.")
ERROR_PLACES_OVER_CAPACITY = _("The room holds %(capacity)s people: offer at most that many places.")
ERROR_ROOM_CLASH = _("The room %(room)s is already booked for %(session)s.")
ERROR_FACILITATOR_CLASH = _("%(person)s already facilitates %(session)s at that time.")
ERROR_NO_FACILITATOR = _("Name at least one facilitator.")
ERROR_ALREADY_BOOKED = _("You already have a booking for this session.")
ERROR_SESSION_CLOSED = _("This session is no longer open for booking.")
ERROR_PAST_DEADLINE = _("The cancellation deadline for this session has passed: please contact the office.")
ERROR_NOT_CANCELLABLE = _("This booking cannot be cancelled any more.")
ERROR_NOT_STARTED = _("Attendance is taken once the session has started.")
ERROR_NOT_A_PLACE = _("Only people who held a place can be marked present or absent.")
ERROR_NOT_ATTENDED = _("Only participants who attended are assessed.")
ERROR_ALREADY_ASSESSED = _("This participant has been assessed: their attendance can no longer change.")
ERROR_RATINGS_INCOMPLETE = _("Rate every checklist item.")


def _is_facilitator(actor: User | None, obj: Session | Booking) -> bool:
    session = obj if isinstance(obj, Session) else obj.session
    return actor is not None and session.facilitators.filter(pk=actor.pk).exists()


PARTICIPANT = owner("participant_id", _("the participant"))
FACILITATOR = Who(_("the session's facilitators"), _is_facilitator)


def _tell_promoted(booking: Booking, **_context) -> None:
    notify(
        recipient=booking.participant,
        subject=_("You have a place: %(scenario)s"),
        subject_params={"scenario": booking.session.scenario.title},
        template="simulation/email/promoted.txt",
        context={"session": booking.session},
    )


def _tell_session_cancelled(booking: Booking, *, event: AuditEvent, **_context) -> None:
    notify(
        recipient=booking.participant,
        subject=_("Simulation session cancelled: %(scenario)s"),
        subject_params={"scenario": booking.session.scenario.title},
        template="simulation/email/session_cancelled.txt",
        context={"session": booking.session, "reason": event.comment},
    )


# Bookings: a place or the waitlist, given back, promoted, then marked present or absent.
BOOKINGS = Workflow(
    model=Booking,
    related=("session__scenario", "participant"),
    moves=[
        Move("rebook", (Booking.Status.CANCELLED,), Booking.Status.CONFIRMED, PARTICIPANT),
        Move(
            "rejoin_waitlist",
            (Booking.Status.CANCELLED,),
            Booking.Status.WAITLISTED,
            PARTICIPANT,
        ),
        Move(
            "cancel",
            (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED),
            Booking.Status.CANCELLED,
            PARTICIPANT | COORDINATOR,
        ),
        Move(
            "cancel_with_session",
            (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED),
            Booking.Status.CANCELLED,
            COORDINATOR,
            _tell_session_cancelled,
        ),
        Move("promote", (Booking.Status.WAITLISTED,), Booking.Status.CONFIRMED, SYSTEM, _tell_promoted),
        Move(
            "attend",
            (Booking.Status.CONFIRMED, Booking.Status.NO_SHOW),
            Booking.Status.ATTENDED,
            FACILITATOR | COORDINATOR,
        ),
        Move(
            "miss",
            (Booking.Status.CONFIRMED, Booking.Status.ATTENDED),
            Booking.Status.NO_SHOW,
            FACILITATOR | COORDINATOR,
        ),
    ],
)

# Sessions: scheduled until the office calls one off.
SESSIONS = Workflow(
    model=Session,
    moves=[Move("cancel", (Session.Status.SCHEDULED,), Session.Status.CANCELLED, COORDINATOR)],
)


def _require_coordinator(actor: User) -> None:
    if not actor.is_coordinator:
        raise PermissionDenied(ERROR_ONLY_COORDINATORS)


def _require_facilitator(actor: User, session: Session) -> None:
    if not (actor.is_coordinator or _is_facilitator(actor, session)):
        raise PermissionDenied(ERROR_NOT_FACILITATOR)


def _overlapping(starts_at: datetime, ends_at: datetime):
    return Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("scenario", "room")


@transaction.atomic
def schedule_session(
    *,
    actor: User,
    scenario: Scenario,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    places: int,
    facilitators: list[User],
    cancellation_hours: int = 24,
) -> Session:
    """Refuses overlaps: a room or a facilitator is never in two sessions at once. Locking the
    room and the facilitators makes two coordinators scheduling at once wait for each other."""
    _require_coordinator(actor)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ERROR_ENDS_BEFORE_START})
    if not facilitators:
        raise ValidationError({"facilitators": ERROR_NO_FACILITATOR})
    room = Room.objects.select_for_update().get(pk=room.pk)
    list(User.objects.select_for_update().filter(pk__in=[f.pk for f in facilitators]))
    if places > room.capacity:
        raise ValidationError({"places": ERROR_PLACES_OVER_CAPACITY % {"capacity": room.capacity}})
    clashes = _overlapping(starts_at, ends_at)
    room_clash = clashes.filter(room=room).first()
    if room_clash:
        raise ValidationError({"room": ERROR_ROOM_CLASH % {"room": room.name, "session": room_clash}})
    for person in facilitators:
        taken = clashes.filter(facilitators=person).first()
        if taken:
            raise ValidationError(
                {
                    "facilitators": ERROR_FACILITATOR_CLASH
                    % {"person": person.full_name or person.email, "session": taken}
                }
            )
    session = Session.objects.create(
        scenario=scenario,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        places=places,
        cancellation_hours=cancellation_hours,
    )
    session.facilitators.set(facilitators)
    record_event(actor=actor, verb="session.scheduled", target=session)
    return session


@transaction.atomic
def cancel_session(*, actor: User, session: Session, reason: str = "") -> Session:
    """Call a session off: every booking still holding a place or waiting is cancelled and its
    participant told why, in their language."""
    session = SESSIONS.apply(actor=actor, obj=session, name="cancel", comment=reason)
    active = session.bookings.filter(status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED])
    for booking in active.select_related("participant", "session__scenario"):
        BOOKINGS.apply(actor=actor, obj=booking, name="cancel_with_session", comment=reason)
    return session


@dataclass(frozen=True)
class Occupancy:
    confirmed: int
    waitlisted: int


def _occupancy(session: Session) -> Occupancy:
    bookings = session.bookings
    return Occupancy(
        confirmed=bookings.filter(status__in=Booking.PLACE_STATUSES).count(),
        waitlisted=bookings.filter(status=Booking.Status.WAITLISTED).count(),
    )


@transaction.atomic
def book(*, actor: User, session: Session) -> Booking:
    """A place if one is free, else the end of the waitlist. The session row is locked, so
    concurrent bookings for the last place queue up and never oversell it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != Session.Status.SCHEDULED or session.starts_at <= timezone.now():
        raise ConflictError(ERROR_SESSION_CLOSED, code="session_closed")
    existing = Booking.objects.filter(session=session, participant=actor).first()
    if existing and existing.status != Booking.Status.CANCELLED:
        raise ConflictError(ERROR_ALREADY_BOOKED, code="already_booked")
    full = _occupancy(session).confirmed >= session.places
    now = timezone.now()
    if existing:
        return BOOKINGS.apply(
            actor=actor,
            obj=existing,
            name="rejoin_waitlist" if full else "rebook",
            changes={"waitlisted_at": now if full else None},
        )
    booking = Booking.objects.create(
        session=session,
        participant=actor,
        status=Booking.Status.WAITLISTED if full else Booking.Status.CONFIRMED,
        waitlisted_at=now if full else None,
    )
    BOOKINGS.record_creation(actor=actor, obj=booking, session=session.pk)
    return booking


@transaction.atomic
def cancel_booking(*, actor: User, booking: Booking) -> Booking:
    """Before the deadline a person frees their place (or waitlist spot); the first waitlisted
    person is then promoted and told. Coordinators may cancel at any time."""
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    booking = BOOKINGS.lock(booking)
    if booking.participant_id != actor.pk and not actor.is_coordinator:
        raise PermissionDenied(ERROR_NOT_CANCELLABLE)
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED):
        raise ConflictError(ERROR_NOT_CANCELLABLE, code="not_cancellable")
    before = booking.status

    def before_deadline(_booking: Booking) -> None:
        if timezone.now() > session.cancellation_deadline and not actor.is_coordinator:
            raise ConflictError(ERROR_PAST_DEADLINE, code="past_deadline")

    booking = BOOKINGS.apply(
        actor=actor, obj=booking, name="cancel", locked=True, guard=before_deadline, changes={"waitlisted_at": None}
    )
    if before == Booking.Status.CONFIRMED:
        _promote_first_waitlisted(session)
    return booking


def _promote_first_waitlisted(session: Session) -> Booking | None:
    first = (
        Booking.objects.select_for_update()
        .select_related("participant", "session__scenario")
        .filter(session=session, status=Booking.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .first()
    )
    if first is None:
        return None
    return BOOKINGS.apply(
        actor=None,
        obj=first,
        name="promote",
        locked=True,
        changes={"waitlisted_at": None},
        comment="Promoted from the waitlist",
    )


@transaction.atomic
def mark_attendance(*, actor: User, booking: Booking, attended: bool) -> Booking:
    booking = BOOKINGS.lock(booking)
    _require_facilitator(actor, booking.session)
    if booking.session.starts_at > timezone.now():
        raise ConflictError(ERROR_NOT_STARTED, code="not_started")
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
        raise ConflictError(ERROR_NOT_A_PLACE, code="not_a_place")
    target = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
    if booking.status == target:
        return booking
    if booking.result:
        raise ConflictError(ERROR_ALREADY_ASSESSED, code="already_assessed")
    return BOOKINGS.apply(actor=actor, obj=booking, name="attend" if attended else "miss", locked=True)


def score(*, scenario: Scenario, ratings: dict[int, str]) -> tuple[int, bool]:
    """Weighted percentage (done 1, partly ½, not done 0) and whether it passes: a critical
    item not fully done fails whatever the score."""
    values = {ItemRating.Rating.DONE: 1.0, ItemRating.Rating.PARTLY: 0.5, ItemRating.Rating.NOT_DONE: 0.0}
    items = list(scenario.checklist.all())
    total = sum(item.weight for item in items) or 1
    earned = sum(item.weight * values[ratings[item.pk]] for item in items)
    percent = round(100 * earned / total)
    critical_missed = any(item.critical and ratings[item.pk] != ItemRating.Rating.DONE for item in items)
    return percent, (percent >= scenario.pass_mark and not critical_missed)


@transaction.atomic
def assess(*, actor: User, booking: Booking, ratings: dict[int, str], feedback: str = "") -> Booking:
    """Record the checklist, the result and the feedback for the participant; a pass completes
    the training and issues the certificate."""
    booking = Booking.objects.select_for_update().select_related("session__scenario", "participant").get(pk=booking.pk)
    session = booking.session
    _require_facilitator(actor, session)
    if booking.status != Booking.Status.ATTENDED:
        raise ConflictError(ERROR_NOT_ATTENDED, code="not_attended")
    items = {item.pk: item for item in session.scenario.checklist.all()}
    if set(ratings) != set(items) or any(value not in ItemRating.Rating.values for value in ratings.values()):
        raise ValidationError({"ratings": ERROR_RATINGS_INCOMPLETE})
    booking.ratings.all().delete()
    ItemRating.objects.bulk_create(
        [ItemRating(booking=booking, item=items[item_id], rating=value) for item_id, value in ratings.items()]
    )
    percent, passed = score(scenario=session.scenario, ratings=ratings)
    booking.score = percent
    booking.result = Booking.Result.PASSED if passed else Booking.Result.FAILED
    booking.feedback = feedback
    booking.save(update_fields=["score", "result", "feedback"])
    record_event(actor=actor, verb="booking.assessed", target=booking, result=booking.result, score=percent)
    evidence.booking_assessed(booking, passed=passed)
    if passed:
        issue_on_completion(completion=completion(booking))
    return booking


def completion(booking: Booking) -> Completion:
    """What the certificate of a passed booking says (shared with the cohort provider)."""
    session = booking.session
    scenario = session.scenario
    day = timezone.localdate(session.starts_at)
    return Completion(
        recipient=booking.participant,
        kind=Kind.SIMULATION,
        title=scenario.title,
        source=booking,
        hours=scenario.hours,
        started_on=day,
        ended_on=day,
        expires_on=day + relativedelta(months=scenario.validity_months) if scenario.validity_months else None,
        faculty=tuple(session.facilitators.all()),
        credits=tuple(credit.as_credit() for credit in scenario.credits.all()),
    )


@transaction.atomic
def write_debrief(*, actor: User, session: Session, notes: str) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_facilitator(actor, session)
    session.debrief_notes = notes
    session.save(update_fields=["debrief_notes"])
    record_event(actor=actor, verb="session.debriefed", target=session)
    return session


@transaction.atomic
def reset_calendar_feed(*, actor: User) -> CalendarFeed:
    """Give the person's calendar feed a new token; the old URL then answers 404."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=actor)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    record_event(actor=actor, verb="calendar_feed.reset", target=feed)
    return feed
