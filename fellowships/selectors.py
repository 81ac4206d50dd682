"""Reads shared by the fellowship pages and the API: who sees which application, the
catalogue, the pipeline; each with the joins its list needs so query counts stay flat."""

from collections import Counter

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.covers import with_card_covers
from lms import workflow
from lms.models import AuditEvent, User

from .models import (
    PLACE_STATUSES,
    Application,
    Intake,
    LogbookEntry,
    Placement,
    ProgrammePage,
    ProgrammeType,
    Review,
    Status,
)


def programmes() -> QuerySet[ProgrammePage]:
    return ProgrammePage.objects.live().public().order_by("title")


def programme_catalogue(*, parent, params) -> dict:
    """The catalogue's programmes, filtered by type and department, with their open intakes."""
    listed = programmes().child_of(parent)
    kind = params.get("type", "")
    department = params.get("department", "")
    if kind in ProgrammeType.values:
        listed = listed.filter(programme_type=kind)
    if department:
        listed = listed.filter(department=department)
    listed = list(with_card_covers(listed))
    open_now = _open_intakes_of([p.translation_key for p in listed]).select_related("programme")
    by_programme: dict = {}
    for intake in open_now:
        by_programme.setdefault(intake.programme.translation_key, []).append(intake)
    for programme in listed:
        programme.open_intakes = by_programme.get(programme.translation_key, [])
    departments = programmes().child_of(parent).order_by("department").values_list("department", flat=True).distinct()
    return {
        "programmes": listed,
        "types": ProgrammeType.choices,
        "departments": list(departments),
        "selected_type": kind,
        "selected_department": department,
    }


def _open_intakes_of(translation_keys: list) -> QuerySet[Intake]:
    """Intakes hang off the default-language page; any translation of it shows them."""
    today = timezone.localdate()
    return Intake.objects.filter(
        programme__translation_key__in=translation_keys, opens_on__lte=today, closes_on__gte=today
    ).order_by("earliest_start")


def open_intakes(*, programme: ProgrammePage) -> QuerySet[Intake]:
    return _open_intakes_of([programme.translation_key])


def _with_related(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("applicant", "intake__programme", "institution", "sponsor")


def visible_applications(*, user: User) -> QuerySet[Application]:
    """Coordinators: all. Faculty: their own, and the submitted ones of programmes they review
    or supervise. Everyone else: their own. Anything else answers 404."""
    if user.is_coordinator:
        return _with_related(Application.objects.all())
    mine = Q(applicant=user)
    if user.is_faculty:
        mine |= Q(intake__programme__faculty=user) & ~Q(status=Status.DRAFT)
    return _with_related(Application.objects.filter(mine).distinct())


def staff_applications(*, user: User) -> QuerySet[Application]:
    """Applications a person handles as faculty or coordinator (never their own)."""
    if user.is_coordinator:
        return _with_related(Application.objects.exclude(status=Status.DRAFT))
    return _with_related(
        Application.objects.filter(intake__programme__faculty=user).exclude(status=Status.DRAFT).distinct()
    )


def may_manage(user: User, application: Application) -> bool:
    """Staff view of an application (reviews, internal comments): coordinators and the
    programme's faculty, never the applicant."""
    if application.applicant_id == user.pk:
        return False
    return staff_applications(user=user).filter(pk=application.pk).exists()


def my_applications(*, user: User) -> QuerySet[Application]:
    return _with_related(Application.objects.filter(applicant=user)).order_by("-created_at")


def timeline(application: Application, *, for_applicant: bool) -> list[AuditEvent]:
    """The application's status changes, oldest first, each with `status_label`; the applicant
    sees only what is theirs."""
    events = list(workflow.timeline(application, for_owner=for_applicant).exclude(to_status=""))
    labels = dict(Status.choices)
    for event in events:
        event.status_label = labels.get(event.to_status, event.to_status)
    return events


def attach_timelines(applications: list[Application]) -> list[Application]:
    """Give each application `applicant_timeline` (what the applicant may read) in one query."""
    events: dict[str, list[AuditEvent]] = {}
    rows = AuditEvent.objects.filter(
        target_type=Application._meta.label_lower,
        target_id__in=[str(application.pk) for application in applications],
        visible_to_owner=True,
    ).exclude(to_status="")
    for event in rows.order_by("at", "pk"):
        events.setdefault(event.target_id, []).append(event)
    for application in applications:
        application.applicant_timeline = events.get(str(application.pk), [])
    return applications


def review_queue(*, user: User) -> QuerySet[Application]:
    """What a reviewer still has to review, oldest submission first."""
    reviewed = Review.objects.filter(reviewer=user).values("application")
    return (
        staff_applications(user=user)
        .filter(status__in=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.INTERVIEW])
        .exclude(pk__in=reviewed)
        .order_by("submitted_at")
    )


def reviews_of(application: Application) -> QuerySet[Review]:
    return application.reviews.select_related("reviewer").order_by("created_at")


def intakes_with_counts() -> QuerySet[Intake]:
    return Intake.objects.select_related("programme").annotate(
        taken=Count("applications", filter=Q(applications__status__in=PLACE_STATUSES)),
        submitted=Count("applications", filter=~Q(applications__status=Status.DRAFT)),
    )


def pipeline(*, intake: Intake, status: str = "") -> dict:
    """Counts per status for the intake, and its applications (filtered by status)."""
    counts = Counter(dict(intake.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    # Every row is this intake's, so its programme page is not joined again; the reviews are
    # counted per row by a subquery, not a GROUP BY over every joined column, so the page's
    # LIMIT can walk the (intake, submitted_at, id) index (30 ms -> 1 ms at 1,000 applications).
    reviews = (
        Review.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    applications = (
        intake.applications.exclude(status=Status.DRAFT)
        .select_related("applicant", "institution", "sponsor")
        .annotate(review_count=Coalesce(Subquery(reviews), 0))
        .order_by("submitted_at", "pk")
    )
    if status in Status.values:
        applications = applications.filter(status=status)
    return {
        "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "applications": applications,
        "places_taken": sum(counts.get(value, 0) for value in PLACE_STATUSES),
    }


def visible_placements(*, user: User) -> QuerySet[Placement]:
    placements = Placement.objects.select_related(
        "application__applicant", "application__intake__programme", "supervisor"
    )
    if user.is_coordinator:
        return placements
    return placements.filter(Q(application__applicant=user) | Q(supervisor=user))


def logbook(placement: Placement) -> QuerySet[LogbookEntry]:
    return placement.logbook.select_related("countersigned_by")


def first_waitlisted(intake: Intake) -> Application | None:
    """Who is offered a freed place: the longest on the waitlist."""
    return (
        Application.objects.filter(intake=intake, status=Status.WAITLISTED)
        .select_related("applicant")
        .order_by("status_changed_at", "pk")
        .first()
    )
