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
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.services import issue_certificate
from cms.i18n import title_in
from lms import uploads
from lms.errors import ConflictError
from lms.models import Role, User
from lms.services import notify, record_event

from .models import (
    DRAFT_FIELDS,
    DURATION_BOUNDS,
    DURATION_WORDS,
    PLACE_STATUSES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
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

APPLICANT = "applicant"  # the person who applied
OFFICE = "office"  # coordinators
SYSTEM = "system"  # this code, as the consequence of another action (a satisfactory evaluation)

# The workflow: (from, to) -> who may make that move. Anything not here is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): APPLICANT,
    (Status.SUBMITTED, Status.UNDER_REVIEW): OFFICE,
    (Status.UNDER_REVIEW, Status.INTERVIEW): OFFICE,
    (Status.UNDER_REVIEW, Status.ACCEPTED): OFFICE,
    (Status.UNDER_REVIEW, Status.WAITLISTED): OFFICE,
    (Status.UNDER_REVIEW, Status.REJECTED): OFFICE,
    (Status.INTERVIEW, Status.ACCEPTED): OFFICE,
    (Status.INTERVIEW, Status.WAITLISTED): OFFICE,
    (Status.INTERVIEW, Status.REJECTED): OFFICE,
    (Status.WAITLISTED, Status.ACCEPTED): OFFICE,
    (Status.WAITLISTED, Status.REJECTED): OFFICE,
    (Status.ACCEPTED, Status.CONFIRMED): APPLICANT,
    (Status.ACCEPTED, Status.DECLINED): APPLICANT,
    (Status.CONFIRMED, Status.IN_PROGRESS): OFFICE,
    (Status.IN_PROGRESS, Status.COMPLETED): SYSTEM,
    (Status.IN_PROGRESS, Status.DISCONTINUED): OFFICE,
    # The applicant may withdraw at any point before the training starts.
    **{
        (before, Status.WITHDRAWN): APPLICANT
        for before in (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.UNDER_REVIEW,
            Status.INTERVIEW,
            Status.ACCEPTED,
            Status.WAITLISTED,
            Status.CONFIRMED,
        )
    },
}

ERROR_TRANSITION = _("An application that is %(current)s cannot become %(target)s.")
ERROR_NOT_YOURS = _("Only %(who)s can make this change.")
ERROR_INTAKE_CLOSED = _("Applications for this intake are closed.")
ERROR_PROFESSION = _("This programme is open to %(professions)s.")
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
ERROR_NOT_SUPERVISOR = _("Only the placement's supervisor (or the office) does this.")
ERROR_NOT_TRAINEE = _("Only the trainee keeps their logbook.")
ERROR_DAY_OUTSIDE = _("The date must fall within the placement, %(start)s to %(end)s.")
ERROR_ALREADY_EVALUATED = _("The final evaluation has already been recorded.")
ERROR_NOT_SUPERVISOR_FACULTY = _("The supervisor must be one of the programme's faculty.")

UPLOAD_TYPES = ("pdf", "jpg", "png", "docx", "odt")


def _who(role: str) -> str:
    return {APPLICANT: _("the applicant"), OFFICE: _("the training office"), SYSTEM: _("the system")}[role]


def _may_act_as(actor: User | None, role: str, application: Application) -> bool:
    if role == SYSTEM:
        return actor is None
    if role == APPLICANT:
        return actor is not None and actor.pk == application.applicant_id
    return actor is not None and actor.is_coordinator


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("intake__programme", "applicant").get(pk=application.pk)
    )


def _record(application: Application, *, actor, before: str, comment: str, visible: bool) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=before,
        to_status=application.status,
        comment=comment,
        visible_to_applicant=visible,
    )
    record_event(actor=actor, verb=f"application.{application.status}", target=application, before=before)
    return event


# Drafts


def _check_may_apply(actor: User, intake: Intake) -> None:
    if not intake.is_open(timezone.localdate()):
        raise ConflictError(str(ERROR_INTAKE_CLOSED), code="intake_closed")
    allowed = intake.programme.professions()
    if actor.profession and actor.profession not in allowed:
        labels = dict(User.Profession.choices)
        raise ConflictError(
            str(ERROR_PROFESSION % {"professions": ", ".join(str(labels[p]).lower() for p in allowed)}),
            code="profession",
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
            _record(application, actor=actor, before="", comment="", visible=True)
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
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(APPLICANT)}))
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
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(APPLICANT)}))
    if application.status != Status.DRAFT:
        raise ConflictError(str(ERROR_NOT_DRAFT), code="not_draft")
    if kind not in application.programme.required_document_kinds():
        raise ValidationError({"kind": str(ERROR_UNKNOWN_DOCUMENT)})
    try:
        extension = uploads.validate_upload(upload, allowed=UPLOAD_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = uploads.store_private(upload, folder=f"application-documents/{application.pk}", extension=extension)
    document = ApplicationDocument.objects.create(
        application=application, kind=kind, file=name, original_name=upload.name[:255], size=upload.size
    )
    record_event(actor=actor, verb="application.document_added", target=application, kind=kind)
    return document


@transaction.atomic
def remove_document(*, actor: User, document: ApplicationDocument) -> None:
    application = _lock(document.application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(APPLICANT)}))
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
            raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(APPLICANT)}))
        if locked.status == Status.DRAFT:
            missing = missing_for_submission(locked)
            if missing:
                raise ValidationError(missing)
        return transition(actor=actor, application=locked, to_status=Status.SUBMITTED)


