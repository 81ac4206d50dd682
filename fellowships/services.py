"""Every write about residential training: applications from draft to completion through one
table of allowed transitions, documents, reviews, decisions within the intake's places,
placements with their logbook, evaluation and feedback, and the certificate at the end."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from certificates.models import Kind
from certificates.services import issue_on_completion
from cms.i18n import title_in
from lms import outbox, uploads
from lms.errors import ConflictError
from lms.models import AuditEvent, Role, User
from lms.services import notify, record_event
from lms.workflow import COORDINATOR, SYSTEM, Move, Workflow, owner, timeline

from . import evidence
from .models import (
    DRAFT_FIELDS,
    DURATION_BOUNDS,
    DURATION_WORDS,
    PLACE_STATUSES,
    Application,
    ApplicationDocument,
    DocumentKind,
    Evaluation,
    Intake,
    LogbookEntry,
    Placement,
    Recommendation,
    Review,
    Status,
    TraineeFeedback,
)
from .selectors import first_waitlisted

APPLICANT = owner("applicant_id", _("the applicant"))
OFFICE = COORDINATOR
BEFORE_TRAINING = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.INTERVIEW,
    Status.ACCEPTED,
    Status.WAITLISTED,
    Status.CONFIRMED,
)

ERROR_TRANSITION = _("An application that is %(current)s cannot become %(target)s.")
ERROR_NOT_YOURS = _("Only %(who)s can make this change.")
ERROR_INTAKE_CLOSED = _("Applications for this intake are closed.")
ERROR_PROFESSION = _("This programme is open only to %(professions)s.")
ERROR_ALREADY_APPLIED = _("You already have an application for this intake.")
ERROR_NOT_DRAFT = _("Only a draft can be changed; this application has been submitted.")
ERROR_START_REQUIRED = _("Give the date you would like to start.")
ERROR_END_REQUIRED = _("Give the date you would like to finish.")
ERROR_START_WINDOW = _("This intake starts between %(earliest)s and %(latest)s.")
ERROR_DURATION = _("%(type)s programmes last %(words)s: choose an end date between %(shortest)s and %(longest)s.")
ERROR_SPONSORSHIP = _("This programme does not offer sponsorship.")
ERROR_SPONSOR_WITHOUT_REQUEST = _("Name a sponsor only when you ask for sponsorship.")
ERROR_MISSING_FIELD = _("This is needed before you submit.")
ERROR_MISSING_DOCUMENTS = _("Upload these documents before you submit: %(documents)s.")
ERROR_UNKNOWN_DOCUMENT = _("Choose one of the documents this programme asks for.")
ERROR_NO_PLACES = _("All %(places)s places of this intake are taken.")
ERROR_OFFER_EXPIRED = _("The offer expired on %(deadline)s: please contact the office.")
ERROR_NOT_REVIEWER = _("Only the programme's faculty review its applications.")
ERROR_NOT_REVIEWABLE = _("Applications are reviewed between submission and the decision.")
ERROR_NOT_IN_PROGRESS = _("This is done during the placement.")
ERROR_FEEDBACK_BEFORE_START = _("Feedback opens when the placement starts, on %(date)s.")
ERROR_NOT_SUPERVISOR = _("Only the placement's supervisor (or the office) does this.")
ERROR_NOT_TRAINEE = _("Only the trainee keeps their logbook.")
ERROR_DAY_OUTSIDE = _("The date must fall within the placement, %(start)s to %(end)s.")
ERROR_ALREADY_EVALUATED = _("The final evaluation has already been recorded.")
ERROR_NOT_SUPERVISOR_FACULTY = _("The supervisor must be one of the programme's faculty.")

UPLOAD_TYPES = ("pdf", "jpg", "png", "docx", "odt")
OFFER_LETTER = "fellowships.offer_letter"


def _lock(application: Application) -> Application:
    return APPLICATIONS.lock(application)


# Intakes

# `title` is the active language's wording; `title_en`, `title_es`, … are each language's
# (the admin form edits them all at once).
INTAKE_FIELDS = (
    "programme",
    "title",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    "opens_on",
    "closes_on",
    "earliest_start",
    "latest_start",
    "places",
    "offer_days",
)
ERROR_ONLY_OFFICE_INTAKES = _("Only the training office opens and changes intakes.")
ERROR_PLACES_BELOW_TAKEN = _("%(taken)s places are already taken: offer at least that many.")


def places_taken(intake_id: int | None) -> int:
    if intake_id is None:
        return 0
    return Application.objects.filter(intake_id=intake_id, status__in=PLACE_STATUSES).count()


def intake_errors(*, intake_id: int | None, places: int | None) -> dict[str, str]:
    """Field errors of an intake change that only the data can tell (the admin form asks too)."""
    taken = places_taken(intake_id)
    if places is not None and places < taken:
        return {"places": str(ERROR_PLACES_BELOW_TAKEN % {"taken": taken})}
    return {}


@transaction.atomic
def save_intake(*, actor: User, intake: Intake | None, **fields) -> Intake:
    """Open an intake or change one. The row is locked, so places can never drop below those
    already taken by a concurrent acceptance; the change is an audited event naming the fields
    changed (dates and places are not personal data, so their new values are kept too)."""
    if not actor.is_coordinator:
        raise PermissionDenied(str(ERROR_ONLY_OFFICE_INTAKES))
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ValueError(f"Not intake fields: {', '.join(sorted(unknown))}")
    creating = intake is None or intake.pk is None
    locked = Intake() if creating else Intake.objects.select_for_update().get(pk=intake.pk)
    changed = {name: value for name, value in fields.items() if getattr(locked, name, None) != value}
    for name, value in changed.items():
        setattr(locked, name, value)
    errors = intake_errors(intake_id=None if creating else locked.pk, places=locked.places)
    if errors:
        raise ValidationError(errors)
    locked.full_clean()
    locked.save()
    record_event(
        actor=actor,
        verb="intake.opened" if creating else "intake.changed",
        target=locked,
        fields=sorted(changed),
        values={name: str(getattr(value, "pk", value)) for name, value in changed.items()},
    )
    return locked


# Drafts


def _check_may_apply(actor: User, intake: Intake) -> None:
    if not intake.is_open(timezone.localdate()):
        raise ConflictError(str(ERROR_INTAKE_CLOSED), code="intake_closed")
    if not intake.programme.admits(actor.profession):
        raise ConflictError(
            str(ERROR_PROFESSION % {"professions": intake.programme.professions_phrase()}), code="profession"
        )


def start_application(*, actor: User, intake: Intake) -> Application:
    """A draft the applicant can come back to; one active application per person per intake."""
    intake = Intake.objects.select_related("programme").get(pk=intake.pk)
    _check_may_apply(actor, intake)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=actor,
                intake=intake,
                institution=actor.institution,
                institution_other=actor.institution_other,
            )
            APPLICATIONS.record_creation(actor=actor, obj=application)
    except IntegrityError as error:
        raise ConflictError(str(ERROR_ALREADY_APPLIED), code="already_applied") from error
    return application


def check_dates(*, intake: Intake, start: date | None, end: date | None) -> dict[str, str]:
    """Field errors for the requested dates: the intake's start window and the type's bounds."""
    errors: dict[str, str] = {}
    if start is None:
        return {"start_date": str(ERROR_START_REQUIRED)}
    if not intake.earliest_start <= start <= intake.latest_start:
        errors["start_date"] = str(
            ERROR_START_WINDOW % {"earliest": intake.earliest_start, "latest": intake.latest_start}
        )
    if end is None:
        errors["end_date"] = str(ERROR_END_REQUIRED)
        return errors
    kind = intake.programme.programme_type
    shortest, longest = DURATION_BOUNDS[kind]
    if not start + shortest <= end <= start + longest:
        errors["end_date"] = str(
            ERROR_DURATION
            % {
                "type": intake.programme.get_programme_type_display(),
                "words": DURATION_WORDS[kind],
                "shortest": start + shortest,
                "longest": start + longest,
            }
        )
    return errors


@transaction.atomic
def update_draft(*, actor: User, application: Application, **fields) -> Application:
    """Save what the applicant typed. Dates are checked as soon as both are given, so the
    message comes while they fill the form, not only at submission."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not draft fields: {', '.join(sorted(unknown))}")
    application = _lock(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": APPLICANT.label}))
    if application.status != Status.DRAFT:
        raise ConflictError(str(ERROR_NOT_DRAFT), code="not_draft")
    for name, value in fields.items():
        setattr(application, name, value)
    errors = {}
    if application.start_date or application.end_date:
        errors.update(check_dates(intake=application.intake, start=application.start_date, end=application.end_date))
    if application.sponsorship_requested and not application.programme.sponsorship_available:
        errors["sponsorship_requested"] = str(ERROR_SPONSORSHIP)
    if application.sponsor_id and not application.sponsorship_requested:
        errors["sponsor"] = str(ERROR_SPONSOR_WITHOUT_REQUEST)
    if errors:
        raise ValidationError(errors)
    application.save()
    return application


@transaction.atomic
def add_document(*, actor: User, application: Application, kind: str, upload: UploadedFile) -> ApplicationDocument:
    application = _lock(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": APPLICANT.label}))
    if application.status != Status.DRAFT:
        raise ConflictError(str(ERROR_NOT_DRAFT), code="not_draft")
    if kind not in application.programme.required_document_kinds():
        raise ValidationError({"kind": str(ERROR_UNKNOWN_DOCUMENT)})
    try:
        checked = uploads.validate_upload(upload, allowed=UPLOAD_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = uploads.store_private(checked, folder=f"application-documents/{application.pk}")
    document = ApplicationDocument.objects.create(
        application=application, kind=kind, file=name, original_name=checked.original_name, size=checked.size
    )
    record_event(actor=actor, verb="application.document_added", target=application, kind=kind)
    return document


@transaction.atomic
def remove_document(*, actor: User, document: ApplicationDocument) -> None:
    application = _lock(document.application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": APPLICANT.label}))
    if application.status != Status.DRAFT:
        raise ConflictError(str(ERROR_NOT_DRAFT), code="not_draft")
    document.file.delete(save=False)
    document.delete()


def missing_for_submission(application: Application) -> dict[str, list[str]]:
    """What still stops submission, by field; empty when the application is complete."""
    missing: dict[str, list[str]] = {}
    for name in ("current_position", "start_date", "end_date", "motivation", "language_level"):
        if not getattr(application, name):
            missing[name] = [str(ERROR_MISSING_FIELD)]
    if not application.institution_id and not application.institution_other:
        missing["institution"] = [str(ERROR_MISSING_FIELD)]
    if application.start_date and application.end_date:
        for field, message in check_dates(
            intake=application.intake, start=application.start_date, end=application.end_date
        ).items():
            missing[field] = [message]
    uploaded = {document.kind for document in application.documents.all()}
    needed = [kind for kind in application.programme.required_document_kinds() if kind not in uploaded]
    if needed:
        labels = dict(DocumentKind.choices)
        missing["documents"] = [str(ERROR_MISSING_DOCUMENTS % {"documents": ", ".join(str(labels[k]) for k in needed)})]
    return missing


def submit(*, actor: User, application: Application) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        if locked.applicant_id != actor.pk:
            raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": APPLICANT.label}))
        if locked.status == Status.DRAFT:
            missing = missing_for_submission(locked)
            if missing:
                raise ValidationError(missing)
        return transition(actor=actor, application=locked, to_status=Status.SUBMITTED)


# The workflow


def _email_applicant(application: Application, *, event: AuditEvent, **_context) -> None:
    notify(
        recipient=application.applicant,
        subject=_("Your application: %(status)s"),
        subject_params={"status": Status(application.status).label},
        template="fellowships/email/status_changed.txt",
        context={
            "application": application,
            "comment": event.comment if event.visible_to_owner else "",
            "site_url": settings.SITE_URL,
        },
    )


def _offer_freed_place(application: Application) -> None:
    """An accepted or confirmed applicant left: tell the office who is first on the waitlist."""
    first = first_waitlisted(application.intake)
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR.value, is_active=True)
    for coordinator in coordinators:
        notify(
            recipient=coordinator,
            subject=_("A place is free: %(intake)s"),
            subject_params={"intake": application.intake},
            template="fellowships/email/place_freed.txt",
            context={"application": application, "first_waitlisted": first, "site_url": settings.SITE_URL},
        )


def _then_accepted(application: Application, **context) -> None:
    outbox.enqueue(OFFER_LETTER, application_id=application.pk)
    _email_applicant(application, **context)


def _then_confirmed(application: Application, **context) -> None:
    _create_placement(application)
    _email_applicant(application, **context)


def _then_left(application: Application, *, before: str, **context) -> None:
    if before in PLACE_STATUSES:
        _offer_freed_place(application)
    _email_applicant(application, before=before, **context)


# The workflow: every move an application can make, who makes it, and what follows. Anything
# not here is refused.
APPLICATIONS = Workflow(
    model=Application,
    related=("intake__programme", "applicant"),
    verb_prefix="application",
    moves=[
        Move("submit", (Status.DRAFT,), Status.SUBMITTED, APPLICANT, _email_applicant),
        Move("review", (Status.SUBMITTED,), Status.UNDER_REVIEW, OFFICE, _email_applicant),
        Move("interview", (Status.UNDER_REVIEW,), Status.INTERVIEW, OFFICE, _email_applicant),
        Move(
            "accept",
            (Status.UNDER_REVIEW, Status.INTERVIEW, Status.WAITLISTED),
            Status.ACCEPTED,
            OFFICE,
            _then_accepted,
        ),
        Move(
            "waitlist",
            (Status.UNDER_REVIEW, Status.INTERVIEW),
            Status.WAITLISTED,
            OFFICE,
            _email_applicant,
        ),
        Move(
            "reject",
            (Status.UNDER_REVIEW, Status.INTERVIEW, Status.WAITLISTED),
            Status.REJECTED,
            OFFICE,
            _email_applicant,
        ),
        Move("confirm", (Status.ACCEPTED,), Status.CONFIRMED, APPLICANT, _then_confirmed),
        Move("decline", (Status.ACCEPTED,), Status.DECLINED, APPLICANT, _then_left),
        Move("start", (Status.CONFIRMED,), Status.IN_PROGRESS, OFFICE, _email_applicant),
        Move("complete", (Status.IN_PROGRESS,), Status.COMPLETED, SYSTEM, _email_applicant),
        Move("discontinue", (Status.IN_PROGRESS,), Status.DISCONTINUED, OFFICE, _email_applicant),
        # The applicant may withdraw at any point before the training starts.
        Move("withdraw", BEFORE_TRAINING, Status.WITHDRAWN, APPLICANT, _then_left),
    ],
)


def move_to(current: str, target: str) -> Move | None:
    """The move that takes an application from `current` to `target`, if the table has one."""
    return next((move for move in APPLICATIONS.moves_from(current) if move.target == target), None)


def transition(
    *, actor: User | None, application: Application, to_status: str, comment: str = "", visible: bool = True
) -> Application:
    """Move an application to `to_status` through its table; the event records who, when and
    why; the applicant is emailed after commit (internal comments are left out of the email and
    their timeline). Acceptance takes a place of the intake, under the intake's row lock."""
    if to_status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        application = _lock(application)
        move = move_to(application.status, to_status)
        if move is None:
            labels = dict(Status.choices)
            raise ConflictError(
                str(
                    ERROR_TRANSITION
                    % {"current": str(labels[application.status]).lower(), "target": str(labels[to_status]).lower()}
                ),
                code="transition_not_allowed",
            )
        now = timezone.now()
        changes: dict = {"status_changed_at": now}
        guard = None
        if move.name == "submit":
            changes["submitted_at"] = now
        if move.name == "accept":
            guard = _take_a_place
            changes["offer_deadline"] = timezone.localdate() + timedelta(days=application.intake.offer_days)
        if move.name == "confirm":
            guard = _offer_still_open
        return APPLICATIONS.apply(
            actor=actor,
            obj=application,
            name=move.name,
            comment=comment,
            visible_to_owner=visible,
            changes=changes,
            guard=guard,
            locked=True,
        )


def _take_a_place(application: Application) -> None:
    intake = Intake.objects.select_for_update().get(pk=application.intake_id)
    taken = Application.objects.filter(intake=intake, status__in=PLACE_STATUSES).count()
    if taken >= intake.places:
        raise ConflictError(str(ERROR_NO_PLACES % {"places": intake.places}), code="no_places")


def _offer_still_open(application: Application) -> None:
    if application.offer_deadline and timezone.localdate() > application.offer_deadline:
        raise ConflictError(str(ERROR_OFFER_EXPIRED % {"deadline": application.offer_deadline}), code="offer_expired")


def withdraw(*, actor: User, application: Application, comment: str = "") -> Application:
    return transition(actor=actor, application=application, to_status=Status.WITHDRAWN, comment=comment)


@outbox.handles(OFFER_LETTER)
def render_offer_letter(*, application_id: int) -> Application | None:
    """Render and attach the offer letter; idempotent (an existing letter is kept)."""
    from .letters import offer_letter_pdf

    application = Application.objects.select_related("intake__programme", "applicant").filter(pk=application_id).first()
    if application is None or application.offer_letter or application.status not in PLACE_STATUSES:
        return application
    accepted_by = timeline(application).filter(to_status=Status.ACCEPTED).order_by("-at").first()
    pdf = offer_letter_pdf(application, signed_by=accepted_by.actor if accepted_by else None)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.offer_letter:
            return locked
        locked.offer_letter.save(f"offer-{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.save(update_fields=["offer_letter"])
        record_event(actor=None, verb="application.offer_letter_ready", target=locked)
    return locked


# Reviews


def _programme_faculty(application: Application) -> list[User]:
    return list(application.programme.faculty.all())


@transaction.atomic
def review(
    *,
    actor: User,
    application: Application,
    experience: int,
    motivation: int,
    fit: int,
    language: int,
    recommendation: str,
    comments: str = "",
) -> Review:
    """One review per reviewer; writing again replaces their scores."""
    application = _lock(application)
    if not any(person.pk == actor.pk for person in _programme_faculty(application)):
        raise PermissionDenied(str(ERROR_NOT_REVIEWER))
    if application.status not in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.INTERVIEW, Status.WAITLISTED):
        raise ConflictError(str(ERROR_NOT_REVIEWABLE), code="not_reviewable")
    scores = {"experience": experience, "motivation": motivation, "fit": fit, "language": language}
    errors = {name: _("Give a score from 1 to 5.") for name, value in scores.items() if value not in range(1, 6)}
    if recommendation not in Recommendation.values:
        errors["recommendation"] = _("Choose accept, waitlist or do not accept.")
    if errors:
        raise ValidationError(errors)
    result, _created = Review.objects.update_or_create(
        application=application,
        reviewer=actor,
        defaults={**scores, "recommendation": recommendation, "comments": comments},
    )
    record_event(actor=actor, verb="application.reviewed", target=application, recommendation=recommendation)
    return result


# Placement


def _create_placement(application: Application) -> Placement:
    faculty = sorted(_programme_faculty(application), key=lambda person: person.full_name)
    placement, _created = Placement.objects.get_or_create(
        application=application,
        defaults={
            "supervisor": faculty[0] if faculty else None,
            "department": application.programme.department,
            "starts_on": application.start_date,
            "ends_on": application.end_date,
        },
    )
    return placement


def _lock_placement(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("application__intake__programme").get(pk=placement.pk)


@transaction.atomic
def update_placement(
    *, actor: User, placement: Placement, supervisor: User, starts_on: date, ends_on: date, department: str
) -> Placement:
    if not actor.is_coordinator:
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": OFFICE.label}))
    placement = _lock_placement(placement)
    if not any(person.pk == supervisor.pk for person in _programme_faculty(placement.application)):
        raise ValidationError({"supervisor": str(ERROR_NOT_SUPERVISOR_FACULTY)})
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The placement must end after it starts.")})
    placement.supervisor, placement.starts_on, placement.ends_on = supervisor, starts_on, ends_on
    placement.department = department
    placement.save()
    record_event(actor=actor, verb="placement.updated", target=placement)
    return placement


def _require_in_progress(placement: Placement) -> None:
    if placement.application.status != Status.IN_PROGRESS:
        raise ConflictError(str(ERROR_NOT_IN_PROGRESS), code="not_in_progress")


def _require_supervisor(actor: User, placement: Placement) -> None:
    if not (actor.is_coordinator or placement.supervisor_id == actor.pk):
        raise PermissionDenied(str(ERROR_NOT_SUPERVISOR))


@transaction.atomic
def add_logbook_entry(
    *, actor: User, placement: Placement, day: date, activity: str, hours: Decimal, notes: str = ""
) -> LogbookEntry:
    placement = _lock_placement(placement)
    if placement.application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_TRAINEE))
    _require_in_progress(placement)
    errors = {}
    if not placement.starts_on <= day <= placement.ends_on:
        errors["day"] = str(ERROR_DAY_OUTSIDE % {"start": placement.starts_on, "end": placement.ends_on})
    if not Decimal("0") < hours <= Decimal("24"):
        errors["hours"] = str(_("Hours in a day: more than 0, at most 24."))
    if not activity.strip():
        errors["activity"] = str(ERROR_MISSING_FIELD)
    if errors:
        raise ValidationError(errors)
    return LogbookEntry.objects.create(
        placement=placement, day=day, activity=activity.strip(), hours=hours, notes=notes
    )


@transaction.atomic
def countersign(*, actor: User, entry: LogbookEntry) -> LogbookEntry:
    entry = LogbookEntry.objects.select_for_update().select_related("placement__application").get(pk=entry.pk)
    _require_supervisor(actor, entry.placement)
    if entry.countersigned_at is None:
        entry.countersigned_by = actor
        entry.countersigned_at = timezone.now()
        entry.save(update_fields=["countersigned_by", "countersigned_at"])
        record_event(actor=actor, verb="logbook.countersigned", target=entry)
        evidence.logbook_countersigned(entry)
    return entry


def logged_hours(placement: Placement) -> Decimal:
    """Countersigned hours only: what the supervisor vouched for goes on the certificate."""
    total = placement.logbook.filter(countersigned_at__isnull=False).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


@transaction.atomic
def evaluate(
    *,
    actor: User,
    placement: Placement,
    clinical_knowledge: int,
    clinical_skills: int,
    professionalism: int,
    communication: int,
    satisfactory: bool,
    comments: str = "",
) -> Evaluation:
    """The final evaluation; a satisfactory one completes the placement and issues the certificate."""
    placement = _lock_placement(placement)
    _require_supervisor(actor, placement)
    _require_in_progress(placement)
    if Evaluation.objects.filter(placement=placement).exists():
        raise ConflictError(str(ERROR_ALREADY_EVALUATED), code="already_evaluated")
    ratings = {
        "clinical_knowledge": clinical_knowledge,
        "clinical_skills": clinical_skills,
        "professionalism": professionalism,
        "communication": communication,
    }
    errors = {name: _("Rate from 1 to 5.") for name, value in ratings.items() if value not in range(1, 6)}
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        placement=placement, evaluator=actor, satisfactory=satisfactory, comments=comments, **ratings
    )
    record_event(actor=actor, verb="placement.evaluated", target=placement, satisfactory=satisfactory)
    if satisfactory:
        evidence.placement_evaluated(evaluation)
        application = transition(actor=None, application=placement.application, to_status=Status.COMPLETED)
        issue_on_completion(completion=completion(placement, application=application))
    return evaluation


def completion(placement: Placement, *, application: Application | None = None) -> Completion:
    """What the certificate of a completed placement says (shared with the cohort provider)."""
    application = application or placement.application
    programme = application.programme
    return Completion(
        recipient=application.applicant,
        kind=Kind(programme.programme_type),
        title=title_in(programme, application.applicant.preferred_language),
        source=placement,
        hours=logged_hours(placement) or None,
        started_on=placement.starts_on,
        ended_on=placement.ends_on,
        faculty=(placement.supervisor,) if placement.supervisor_id else (),
        credits=tuple(credit.as_credit() for credit in programme.credits.all()),
    )


def feedback_refusal(placement: Placement) -> ConflictError | None:
    """Why the trainee may not give feedback now (None when they may): asked by the placement
    page before it shows the form, and by `give_feedback`."""
    if placement.application.status not in (Status.IN_PROGRESS, Status.COMPLETED):
        return ConflictError(str(ERROR_NOT_IN_PROGRESS), code="not_in_progress")
    if timezone.localdate() < placement.starts_on:
        return ConflictError(
            str(ERROR_FEEDBACK_BEFORE_START % {"date": date_format(placement.starts_on, "DATE_FORMAT")}),
            code="not_started",
        )
    return None


@transaction.atomic
def give_feedback(
    *, actor: User, placement: Placement, rating: int, best: str = "", improve: str = ""
) -> TraineeFeedback:
    placement = _lock_placement(placement)
    if placement.application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_TRAINEE))
    refusal = feedback_refusal(placement)
    if refusal is not None:
        raise refusal
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    feedback, _created = TraineeFeedback.objects.update_or_create(
        placement=placement, defaults={"rating": rating, "best": best, "improve": improve}
    )
    return feedback


