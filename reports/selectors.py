"""The training office's reports: one read per question, each a fixed number of grouped queries
(one, or two where a total row is asked for), however many people, courses or certificates
there are. Every function returns a short list of rows: dicts with a `label` and the numbers.

`reports` sits above the domain apps, as `lms/urls.py` does: it reads their models and none of
them imports it.

What the numbers mean:

- A **trainee** is a person with a residential placement (observership, training fellowship or
  fellowship) that went ahead: its application is confirmed, in progress, completed or
  discontinued. A placement is made when the applicant confirms; one who withdraws before
  starting keeps the row but is no trainee. Each group counts a person once (two placements in
  the same year are one trainee that year). Country is the person's own; institution is the
  one named on the application; a placement's year is the year it starts.
- A **sponsored place** is a trainee's placement whose application names a sponsor.
- **Course completion rate**: completed enrolments over all enrolments (withdrawn ones
  included) begun in the period. **Quiz pass rate**: passed quiz attempts over attempts, for
  those enrolments.
- **Simulation pass rate**: participants assessed as passed over those assessed, in sessions
  held in the period.
- **Application funnel**: of the applications submitted in the period, how many reached each
  stage, read from the audit trail (an application's status forgets how far a withdrawn or
  rejected one had got).
- **Decision time**: days from submission to the first decision (accepted, waitlisted or not
  accepted: the applicant's first answer), averaged per programme type. An average rather than
  a median, because SQLite has no percentile aggregate and both databases must agree.
- **Certificates issued**: certificates that stand (pending, ready, or failed to render and due
  again); revoked ones are left out, and a reissue counts once, as its replacement. Ones still
  waiting for the learner's credit claim are not issued yet. **Credits**: the credit designated
  on those certificates, per credit system.
- **Live training**, per series: sessions held (not cancelled, ended, starting in the period),
  cases presented at them, participants present (a registration with any minutes attended,
  from check-in, the video report, the roster or a correction) and certificates issued for
  them. Per partner: the same presence and cases, by the institution and country on each
  person's profile ("Not given" when the profile names none).
- **Impact** (the public home page): partner centres, the countries they are in, and the
  professionals trained, meaning people holding an issued certificate of any kind.

Filters: the years select each report's own date (a placement's start, a submission, an
enrolment, a session, an issue). The programme type selects residential reports and the
certificates of that kind; course and simulation reports have no programme type.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Avg,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from certificates.credit import CreditSystem
from certificates.models import Certificate, CertificateCredit, Kind
from courses.models import Enrolment
from fellowships.models import Application, Placement, ProgrammeType, Status
from fellowships.services import APPLICATIONS
from live.models import Case, Registration, Series, Session
from lms.model_i18n import in_reader_language
from lms.models import AuditEvent, Institution
from simulation.models import Booking

TRAINEE_STATUSES = (Status.CONFIRMED, Status.IN_PROGRESS, Status.COMPLETED, Status.DISCONTINUED)
ISSUED_STATUSES = (Certificate.Status.PENDING, Certificate.Status.READY, Certificate.Status.FAILED)

# The stages of the funnel, in order, as the workflow's moves that reach them.
FUNNEL = (
    ("submit", _("Submitted")),
    ("review", _("Under review")),
    ("accept", _("Offered a place")),
    ("confirm", _("Confirmed")),
    ("complete", _("Completed")),
)
DECISIONS = ("accept", "waitlist", "reject")

IMPACT_CACHE_KEY = "reports:impact"
IMPACT_CACHE_SECONDS = 60 * 60

NOT_GIVEN = _("Not given")


@dataclass(frozen=True)
class Filters:
    """What the office narrows the reports to; empty means everything."""

    year_from: int | None = None
    year_to: int | None = None
    programme_type: str = ""


@dataclass(frozen=True)
class Impact:
    partner_centres: int
    countries: int
    professionals_trained: int


def _years(field: str, filters: Filters) -> Q:
    """`field`'s year within the filters' years (no condition for a bound left empty)."""
    condition = Q()
    if filters.year_from is not None:
        condition &= Q(**{f"{field}__year__gte": filters.year_from})
    if filters.year_to is not None:
        condition &= Q(**{f"{field}__year__lte": filters.year_to})
    return condition


def _in_years(queryset: QuerySet, field: str, filters: Filters) -> QuerySet:
    return queryset.filter(_years(field, filters))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _days(duration: timedelta | None) -> float | None:
    return round(duration.total_seconds() / 86400, 1) if duration is not None else None


# Residential training


def _placements(filters: Filters) -> QuerySet[Placement]:
    placements = _in_years(Placement.objects.filter(application__status__in=TRAINEE_STATUSES), "starts_on", filters)
    if filters.programme_type:
        placements = placements.filter(application__intake__programme__programme_type=filters.programme_type)
    return placements


TRAINEES = Count("application__applicant", distinct=True)


def trainees_by_country(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """Most trainees first; ties by the country's name in the reader's language (the database
    knows only the codes, so that order is made here, on the few rows fetched)."""
    rows = (
        _placements(filters)
        .values(code=F("application__applicant__country"))
        .annotate(trainees=TRAINEES)
        .order_by("-trainees", "code")[:limit]
    )
    named = [{"label": countries.name(row["code"]) if row["code"] else NOT_GIVEN, **row} for row in rows]
    return sorted(named, key=lambda row: (-row["trainees"], str(row["label"])))


def trainees_by_institution(*, filters: Filters, limit: int | None = None) -> list[dict]:
    rows = (
        _placements(filters)
        .values("application__institution", name=F("application__institution__name"))
        .annotate(trainees=TRAINEES)
        .order_by("-trainees", "name", "application__institution")[:limit]
    )
    return [{"label": row["name"] or _("Other or not given"), "trainees": row["trainees"]} for row in rows]


def trainees_by_programme_type(*, filters: Filters) -> list[dict]:
    counts = dict(
        _placements(filters)
        .values_list("application__intake__programme__programme_type")
        .annotate(trainees=TRAINEES)
        .order_by()
    )
    return [
        {"label": label, "programme_type": value, "trainees": counts[value]}
        for value, label in ProgrammeType.choices
        if value in counts
    ]


def trainees_by_year(*, filters: Filters) -> list[dict]:
    rows = _placements(filters).values(year=ExtractYear("starts_on")).annotate(trainees=TRAINEES).order_by("year")
    return [{"label": str(row["year"]), **row} for row in rows]


def sponsored_places(*, filters: Filters, limit: int | None = None) -> list[dict]:
    rows = (
        _placements(filters)
        .filter(application__sponsor__isnull=False)
        .values(name=F("application__sponsor__name"))
        .annotate(places=Count("pk"), completed=Count("pk", filter=Q(application__status=Status.COMPLETED)))
        .order_by("-places", "name")[:limit]
    )
    return [{"label": row["name"], "places": row["places"], "completed": row["completed"]} for row in rows]


def _applications(filters: Filters) -> QuerySet[Application]:
    applications = _in_years(Application.objects.filter(submitted_at__isnull=False), "submitted_at", filters)
    if filters.programme_type:
        applications = applications.filter(intake__programme__programme_type=filters.programme_type)
    return applications


def _application_events():
    return AuditEvent.objects.filter(target_type=Application._meta.label_lower)


def _verb(move: str) -> str:
    return f"{APPLICATIONS.verb_prefix}.{move}"


def application_funnel(*, filters: Filters) -> list[dict]:
    keys = _applications(filters).annotate(key=Cast("pk", output_field=CharField())).values("key")
    counts = (
        _application_events()
        .filter(target_id__in=keys)
        .aggregate(**{move: Count("target_id", distinct=True, filter=Q(verb=_verb(move))) for move, _label in FUNNEL})
    )
    submitted = counts["submit"]
    return [
        {"label": label, "applications": counts[move], "share": _percent(counts[move], submitted)}
        for move, label in FUNNEL
    ]


def decision_times(*, filters: Filters) -> list[dict]:
    first_decision = (
        _application_events()
        .filter(target_id=Cast(OuterRef("pk"), output_field=CharField()), verb__in=[_verb(m) for m in DECISIONS])
        .order_by("at")
        .values("at")[:1]
    )
    waited = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    rows = {
        row["programme_type"]: row
        for row in _applications(filters)
        .annotate(decided_at=Subquery(first_decision))
        .filter(decided_at__isnull=False)
        .values(programme_type=F("intake__programme__programme_type"))
        .annotate(decided=Count("pk"), average=Avg(waited))
        .order_by()
    }
    return [
        {"label": label, "decided": rows[value]["decided"], "average_days": _days(rows[value]["average"])}
        for value, label in ProgrammeType.choices
        if value in rows
    ]


# Online courses and simulation


def course_results(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """The "All courses" row first, then the courses with most enrolments (`limit` of them)."""
    enrolments = _in_years(Enrolment.objects.all(), "enrolled_at", filters)
    measures = {
        "enrolments": Count("pk", distinct=True),
        "completed": Count("pk", distinct=True, filter=Q(status=Enrolment.Status.COMPLETED)),
        "attempts": Count("quiz_attempts", distinct=True),
        "passed": Count("quiz_attempts", distinct=True, filter=Q(quiz_attempts__passed=True)),
    }
    total = {"label": _("All courses"), **enrolments.order_by().aggregate(**measures)}
    courses = [
        {"label": row.pop("course__title"), **row}
        for row in enrolments.values("course", "course__title")
        .annotate(**measures)
        .order_by("-enrolments", "course__title", "course")[:limit]
    ]
    return [
        {
            **row,
            "completion_rate": _percent(row["completed"], row["enrolments"]),
            "pass_rate": _percent(row["passed"], row["attempts"]),
        }
        for row in [total, *courses]
    ]


def simulation_results(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """The "All scenarios" row first, then the scenarios with most assessments."""
    assessed = _in_years(Booking.objects.exclude(result=""), "session__starts_at", filters)
    measures = {"assessed": Count("pk"), "passed": Count("pk", filter=Q(result=Booking.Result.PASSED))}
    total = {"label": _("All scenarios"), **assessed.order_by().aggregate(**measures)}
    scenarios = list(
        assessed.values("session__scenario")
        .annotate(label=in_reader_language("session__scenario__title"), **measures)
        .order_by("-assessed", "label", "session__scenario")[:limit]
    )
    return [{**row, "pass_rate": _percent(row["passed"], row["assessed"])} for row in [total, *scenarios]]


# Live training


def _held_sessions(filters: Filters) -> QuerySet[Session]:
    held = Session.objects.filter(status=Session.Status.SCHEDULED, ends_at__lte=timezone.now())
    return _in_years(held, "starts_at", filters)


def _present(filters: Filters) -> QuerySet[Registration]:
    minutes = Coalesce("minutes_adjusted", "minutes_attended")
    return Registration.objects.filter(
        status=Registration.Status.REGISTERED, session__in=_held_sessions(filters)
    ).alias(minutes=minutes).filter(minutes__gt=0)


def _count(queryset: QuerySet, outer: str) -> Subquery:
    """A count of `queryset`'s rows whose `outer` is the outer row, as one subquery column."""
    counted = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def live_series(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """Per series, most present first: sessions held, cases presented, people present and the
    certificates issued for those sessions (one query, each measure a subquery)."""
    held = _held_sessions(filters)
    certified = Registration.objects.filter(session__in=held).filter(
        Exists(
            Certificate.objects.filter(
                kind=Kind.LIVE_SESSION,
                status__in=ISSUED_STATUSES,
                source_type=ContentType.objects.get_for_model(Registration),
                source_id=Cast(OuterRef("pk"), CharField()),
            )
        )
    )
    rows = (
        Series.objects.annotate(
            held=_count(held, "series"),
            cases_presented=_count(Case.objects.filter(session__in=held), "session__series"),
            present=_count(_present(filters), "session__series"),
            certificates=_count(certified, "session__series"),
        )
        .filter(held__gt=0)
        .values("title", "held", "cases_presented", "present", "certificates")
        .order_by("-present", "title")[:limit]
    )
    return [
        {
            "label": row["title"],
            "sessions": row["held"],
            "cases": row["cases_presented"],
            "present": row["present"],
            "certificates": row["certificates"],
        }
        for row in rows
    ]


def live_partners(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """Per institution and country, most present first: people present at held sessions and
    the cases they presented (two grouped queries, joined here)."""
    keys = ("person__institution__name", "person__country")
    present = (
        _present(filters)
        .values(*keys)
        .annotate(present=Count("pk"), people=Count("person", distinct=True))
        .order_by()
    )
    cases = (
        Case.objects.filter(session__in=_held_sessions(filters))
        .values("presenter__institution__name", "presenter__country")
        .annotate(cases=Count("pk"))
        .order_by()
    )
    rows: dict[tuple, dict] = {}
    for row in present:
        rows[(row[keys[0]], row[keys[1]])] = {"present": row["present"], "people": row["people"], "cases": 0}
    for row in cases:
        key = (row["presenter__institution__name"], row["presenter__country"])
        rows.setdefault(key, {"present": 0, "people": 0, "cases": 0})["cases"] = row["cases"]
    ordered = sorted(rows.items(), key=lambda item: (-item[1]["present"], -item[1]["cases"], str(item[0])))
    return [
        {
            "label": institution or NOT_GIVEN,
            "country": countries.name(country) if country else NOT_GIVEN,
            **numbers,
        }
        for (institution, country), numbers in ordered[:limit]
    ]


# Certificates and credit


def _issued(filters: Filters, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}status__in": ISSUED_STATUSES}) & _years(f"{prefix}issued_at", filters)
    if filters.programme_type:
        condition &= Q(**{f"{prefix}kind": filters.programme_type})
    return condition


def _per_year(row: dict, key: str, labels: dict) -> dict:
    """A row of a year and a kind of thing: the label names both, for the chart."""
    name = labels.get(row[key], row[key])
    return {**row, "label": f"{row['year']} · {name}", key: name}


def certificates_issued(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """Per year (newest first) and kind."""
    rows = (
        Certificate.objects.filter(_issued(filters))
        .values("kind", year=ExtractYear("issued_at"))
        .annotate(certificates=Count("pk"), hours=Sum("hours"))
        .order_by("-year", "-certificates", "kind")[:limit]
    )
    labels = dict(Kind.choices)
    return [_per_year(row, "kind", labels) for row in rows]


def credits_issued(*, filters: Filters, limit: int | None = None) -> list[dict]:
    """Per year (newest first) and credit system: the credit designated on issued certificates."""
    rows = (
        CertificateCredit.objects.filter(_issued(filters, prefix="certificate__"))
        .values("system", year=ExtractYear("certificate__issued_at"))
        .annotate(certificates=Count("pk"), credits=Sum("designated"))
        .order_by("-year", "system")[:limit]
    )
    return [_per_year(row, "system", dict(CreditSystem.choices)) for row in rows]


# The public home page


def impact() -> Impact:
    """Two counting queries, kept for an hour: the home page is read far more often than these
    numbers change."""

    def count() -> Impact:
        partners = Institution.objects.filter(is_partner=True).aggregate(
            centres=Count("pk"), countries=Count("country", distinct=True)
        )
        trained = Certificate.objects.filter(status__in=ISSUED_STATUSES).aggregate(
            people=Count("recipient", distinct=True)
        )
        return Impact(
            partner_centres=partners["centres"],
            countries=partners["countries"],
            professionals_trained=trained["people"],
        )

    return cache.get_or_set(IMPACT_CACHE_KEY, count, IMPACT_CACHE_SECONDS)
