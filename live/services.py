"""Every write about live training: sessions from a series' recurrence, moving and cancelling
them, registration, check-in codes, attendance from check-ins, video reports and rosters with
audited corrections, de-identified cases and their recommendations, the evaluation that claims
credit, reminders and the erasure of cases.

Attendance is kept as stretches of presence (`Presence`) from each source; a registration's
minutes are their union within the session, so a check-in and a video report of the same hour
count once. A coordinator's correction (`minutes_adjusted`) wins over the sources and is an
audit event with its reason.
"""

import csv
import hashlib
import io
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion, Entry
from certificates.credit import amount_in_units
from certificates.models import Certificate, Kind
from certificates.services import issue_certificate, issue_on_completion
from lms.errors import ConflictError
from lms.models import User
from lms.services import notify, record_event
from lms.uploads import CheckedUpload, store_private, validate_upload
from lms.workflow import COORDINATOR, Move, Who, Workflow, owner

from . import deidentify, evidence, selectors
from .models import (
    Case,
    CaseAttachment,
    EnduringActivity,
    EnduringAttempt,
    Evaluation,
    Mode,
    PeriodStatement,
    Presence,
    Registration,
    Series,
    Session,
)

CHECK_IN_OPENS_BEFORE = timedelta(minutes=15)
CHECK_IN_GRACE = timedelta(minutes=15)  # the code still works this long after the end
MAX_FAILED_CHECK_INS = 5
VIDEO_REPORT_MAX_BYTES = 2 * 1024 * 1024
CASE_ATTACHMENT_TYPES = ("jpg", "png", "pdf")

ERROR_ONLY_COORDINATORS = _("Only the training office does this.")
ERROR_MOVE_TO_PAST = _("Choose a new start in the future.")
ERROR_MOVE_TOO_FAR = _("Choose a new start within two years.")
MOVE_AT_MOST = timedelta(days=730)
ERROR_ONLY_FACULTY = _("Only the series' faculty or the training office do this.")
ERROR_SESSION_CLOSED = _("This session is over or cancelled: registration is closed.")
ERROR_ALREADY_REGISTERED = _("You are already registered for this session.")
ERROR_FULL = _("The room is full for this session.")
ERROR_NOT_REGISTERED = _("Register for this session first.")
ERROR_CHECK_IN_NOT_OPEN = _("Check-in is not open for this session: it opens when the faculty show the code.")
ERROR_CHECK_IN_TOO_EARLY = _("The code is shown from 15 minutes before the session starts.")
ERROR_WRONG_CODE = _("This is not the code of this session: check it and try again.")
ERROR_TOO_MANY_TRIES = _("Too many wrong codes: ask the session's faculty to mark your attendance.")
ERROR_ALREADY_CHECKED_IN = _("You have already checked in to this session.")
ERROR_NOT_STARTED = _("Attendance is taken once the session has started.")
ERROR_MINUTES_RANGE = _("Enter between 0 and %(maximum)s minutes.")
ERROR_REASON_REQUIRED = _("Say why attendance is being changed.")
ERROR_REPORT_COLUMNS = _(
    "The file needs columns for email, join time and leave time (as in a Zoom, Teams or Jitsi participant report)."
)
ERROR_REPORT_UNREADABLE = _("This file could not be read as a CSV participant report.")
ERROR_REPORT_NO_LINES = _(
    "No line of this report could be read as someone joining on the session's day: nothing was changed."
)
ERROR_REPORT_TOO_BIG = _("The file is too big: at most 2 MB.")
ERROR_CASE_CLOSED = _("Cases are submitted before the session ends.")
ERROR_SCREEN = _(
    "The case may identify the patient: remove each highlighted item or confirm that it does not identify anyone."
)
ERROR_ATTACHMENT_CONFIRM = _("Confirm that the attachments show no name, face, record number or date of birth.")
ERROR_DICOM = _("DICOM files carry the patient's details in their headers: export the image as JPEG or PNG.")
ERROR_CASE_ERASED = _("This case has been erased.")
ERROR_RECOMMENDATIONS_REQUIRED = _("Write the recommendations.")
ERROR_NOT_ENDED = _("Credit is claimed after the session ends.")
ERROR_NOT_ELIGIBLE = _(
    "You attended %(minutes)s of the %(needed)s minutes needed for credit: ask the training office if this is wrong."
)
ERROR_OBSERVER = _("Observers follow sessions without credit.")
ERROR_ALREADY_CLAIMED = _("You have already claimed credit for this session.")
ERROR_ENDURING_CLOSED = _("This recording is open for credit from %(opens)s to %(closes)s.")
ERROR_ENDURING_LIVE_CREDIT = _("You claimed credit for this session live: the recording earns no second credit.")
ERROR_ENDURING_PASSED = _("You have already passed the questions on this recording.")
ERROR_ENDURING_ATTEMPTS = _(
    "You have answered these questions %(count)s times, the most allowed: ask the training office."
)
ERROR_ENDURING_UNANSWERED = _("Answer every question: question %(number)s has no answer.")
ERROR_ENDURING_NOT_HELD = _("This session has not been held yet: its recording earns credit after it.")
ERROR_ENDURING_NO_QUESTIONS = _("This recording has no questions yet: ask the training office.")
ERROR_ENDURING_CREDITED = _("You earned credit for this session from its recording: it earns no second credit.")
MAX_ENDURING_ATTEMPTS = 5
ERROR_PERIOD_ORDER = _("The end of the period comes on or after its start.")
ERROR_PERIOD_FUTURE = _("Choose a period that has ended or ends today.")
ERROR_PERIOD_TOO_LONG = _("Choose a period of at most three years.")
ERROR_PERIOD_EMPTY = _("You have no certificate for a live session between %(start)s and %(end)s.")
PERIOD_AT_MOST = timedelta(days=3 * 366)
# Each new period is a new certificate (a serial, a PDF): enough for anyone's real needs in a
# day, and a bound on what one account can make the renderer do.
NEW_STATEMENTS_PER_DAY = 10
ERROR_STATEMENTS_PER_DAY = _(
    "You have asked for %(count)s certificates for new periods in the last 24 hours: ask again "
    "tomorrow, or download one of those listed below."
)


