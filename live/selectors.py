"""Reads shared by the live training pages and the API, with their joins, so lists stay flat."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from certificates.models import Certificate
from cms.i18n import in_default_language, translated_language
from lms.models import User
from lms.web import page_of

from .models import (
    Case,
    EnduringActivity,
    EnduringAttempt,
    Evaluation,
    PeriodStatement,
    Registration,
    Series,
    SeriesPage,
    Session,
)

SERIES_PER_PAGE = 30


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


def series_pages(*, series: list[Series]) -> dict[int, SeriesPage]:
    """Each series' public page in the reader's language: its live translation, else the
    default-language page (a series may have none: the catalogue then shows its own text).
    Two queries for any number of series."""
    originals = list(
        in_default_language(SeriesPage.objects.live())
        .filter(series_id__in=[item.pk for item in series])
        .order_by("path")
    )
    language = translated_language()
    translated = {}
    if language and originals:
        translated = {
            page.translation_key: page
            for page in SeriesPage.objects.live().filter(
                locale__language_code=language, translation_key__in=[page.translation_key for page in originals]
            )
        }
    found: dict[int, SeriesPage] = {}
    for page in originals:
        found.setdefault(page.series_id, translated.get(page.translation_key, page))
    return found


def series_catalogue(*, request) -> dict:
    """The catalogue page's list: published series, each with its page in the reader's language."""
    page = page_of(request, published_series(), SERIES_PER_PAGE)
    pages = series_pages(series=page.object_list)
    return {"page_obj": page, "rows": [(series, pages.get(series.pk)) for series in page.object_list]}


def series_page_context(*, request, series: Series, page: SeriesPage | None = None) -> dict:
    """A series' page: its facts, the upcoming sessions (paged) and the reader's registrations.
    `page` is the series' public page in the reader's language, when it has one."""
    series = published_series().filter(pk=series.pk).first()
    if series is None:
        raise Http404
    upcoming = page_of(request, upcoming_sessions().filter(series=series), SERIES_PER_PAGE)
    mine = registrations_by_session(user=request.user, sessions=upcoming.object_list)
    return {
        "series": series,
        "series_page": page,
        "rows": [(session, mine.get(session.pk)) for session in upcoming.object_list],
        "page_obj": upcoming,
    }


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


def open_enduring(*, today: datetime.date | None = None) -> QuerySet[EnduringActivity]:
    """Enduring activities open for credit, the soonest to close first. `today` is the server's
    date; a day's difference at the series' end is settled by the service, which reads the date
    in the series' time zone."""
    today = today or timezone.localdate()
    return (
        EnduringActivity.objects.filter(
            published=True, session__series__published=True, opens_on__lte=today, closes_on__gte=today
        )
        .select_related("session__series")
        .annotate(question_count=Count("questions"))
        .order_by("closes_on", "pk")
    )


def enduring(*, pk: int) -> EnduringActivity | None:
    """A published enduring activity, open or not (its page says when it is open)."""
    return (
        EnduringActivity.objects.filter(pk=pk, published=True, session__series__published=True)
        .select_related("session__series")
        .prefetch_related("questions", "credits")
        .first()
    )


def enduring_attempts(*, user: User, activity: EnduringActivity) -> list[EnduringAttempt]:
    if not user.is_authenticated:
        return []
    return list(EnduringAttempt.objects.filter(activity=activity, person=user).order_by("-submitted_at", "-pk"))


def enduring_certificate(attempts: list[EnduringAttempt]) -> Certificate | None:
    """The live certificate of the passing attempt, if any."""
    passed = [attempt for attempt in attempts if attempt.passed]
    if not passed:
        return None
    return Certificate.objects.filter(
        source_type=ContentType.objects.get_for_model(EnduringAttempt),
        source_id=str(passed[0].pk),
        status__in=Certificate.LIVE_STATUSES,
    ).first()


STATEMENTS_SHOWN = 5


def recent_statements(*, user: User) -> list[tuple[PeriodStatement, Certificate | None]]:
    """The person's latest period certificates (a few: the rest are in their certificates)."""
    statements = list(PeriodStatement.objects.filter(person=user).order_by("-created_at", "-pk")[:STATEMENTS_SHOWN])
    if not statements:
        return []
    found = Certificate.objects.filter(
        source_type=ContentType.objects.get_for_model(PeriodStatement),
        source_id__in=[str(statement.pk) for statement in statements],
        status__in=Certificate.LIVE_STATUSES,
    ).only("pk", "serial", "status", "source_id", "title")
    by_source = {int(certificate.source_id): certificate for certificate in found}
    return [(statement, by_source.get(statement.pk)) for statement in statements]