# The workflow


def _offer_freed_place(application: Application) -> None:
    """An accepted or confirmed applicant left: tell the office who is first on the waitlist."""
    first = first_waitlisted(application.intake)
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR.value, is_active=True)
    for coordinator in coordinators:
        notify(
            recipient=coordinator,
            subject=_("A place is free: %(intake)s") % {"intake": application.intake},
            template="fellowships/email/place_freed.txt",
            context={"application": application, "first_waitlisted": first, "site_url": settings.SITE_URL},
        )


@transaction.atomic
def transition(
    *, actor: User | None, application: Application, to_status: str, comment: str = "", visible: bool = True
) -> Application:
    """The one way an application changes status: the move must be in TRANSITIONS and the actor
    the one it names; the event records who, when and why; the applicant is emailed after
    commit (internal comments are left out of the email and their timeline)."""
    application = _lock(application)
    before = application.status
    if to_status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    role = TRANSITIONS.get((before, to_status))
    if role is None:
        labels = dict(Status.choices)
        raise ConflictError(
            str(ERROR_TRANSITION % {"current": str(labels[before]).lower(), "target": str(labels[to_status]).lower()}),
            code="transition_not_allowed",
        )
    if not _may_act_as(actor, role, application):
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(role)}))
    today = timezone.localdate()

    if to_status == Status.ACCEPTED:
        intake = Intake.objects.select_for_update().get(pk=application.intake_id)
        taken = Application.objects.filter(intake=intake, status__in=PLACE_STATUSES).count()
        if taken >= intake.places:
            raise ConflictError(str(ERROR_NO_PLACES % {"places": intake.places}), code="no_places")
        application.offer_deadline = today + timedelta(days=intake.offer_days)
    if to_status == Status.CONFIRMED and application.offer_deadline and today > application.offer_deadline:
        raise ConflictError(str(ERROR_OFFER_EXPIRED % {"deadline": application.offer_deadline}), code="offer_expired")

    application.status = to_status
    application.status_changed_at = timezone.now()
    if to_status == Status.SUBMITTED:
        application.submitted_at = application.status_changed_at
    application.save()
    _record(application, actor=actor, before=before, comment=comment, visible=visible)

    if to_status == Status.ACCEPTED:
        transaction.on_commit(lambda: _queue_offer_letter(application.pk))
    if to_status == Status.CONFIRMED:
        _create_placement(application)
    if to_status in (Status.DECLINED, Status.WITHDRAWN) and before in PLACE_STATUSES:
        _offer_freed_place(application)
    notify(
        recipient=application.applicant,
        subject=_("Your application: %(status)s") % {"status": application.get_status_display()},
        template="fellowships/email/status_changed.txt",
        context={"application": application, "comment": comment if visible else "", "site_url": settings.SITE_URL},
    )
    return application


def withdraw(*, actor: User, application: Application, comment: str = "") -> Application:
    return transition(actor=actor, application=application, to_status=Status.WITHDRAWN, comment=comment)


def _queue_offer_letter(application_id: int) -> None:
    from .tasks import render_offer_letter_task

    render_offer_letter_task.delay(application_id)


def render_offer_letter(*, application_id: int) -> Application | None:
    """Render and attach the offer letter; idempotent (an existing letter is kept)."""
    from .letters import offer_letter_pdf

    application = Application.objects.select_related("intake__programme", "applicant").filter(pk=application_id).first()
    if application is None or application.offer_letter or application.status not in PLACE_STATUSES:
        return application
    accepted_by = application.events.filter(to_status=Status.ACCEPTED).select_related("actor").order_by("-at").first()
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
        raise PermissionDenied(str(ERROR_NOT_YOURS % {"who": _who(OFFICE)}))
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
        application = transition(actor=None, application=placement.application, to_status=Status.COMPLETED)
        issue_certificate(**completion_fields(placement, application=application), actor=None)
    return evaluation


def completion_fields(placement: Placement, *, application: Application | None = None) -> dict:
    """What the certificate of a completed placement says (shared with the cohort provider)."""
    application = application or placement.application
    programme = application.programme
    return {
        "recipient": application.applicant,
        "kind": programme.programme_type,
        "title": title_in(programme, application.applicant.preferred_language),
        "source": placement,
        "hours": logged_hours(placement) or None,
        "started_on": placement.starts_on,
        "ended_on": placement.ends_on,
        "faculty": [placement.supervisor] if placement.supervisor_id else [],
    }


@transaction.atomic
def give_feedback(
    *, actor: User, placement: Placement, rating: int, best: str = "", improve: str = ""
) -> TraineeFeedback:
    placement = _lock_placement(placement)
    if placement.application.applicant_id != actor.pk:
        raise PermissionDenied(str(ERROR_NOT_TRAINEE))
    if placement.application.status not in (Status.IN_PROGRESS, Status.COMPLETED):
        raise ConflictError(str(ERROR_NOT_IN_PROGRESS), code="not_in_progress")
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    feedback, _created = TraineeFeedback.objects.update_or_create(
        placement=placement, defaults={"rating": rating, "best": best, "improve": improve}
    )
    return feedback