def _teaches(actor: User | None, obj: Series | Session | Case | Registration) -> bool:
    return selectors.is_series_faculty(user=actor, series_id=_series_id(obj))


def _series_id(obj) -> int:
    if isinstance(obj, Series):
        return obj.pk
    if isinstance(obj, Session):
        return obj.series_id
    return obj.session.series_id


FACULTY = Who(_("the series' faculty"), _teaches)
PERSON = owner("person_id", _("the registered person"))

REGISTRATIONS = Workflow(
    model=Registration,
    related=("session__series", "person"),
    verb_prefix="live_registration",
    moves=[
        Move("cancel", (Registration.Status.REGISTERED,), Registration.Status.CANCELLED, PERSON | COORDINATOR),
        Move("register_again", (Registration.Status.CANCELLED,), Registration.Status.REGISTERED, PERSON),
    ],
)


def _tell_cancelled(session: Session, *, event, **_context) -> None:
    for registration in session.registrations.filter(status=Registration.Status.REGISTERED).select_related("person"):
        notify(
            recipient=registration.person,
            subject=_("Session cancelled: %(series)s"),
            subject_params={"series": session.series.title},
            template="live/email/session_cancelled.txt",
            context={"session": session, "reason": event.comment},
        )


SESSIONS = Workflow(
    model=Session,
    related=("series",),
    verb_prefix="live_session",
    moves=[Move("cancel", (Session.Status.SCHEDULED,), Session.Status.CANCELLED, COORDINATOR, _tell_cancelled)],
)


def _require_coordinator(actor: User) -> None:
    if not actor.is_coordinator:
        raise PermissionDenied(str(ERROR_ONLY_COORDINATORS))


def _require_faculty(actor: User, obj) -> None:
    if not (actor.is_coordinator or _teaches(actor, obj)):
        raise PermissionDenied(str(ERROR_ONLY_FACULTY))


# Sessions from the recurrence ------------------------------------------------------------


@transaction.atomic
def generate_sessions(*, actor: User | None, series: Series) -> list[Session]:
    """Create the sessions the recurrence gives that do not exist yet. Sessions already made
    (and those moved or cancelled since) are left as they are, so this is safe to run after
    every edit of the series."""
    if actor is not None:
        _require_coordinator(actor)
    series = Series.objects.select_for_update().get(pk=series.pk)
    existing = set(series.sessions.values_list("occurrence", flat=True))
    duration = timedelta(minutes=series.duration_minutes)
    new = [
        Session(series=series, occurrence=start, starts_at=start, ends_at=start + duration)
        for start in series.occurrences()
        if start not in existing
    ]
    created = Session.objects.bulk_create(new)
    if created:
        record_event(actor=actor, verb="live_series.sessions_generated", target=series, sessions=len(created))
    return created


@transaction.atomic
def move_session(*, actor: User, session: Session, starts_at: datetime, reason: str = "") -> Session:
    """Move one session (same length); everyone registered is told the new time. What hangs
    on the old time follows it: the day-before reminder is due again, a check-in code shown
    for the old time stops working, and presented cases are erased the same number of days
    after the new end."""
    _require_coordinator(actor)
    session = SESSIONS.lock(session)
    if session.status != Session.Status.SCHEDULED:
        raise SESSIONS.refusal(session)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": ERROR_MOVE_TO_PAST})
    if starts_at > timezone.now() + MOVE_AT_MOST:
        raise ValidationError({"starts_at": ERROR_MOVE_TOO_FAR})
    before = session.starts_at
    length = session.ends_at - session.starts_at
    session.starts_at, session.ends_at = starts_at, starts_at + length
    session.check_in_code, session.check_in_closes_at = "", None
    session.save(update_fields=["starts_at", "ends_at", "check_in_code", "check_in_closes_at"])
    session.registrations.update(reminded_at=None)
    session.cases.exclude(status=Case.Status.ERASED).update(
        erase_after=session.ends_at + timedelta(days=session.series.case_retention_days)
    )
    record_event(
        actor=actor,
        verb="live_session.moved",
        target=session,
        comment=reason,
        moved_from=before.isoformat(),
        moved_to=starts_at.isoformat(),
    )
    for registration in session.registrations.filter(status=Registration.Status.REGISTERED).select_related("person"):
        notify(
            recipient=registration.person,
            subject=_("Session moved: %(series)s"),
            subject_params={"series": session.series.title},
            template="live/email/session_moved.txt",
            context={"session": session, "before": before, "reason": reason},
        )
    return session