# Retention

NOT_ACCEPTED = (Status.DRAFT, Status.REJECTED, Status.WITHDRAWN, Status.DECLINED)


def erase_unaccepted_applications(*, now=None) -> int:
    """Applications that never led to a placement are kept `APPLICATION_RETENTION_DAYS` after
    their last change, then what the applicant wrote and uploaded is erased (the row, its status
    and dates stay for the office's counts). Idempotent: run daily by beat. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.APPLICATION_RETENTION_DAYS)
    holds_data = (~Q(motivation="") | ~Q(current_position="") | ~Q(institution_other="") | ~Q(offer_letter="")) | Q(
        documents__isnull=False
    )
    stale = (
        Application.objects.filter(status__in=NOT_ACCEPTED, status_changed_at__lt=cutoff, placement__isnull=True)
        .filter(holds_data)
        .distinct()
        .values_list("pk", flat=True)
    )
    erased = 0
    for application_id in list(stale):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            for document in application.documents.all():
                document.file.delete(save=False)
            application.documents.all().delete()
            if application.offer_letter:
                application.offer_letter.delete(save=False)
            application.motivation = application.current_position = application.institution_other = ""
            application.save(update_fields=["motivation", "current_position", "institution_other", "offer_letter"])
            record_event(
                actor=None, verb="application.erased", target=application, days=settings.APPLICATION_RETENTION_DAYS
            )
        erased += 1
    return erased
