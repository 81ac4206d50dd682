"""Reads shared by the live training pages and the API, with their joins, so lists stay flat."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate
from lms.models import User

from .models import Case, Evaluation, Registration, Series, Session


def published_series() -> QuerySet[Series]:
    return (
        Series.objects.filter(published=True)
        .prefetch_related("faculty", "institutions")
        .annotate(
            upcoming_count=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__ends_at__gt=timezone.now()),
            )
        )
        .order_by("title", "pk")
    )


def is_series_faculty(*, user: User | None, series_id: int) -> bool:
    """One of the series' own faculty (the office is not, by this test)."""
    return (
        user is not None
        and user.is_authenticated
        and Series.faculty.through.objects.filter(series_id=series_id, user_id=user.pk).exists()
    )


def teaches(*, user: User, series: Series) -> bool:
    """Sees what the series' faculty see: its faculty and the office."""
    return user.is_authenticated and (user.is_coordinator or is_series_faculty(user=user, series_id=series.pk))


def sessions() -> QuerySet[Session]:
    """Sessions of published series, with how many are registered."""
    return (
        Session.objects.filter(series__published=True)
        .select_related("series")
        .annotate(
            registered_count=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED))
        )
        .order_by("starts_at", "pk")
    )


def upcoming_sessions() -> QuerySet[Session]:
    return sessions().filter(status=Session.Status.SCHEDULED, ends_at__gt=timezone.now())


def taught_sessions(*, user: User) -> QuerySet[Session]:
    """Sessions whose series the person teaches; coordinators see all, newest first."""
    qs = Session.objects.all() if user.is_coordinator else Session.objects.filter(series__faculty=user)
    return (
        qs.select_related("series")
        .annotate(
            registered_count=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED))
        )
        .order_by("-starts_at", "-pk")
    )


def my_registrations(*, user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person=user)
        .select_related("session__series")
        .annotate(evaluated=Exists(Evaluation.objects.filter(registration=OuterRef("pk"))))
        .order_by("-session__starts_at", "-pk")
    )


def registrations_by_session(*, user: User, sessions) -> dict[int, Registration]:
    """The person's live registration for each of these sessions, in one query."""
    if not user.is_authenticated:
        return {}
    registrations = Registration.objects.filter(
        person=user, session__in=[s.pk for s in sessions], status=Registration.Status.REGISTERED
    ).select_related("session__series")
    return {registration.session_id: registration for registration in registrations}


def certificates_by_registration(registrations) -> dict[int, Certificate]:
    """The live certificate of each registration, in one query."""
    ids = [str(registration.pk) for registration in registrations]
    if not ids:
        return {}
    source_type = ContentType.objects.get_for_model(Registration)
    found = Certificate.objects.filter(
        source_type=source_type, source_id__in=ids, status__in=Certificate.LIVE_STATUSES
    ).only("pk", "serial", "status", "source_id", "verification_code")
    return {int(certificate.source_id): certificate for certificate in found}


def may_read_cases(*, user: User, session: Session) -> bool:
    """The series' faculty, the office and the session's registered people; nobody else."""
    if not user.is_authenticated:
        return False
    if teaches(user=user, series=session.series):
        return True
    return Registration.objects.filter(session=session, person=user, status=Registration.Status.REGISTERED).exists()


def cases(*, session: Session) -> QuerySet[Case]:
    return (
        session.cases.exclude(status=Case.Status.ERASED)
        .select_related("presenter", "recommended_by")
        .prefetch_related("attachments")
        .order_by("submitted_at", "pk")
    )


def visible_case(*, user: User, pk: int) -> Case | None:
    case = Case.objects.select_related("session__series", "presenter").filter(pk=pk).first()
    if case is None:
        return None
    if case.presenter_id != user.pk and not may_read_cases(user=user, session=case.session):
        return None
    return case


def roster(*, session: Session) -> QuerySet[Registration]:
    return (
        session.registrations.select_related("person", "person__institution", "session__series")
        .prefetch_related(Prefetch("presences"))
        .order_by("status", "person__full_name", "pk")
    )