def cancel_session(*, actor: User, session: Session, reason: str = "") -> Session:
    """Call one session off; everyone registered is told why, in their language."""
    return SESSIONS.apply(actor=actor, obj=session, name="cancel", comment=reason)


# Registration -----------------------------------------------------------------------------


def _open_for_registration(session: Session) -> bool:
    return session.status == Session.Status.SCHEDULED and session.ends_at > timezone.now()


@transaction.atomic
def register(*, actor: User, session: Session, role: str = Registration.Role.PARTICIPANT) -> Registration:
    """Register for one session, until it ends (telematic participants join late). In-class
    sessions with places never take more participants than the room holds: the session row is
    locked while the places are counted."""
    if role not in Registration.Role.values:
        raise ValidationError({"role": str(_("Choose participant, observer or presenter."))})
    session = Session.objects.select_for_update().select_related("series").get(pk=session.pk)
    if not _open_for_registration(session):
        raise ConflictError(str(ERROR_SESSION_CLOSED), code="session_closed")
    existing = Registration.objects.filter(session=session, person=actor).first()
    if existing and existing.status == Registration.Status.REGISTERED:
        raise ConflictError(str(ERROR_ALREADY_REGISTERED), code="already_registered")
    series = session.series
    if series.mode == Mode.IN_CLASS and series.places:
        taken = session.registrations.filter(status=Registration.Status.REGISTERED).count()
        if taken >= series.places:
            raise ConflictError(str(ERROR_FULL), code="full")
    if existing:
        return REGISTRATIONS.apply(actor=actor, obj=existing, name="register_again", changes={"role": role})
    registration = Registration.objects.create(session=session, person=actor, role=role)
    REGISTRATIONS.record_creation(actor=actor, obj=registration, verb="registered", role=role)
    return registration


@transaction.atomic
def register_for_series(
    *, actor: User, series: Series, role: str = Registration.Role.PARTICIPANT
) -> list[Registration]:
    """Register for every session of the series still to come that the person is not in yet."""
    taken = Registration.objects.filter(person=actor, status=Registration.Status.REGISTERED).values("session")
    sessions = series.sessions.filter(status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()).exclude(pk__in=taken)
    return [register(actor=actor, session=session, role=role) for session in sessions]


def cancel_registration(*, actor: User, registration: Registration) -> Registration:
    return REGISTRATIONS.apply(actor=actor, obj=registration, name="cancel")


# Check-in and attendance ----------------------------------------------------------------------


@transaction.atomic
def open_check_in(*, actor: User, session: Session) -> Session:
    """Show a new six-digit code: it is read out or shown on screen, so dial-in and audio-only
    attendees can check in too. It works until 15 minutes after the session ends."""
    session = SESSIONS.lock(session)
    _require_faculty(actor, session)
    now = timezone.now()
    if session.status != Session.Status.SCHEDULED or now > session.ends_at:
        raise ConflictError(str(ERROR_SESSION_CLOSED), code="session_closed")
    if now < session.starts_at - CHECK_IN_OPENS_BEFORE:
        raise ConflictError(str(ERROR_CHECK_IN_TOO_EARLY), code="too_early")
    session.check_in_code = f"{secrets.randbelow(10**6):06d}"
    session.check_in_closes_at = session.ends_at + CHECK_IN_GRACE
    session.save(update_fields=["check_in_code", "check_in_closes_at"])
    record_event(actor=actor, verb="live_session.check_in_opened", target=session)
    return session


def _union_minutes(stretches: Iterable[tuple[datetime, datetime]], *, start: datetime, end: datetime) -> int:
    """Minutes covered by the stretches within [start, end], overlaps counted once."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in stretches if b > start and a < end)
    total = timedelta()
    current_start = current_end = None
    for a, b in clipped:
        if current_end is None or a > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    if current_end is not None:
        total += current_end - current_start
    return round(total.total_seconds() / 60)


def _recount(session: Session, registrations: Sequence[Registration]) -> None:
    """Minutes attended of each registration from its stretches: one read and one write for
    the whole list (a video report touches every registration of the session)."""
    stretches = defaultdict(list)
    presences = Presence.objects.filter(registration__in=registrations)
    for registration_id, joined, left in presences.values_list("registration_id", "joined_at", "left_at"):
        stretches[registration_id].append((joined, left))
    for registration in registrations:
        registration.minutes_attended = _union_minutes(
            stretches[registration.pk], start=session.starts_at, end=session.ends_at
        )
    Registration.objects.bulk_update(registrations, ["minutes_attended"])
    evidence.attendance_changed(session, registrations)


def _ascii_digits(code: str) -> str:
    """The code as typed, without spaces, with any script's digits (Arabic-Indic ١٢٣, Devanagari
    १२३...) read as 0-9: people type on their own keyboards."""
    return "".join(
        str(unicodedata.digit(char)) if char.isdigit() else char for char in (code or "") if not char.isspace()
    )


def check_in(*, actor: User, session: Session, code: str) -> Registration:
    """Check in with the session's code: present from now (or the start) to the end. Wrong codes
    are counted, and after five the person must ask the faculty; the count survives the refusal."""
    code = _ascii_digits(code)
    wrong = False
    with transaction.atomic():
        session = Session.objects.select_related("series").get(pk=session.pk)
        registration = (
            Registration.objects.select_for_update()
            .filter(session=session, person=actor, status=Registration.Status.REGISTERED)
            .first()
        )
        if registration is None:
            raise ConflictError(str(ERROR_NOT_REGISTERED), code="not_registered")
        now = timezone.now()
        if not session.check_in_code or session.status != Session.Status.SCHEDULED:
            raise ConflictError(str(ERROR_CHECK_IN_NOT_OPEN), code="check_in_not_open")
        if session.check_in_closes_at and now > session.check_in_closes_at:
            raise ConflictError(str(ERROR_CHECK_IN_NOT_OPEN), code="check_in_closed")
        if registration.checked_in_at is not None:
            raise ConflictError(str(ERROR_ALREADY_CHECKED_IN), code="already_checked_in")
        if registration.failed_check_ins >= MAX_FAILED_CHECK_INS:
            raise ConflictError(str(ERROR_TOO_MANY_TRIES), code="too_many_tries")
        if not secrets.compare_digest(code.encode(), session.check_in_code.encode()):
            registration.failed_check_ins += 1
            registration.save(update_fields=["failed_check_ins"])
            wrong = True
        else:
            registration.checked_in_at = now
            registration.save(update_fields=["checked_in_at"])
            joined = max(now, session.starts_at)
            Presence.objects.create(
                registration=registration,
                source=Presence.Source.CHECK_IN,
                joined_at=joined,
                left_at=max(session.ends_at, joined),
            )
            _recount(session, [registration])
            record_event(actor=actor, verb="live_registration.checked_in", target=registration)
    if wrong:
        raise ValidationError({"code": str(ERROR_WRONG_CODE)})
    return registration


@transaction.atomic
def mark_present(*, actor: User, registration: Registration, present: bool) -> Registration:
    """In class, the faculty take attendance from the roster: present for the whole session."""
    registration = REGISTRATIONS.lock(registration)
    session = registration.session
    _require_faculty(actor, session)
    if session.starts_at > timezone.now():
        raise ConflictError(str(ERROR_NOT_STARTED), code="not_started")
    registration.presences.filter(source=Presence.Source.ROSTER).delete()
    if present:
        Presence.objects.create(
            registration=registration,
            source=Presence.Source.ROSTER,
            joined_at=session.starts_at,
            left_at=session.ends_at,
        )
    _recount(session, [registration])
    record_event(actor=actor, verb="live_registration.roster_marked", target=registration, present=present)
    return registration


@transaction.atomic
def adjust_attendance(*, actor: User, registration: Registration, minutes: int | None, reason: str) -> Registration:
    """A coordinator's correction of the minutes attended (None goes back to the sources). The
    event keeps the minutes before and after and the reason, in the audit trail."""
    _require_coordinator(actor)
    registration = REGISTRATIONS.lock(registration)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": str(ERROR_REASON_REQUIRED)})
    maximum = registration.session.duration_minutes
    if minutes is not None and not 0 <= minutes <= maximum:
        raise ValidationError({"minutes": str(ERROR_MINUTES_RANGE) % {"maximum": maximum}})
    before = registration.minutes
    registration.minutes_adjusted = minutes
    registration.save(update_fields=["minutes_adjusted"])
    record_event(
        actor=actor,
        verb="live_registration.attendance_adjusted",
        target=registration,
        comment=reason,
        minutes_before=before,
        minutes_after=registration.minutes,
        visible_to_owner=True,
    )
    evidence.attendance_changed(registration.session, [registration])
    return registration


@dataclass
class VideoReport:
    """What an import did: rows read, people matched, and the addresses it could not place."""

    rows: int = 0
    matched: set[int] = field(default_factory=set)
    unknown_emails: list[str] = field(default_factory=list)
    not_registered: list[str] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)


def _column(header: Sequence[str], *words: str) -> int | None:
    for index, name in enumerate(header):
        lowered = name.strip().lower()
        if any(word in lowered for word in words):
            return index
    return None


def _read_report(upload: UploadedFile) -> list[list[str]]:
    if upload.size > VIDEO_REPORT_MAX_BYTES:
        raise ValidationError({"file": str(ERROR_REPORT_TOO_BIG)})
    raw = upload.read()
    # UTF-16 only with its byte-order mark (Teams); else UTF-8, else Windows-1252 (Excel).
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252", "latin-1")
    text = ""
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not text or "\x00" in text:
        raise ValidationError({"file": str(ERROR_REPORT_UNREADABLE)})
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect) if any(c.strip() for c in row)]
    except csv.Error as error:
        raise ValidationError({"file": str(ERROR_REPORT_UNREADABLE)}) from error


def _when(value: str, zone: ZoneInfo) -> datetime:
    parsed = date_parser.parse(value.strip(), dayfirst=False)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


@transaction.atomic
def import_video_report(*, actor: User, session: Session, upload: UploadedFile) -> VideoReport:
    """Match a video platform's participant report (email, join time, leave time; Zoom, Teams
    and Jitsi exports all have them) to the session's registrations. Times without an offset
    are read in the series' time zone. Importing again replaces the previous report's stretches,
    so a corrected file can be sent twice. Unknown addresses are listed, never guessed."""
    _require_coordinator(actor)
    session = SESSIONS.lock(session)
    rows = _read_report(upload)
    if not rows:
        raise ValidationError({"file": str(ERROR_REPORT_UNREADABLE)})
    header, body = rows[0], rows[1:]
    email_at, join_at, leave_at = (
        _column(header, "email", "e-mail", "correo"),
        _column(header, "join"),
        _column(header, "leave"),
    )
    if None in (email_at, join_at, leave_at):
        raise ValidationError({"file": str(ERROR_REPORT_COLUMNS)})
    zone = ZoneInfo(session.series.time_zone)
    registrations = {
        r.person.email.lower(): r
        for r in session.registrations.filter(status=Registration.Status.REGISTERED).select_related("person")
    }
    earliest, latest = session.starts_at - timedelta(days=1), session.ends_at + timedelta(days=1)
    report = VideoReport()
    stretches: list[Presence] = []
    unmatched: dict[str, None] = {}  # each address once, in the order of the report
    for line, row in enumerate(body, start=2):
        report.rows += 1
        try:
            email = row[email_at].strip().lower()
            joined, left = _when(row[join_at], zone), _when(row[leave_at], zone)
        except (IndexError, ValueError, OverflowError):
            report.bad_lines.append(line)
            continue
        if left < joined or not (earliest <= joined and left <= latest):
            report.bad_lines.append(line)  # backwards, or not on the session's day at all
            continue
        registration = registrations.get(email)
        if registration is None:
            unmatched[email or f"(line {line})"] = None
            continue
        report.matched.add(registration.pk)
        stretches.append(
            Presence(registration=registration, source=Presence.Source.VIDEO_REPORT, joined_at=joined, left_at=left)
        )
    if len(report.bad_lines) == report.rows:  # header only, or no line readable: keep what was there
        raise ValidationError({"file": str(ERROR_REPORT_NO_LINES)})
    Presence.objects.filter(registration__session=session, source=Presence.Source.VIDEO_REPORT).delete()
    Presence.objects.bulk_create(stretches)
    _recount(session, list(registrations.values()))
    with_account = set(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=list(unmatched))
        .values_list("address", flat=True)
    )
    report.not_registered = [email for email in unmatched if email in with_account]
    report.unknown_emails = [email for email in unmatched if email not in with_account]
    record_event(
        actor=actor,
        verb="live_session.video_report_imported",
        target=session,
        rows=report.rows,
        matched=len(report.matched),
        unknown=len(report.unknown_emails),
        not_registered=len(report.not_registered),
        bad_lines=report.bad_lines[:50],
    )
    return report


# Cases ------------------------------------------------------------------------------------


class CaseScreenRefused(ValidationError):
    """The screen found possible identifiers not yet removed or confirmed; `hits` lists them."""

    def __init__(self, hits: list[deidentify.Hit]):
        super().__init__({"screen": [str(ERROR_SCREEN)]})
        self.hits = hits


def _is_dicom(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(132)
    upload.seek(0)
    return head[128:132] == b"DICM"


def _check_attachments(attachments: Sequence[UploadedFile], confirmed: bool) -> list[CheckedUpload]:
    if not attachments:
        return []
    if not confirmed:
        raise ValidationError({"attachments": str(ERROR_ATTACHMENT_CONFIRM)})
    checked = []
    for upload in attachments:
        if _is_dicom(upload):
            raise ValidationError({"attachments": str(ERROR_DICOM)})
        try:
            checked.append(validate_upload(upload, allowed=CASE_ATTACHMENT_TYPES))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
    return checked


@transaction.atomic
def submit_case(
    *,
    actor: User,
    session: Session,
    age_band: str,
    sex: str,
    presenting_problem: str,
    question: str,
    history: str = "",
    investigations: str = "",
    management: str = "",
    names: str = "",
    confirmed: Iterable[str] = (),
    attachments: Sequence[UploadedFile] = (),
    attachments_deidentified: bool = False,
) -> Case:
    """Present a case. The text is screened for identifiers (with the names the presenter gives
    as the patient's, family's and staff's, which are used for the screen and never stored);
    each hit must be removed or confirmed as not identifying. Attachments need the presenter's
    confirmation; images are stored re-encoded, without metadata; DICOM is refused. The person
    becomes the session's presenter (registering them if needed)."""
    session = Session.objects.select_for_update().select_related("series").get(pk=session.pk)
    if not _open_for_registration(session):
        raise ConflictError(str(ERROR_CASE_CLOSED), code="session_closed")
    fields = {
        "presenting_problem": presenting_problem,
        "history": history,
        "investigations": investigations,
        "management": management,
        "question": question,
    }
    errors = {}
    if age_band not in Case.AgeBand.values:
        errors["age_band"] = [str(_("Choose an age band."))]
    if sex not in Case.Sex.values:
        errors["sex"] = [str(_("Choose the patient's sex."))]
    for required in ("presenting_problem", "question"):
        if not fields[required].strip():
            errors[required] = [str(_("This field is required."))]
    if errors:
        raise ValidationError(errors)
    hits = deidentify.screen_fields(fields, names=deidentify.names_from(names or ""))
    confirmed = set(confirmed)
    unresolved = [hit for hit in hits if hit.key not in confirmed]
    if unresolved:
        raise CaseScreenRefused(unresolved)
    checked = _check_attachments(attachments, attachments_deidentified)
    registration = Registration.objects.filter(session=session, person=actor).first()
    if registration is None or registration.status != Registration.Status.REGISTERED:
        registration = register(actor=actor, session=session, role=Registration.Role.PRESENTER)
    elif registration.role != Registration.Role.PRESENTER:
        registration.role = Registration.Role.PRESENTER
        registration.save(update_fields=["role"])
    case = Case.objects.create(
        session=session,
        presenter=actor,
        age_band=age_band,
        sex=sex,
        confirmed_not_identifying=sorted({hit.text for hit in hits}),  # all confirmed by now
        erase_after=session.ends_at + timedelta(days=session.series.case_retention_days),
        **fields,
    )
    for upload in checked:
        CaseAttachment.objects.create(
            case=case,
            file=store_private(upload, folder="live/cases"),
            extension=upload.extension,
            deidentification_confirmed=True,
        )
    record_event(actor=actor, verb="live_case.submitted", target=case, attachments=len(checked))
    return case


@transaction.atomic
def record_recommendations(*, actor: User, case: Case, recommendations: str) -> Case:
    """The experts' recommendations; the presenter is told they can read them."""
    case = Case.objects.select_for_update().select_related("session__series", "presenter").get(pk=case.pk)
    _require_faculty(actor, case.session)
    if case.status == Case.Status.ERASED:
        raise ConflictError(str(ERROR_CASE_ERASED), code="erased")
    if not (recommendations or "").strip():
        raise ValidationError({"recommendations": str(ERROR_RECOMMENDATIONS_REQUIRED)})
    before = case.status
    case.recommendations = recommendations.strip()
    case.recommended_by = actor
    case.status = Case.Status.DISCUSSED
    case.save(update_fields=["recommendations", "recommended_by", "status"])
    record_event(actor=actor, verb="live_case.recommended", target=case, from_status=before, to_status=case.status)
    notify(
        recipient=case.presenter,
        subject=_("The experts' recommendations on your case: %(series)s"),
        subject_params={"series": case.session.series.title},
        template="live/email/recommendations.txt",
        context={"case": case, "site_url": settings.SITE_URL},
    )
    evidence.case_presented(case)
    return case


def erase_expired_cases(*, now: datetime | None = None) -> int:
    """Erase the clinical text and attachments of cases past their series' retention period;
    the row stays (erased) so reports still count cases presented."""
    now = now or timezone.now()
    erased = 0
    for case_id in (
        Case.objects.filter(erase_after__lte=now).exclude(status=Case.Status.ERASED).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            for attachment in case.attachments.all():
                attachment.file.delete(save=False)
            case.attachments.all().delete()
            for name in Case.TEXT_FIELDS:
                setattr(case, name, "")
            case.recommendations = ""
            case.confirmed_not_identifying = []
            case.status = Case.Status.ERASED
            case.save()
            record_event(actor=None, verb="live_case.erased", target=case)
            erased += 1
    return erased


# Evaluation, credit and reminders ---------------------------------------------------------------


def certified_title(session: Session) -> str:
    """How a certificate names a session: the series, and the session's topic when it has one."""
    return f"{session.series.title}: {session.topic}" if session.topic else session.series.title


def completion(registration: Registration) -> Completion:
    """What the certificate of an eligible registration says."""
    session = registration.session
    series = session.series
    day = timezone.localdate(session.starts_at, ZoneInfo(series.time_zone))  # the day where it was held
    return Completion(
        recipient=registration.person,
        kind=Kind.LIVE_SESSION,
        title=certified_title(session),
        source=registration,
        hours=series.hours,
        started_on=day,
        ended_on=day,
        faculty=tuple(series.faculty.all()),
        credits=tuple(credit.as_credit() for credit in series.credits.all()),
    )


@transaction.atomic
def evaluate_and_claim(
    *, actor: User, registration: Registration, relevance: int, change_practice: str, comment: str = ""
) -> Certificate | None:
    """Answer the three questions and claim credit: the certificate is issued at once (its PDF
    follows within seconds). Needs the session over and enough minutes attended."""
    _lock_person(actor)
    registration = REGISTRATIONS.lock(registration)
    if registration.person_id != actor.pk:
        raise PermissionDenied(str(_("Only the registered person claims credit.")))
    session = registration.session
    if session.ends_at > timezone.now():
        raise ConflictError(str(ERROR_NOT_ENDED), code="not_ended")
    if registration.role == Registration.Role.OBSERVER:
        raise ConflictError(str(ERROR_OBSERVER), code="observer")
    if Evaluation.objects.filter(registration=registration).exists():
        raise ConflictError(str(ERROR_ALREADY_CLAIMED), code="already_claimed")
    if EnduringAttempt.objects.filter(activity__session=session, person=actor, passed=True).exists():
        raise ConflictError(str(ERROR_ENDURING_CREDITED), code="enduring_credit")
    if not registration.eligible:
        raise ConflictError(
            str(ERROR_NOT_ELIGIBLE) % {"minutes": registration.minutes, "needed": session.minutes_needed},
            code="not_eligible",
        )
    errors = {}
    if relevance not in range(1, 6):
        errors["relevance"] = [str(_("Answer from 1 to 5."))]
    if change_practice not in Evaluation.Change.values:
        errors["change_practice"] = [str(_("Choose yes, perhaps or no."))]
    if errors:
        raise ValidationError(errors)
    Evaluation.objects.create(
        registration=registration, relevance=relevance, change_practice=change_practice, comment=comment[:2000]
    )
    record_event(actor=actor, verb="live_registration.evaluated", target=registration)
    return issue_on_completion(completion=completion(registration))


def send_reminders(*, now: datetime | None = None) -> int:
    """The day before: one email per registration, in the person's language, with the link and
    the dial-in. Sessions starting within the next 24 hours are reminded once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        reminded_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for registration_id in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("session__series", "person")
                .filter(pk=registration_id, reminded_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            notify(
                recipient=registration.person,
                subject=_("Tomorrow: %(series)s"),
                subject_params={"series": registration.session.series.title},
                template="live/email/reminder.txt",
                context={"session": registration.session, "registration": registration},
            )
            sent += 1
    return sent


def _lock_person(person: User) -> None:
    """Services that check something about the person before adding to it lock the person's
    row first. Claiming a session live and passing its recording each check for the other, so
    two requests at the same moment cannot both earn the credit; two requests for period
    statements cannot both take the last one of the day."""
    list(User.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))


def enduring_day(activity: EnduringActivity, now: datetime | None = None) -> date:
    """Today where the series is held: the validity dates are read there."""
    return timezone.localdate(now or timezone.now(), ZoneInfo(activity.session.series.time_zone))


def enduring_is_open(activity: EnduringActivity, now: datetime | None = None) -> bool:
    return activity.published and activity.opens_on <= enduring_day(activity, now) <= activity.closes_on


def enduring_completion(attempt: EnduringAttempt, *, on: date) -> Completion:
    """What the certificate of a passed enduring activity says: the session it records, marked
    as enduring material in the recipient's language, with the activity's own hours and credit."""
    activity = attempt.activity
    series = activity.session.series
    with translation.override(attempt.person.preferred_language or "en"):
        title = str(_("%(title)s (recording)") % {"title": certified_title(activity.session)})
    return Completion(
        recipient=attempt.person,
        kind=Kind.LIVE_SESSION,
        title=title,
        source=attempt,
        hours=activity.hours,
        started_on=on,
        ended_on=on,
        faculty=tuple(series.faculty.all()),
        credits=tuple(credit.as_credit() for credit in activity.credits.all()),
    )


@transaction.atomic
def answer_enduring(
    *, actor: User, activity: EnduringActivity, answers: dict[int, int]
) -> tuple[EnduringAttempt, Certificate | None]:
    """Answer an enduring activity's questions (`answers`: question id to the number of the
    chosen answer, from 1). A score at or above the pass mark issues the certificate at once.

    Who: anyone signed in who did not claim the live session's credit, while the activity is
    open. A failed attempt may be repeated, up to MAX_ENDURING_ATTEMPTS, and says only the
    score, so the questions cannot be solved by elimination within the limit."""
    _lock_person(actor)
    activity = (
        EnduringActivity.objects.select_for_update(of=("self",)).select_related("session__series").get(pk=activity.pk)
    )
    if activity.session.ends_at > timezone.now():
        raise ConflictError(str(ERROR_ENDURING_NOT_HELD), code="not_held")
    if not enduring_is_open(activity):
        raise ConflictError(
            str(ERROR_ENDURING_CLOSED)
            % {"opens": date_format(activity.opens_on), "closes": date_format(activity.closes_on)},
            code="closed",
        )
    if Evaluation.objects.filter(registration__session=activity.session, registration__person=actor).exists():
        raise ConflictError(str(ERROR_ENDURING_LIVE_CREDIT), code="live_credit")
    tried = EnduringAttempt.objects.filter(activity=activity, person=actor)
    if tried.filter(passed=True).exists():
        raise ConflictError(str(ERROR_ENDURING_PASSED), code="already_passed")
    count = tried.count()
    if count >= MAX_ENDURING_ATTEMPTS:
        raise ConflictError(str(ERROR_ENDURING_ATTEMPTS) % {"count": count}, code="too_many_attempts")
    questions = list(activity.questions.all())
    if not questions:
        raise ConflictError(str(ERROR_ENDURING_NO_QUESTIONS), code="no_questions")
    right = 0
    for number, question in enumerate(questions, start=1):
        chosen = answers.get(question.pk)
        if chosen not in range(1, len(question.choice_list) + 1):
            raise ValidationError({"answers": str(ERROR_ENDURING_UNANSWERED) % {"number": number}})
        right += chosen == question.correct
    score = right * 100 // len(questions)
    attempt = EnduringAttempt.objects.create(
        activity=activity,
        person=actor,
        answers={str(pk): choice for pk, choice in answers.items()},
        score=score,
        passed=score >= activity.pass_mark,
    )
    record_event(actor=actor, verb="enduring_attempt.submitted", target=attempt, score=score, passed=attempt.passed)
    if not attempt.passed:
        return attempt, None
    return attempt, issue_on_completion(completion=enduring_completion(attempt, on=enduring_day(activity)))


def _statement_entry(certificate: Certificate) -> Entry:
    return Entry(
        title=certificate.title,
        held_on=certificate.ended_on or timezone.localdate(certificate.issued_at),
        hours=certificate.hours,
        credit="; ".join(
            amount_in_units(credit.system, credit.designated if credit.claimed is None else credit.claimed)
            for credit in certificate.credits.all()
        ),
        serial=certificate.serial,
    )


@transaction.atomic
def issue_period_statement(*, actor: User, starts_on: date, ends_on: date) -> Certificate:
    """One certificate for a period listing each live session (or recording) the person has a
    certificate for, with its date, hours, credit and serial (see PeriodStatement). The period
    ends today at the latest and spans at most three years. The statement itself has no hours
    or credit, so CPD exports and reports, which sum certificates' hours, count each session
    once; its PDF prints the total under the list. At most NEW_STATEMENTS_PER_DAY new
    statements in 24 hours; asking again for one already issued is always answered."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = [str(ERROR_PERIOD_ORDER)]
    elif ends_on > timezone.localdate():
        errors["ends_on"] = [str(ERROR_PERIOD_FUTURE)]
    elif ends_on - starts_on > PERIOD_AT_MOST:
        errors["starts_on"] = [str(ERROR_PERIOD_TOO_LONG)]
    if errors:
        raise ValidationError(errors)
    certified = list(
        Certificate.objects.filter(
            recipient=actor,
            kind=Kind.LIVE_SESSION,
            # issued; one still waiting for its credit claim is listed once claimed
            status__in=[Certificate.Status.PENDING, Certificate.Status.READY, Certificate.Status.FAILED],
            source_type__in=[
                ContentType.objects.get_for_model(Registration),
                ContentType.objects.get_for_model(EnduringAttempt),
            ],
            ended_on__range=(starts_on, ends_on),
        )
        .prefetch_related("credits")
        .order_by("ended_on", "serial")
    )
    if not certified:
        raise ConflictError(
            str(ERROR_PERIOD_EMPTY) % {"start": date_format(starts_on), "end": date_format(ends_on)}, code="empty"
        )
    listed = hashlib.sha256("|".join(certificate.serial for certificate in certified).encode()).hexdigest()
    _lock_person(actor)
    statement = PeriodStatement.objects.filter(
        person=actor, starts_on=starts_on, ends_on=ends_on, listed=listed
    ).first()
    if statement is None:
        today = PeriodStatement.objects.filter(person=actor, created_at__gt=timezone.now() - timedelta(days=1))
        if today.count() >= NEW_STATEMENTS_PER_DAY:
            raise ConflictError(
                str(ERROR_STATEMENTS_PER_DAY) % {"count": NEW_STATEMENTS_PER_DAY}, code="too_many_statements"
            )
        statement = PeriodStatement.objects.create(person=actor, starts_on=starts_on, ends_on=ends_on, listed=listed)
    with translation.override(actor.preferred_language or "en"):
        title = str(
            _("Live clinical sessions, %(start)s to %(end)s")
            % {"start": date_format(starts_on), "end": date_format(ends_on)}
        )
    record_event(actor=actor, verb="live_statement.requested", target=statement, sessions=len(certified))
    return issue_certificate(
        actor=None,
        completion=Completion(
            recipient=actor,
            kind=Kind.LIVE_STATEMENT,
            title=title,
            source=statement,
            hours=None,  # the listed certificates carry the hours: a total here would count them twice
            started_on=starts_on,
            ended_on=ends_on,
            entries=tuple(_statement_entry(certificate) for certificate in certified),
        ),
    )
