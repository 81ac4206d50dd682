"""Reads shared by the record page, the committee view, the API and transcripts.

The training record is one read model built from a fixed number of queries, whatever the
number of certificates, evidence rows or assessments: certificates with their credits, live
evidence with its competency, completed assessments with their level, each fetched once and
grouped in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from certificates.models import Certificate, CertificateCredit, Kind
from lms.models import User

from .models import (
    EPA,
    Assessment,
    Committee,
    CommitteeDecision,
    Competency,
    Concern,
    Evidence,
    Framework,
    TrainingLink,
)
from .registry import training_content_types, training_kinds

TREND_WINDOW = 3  # the latest assessments a trend compares


@dataclass
class CreditTotal:
    system: str
    label: str
    amount: Decimal


@dataclass
class YearTotal:
    year: int
    hours: Decimal = Decimal(0)
    credits: dict[str, CreditTotal] = field(default_factory=dict)


@dataclass
class CompetencyRecord:
    competency: Competency
    evidence: list[Evidence]


@dataclass
class EPARecord:
    epa: EPA
    assessments: list[Assessment]  # completed, newest first

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def trend(self) -> str:
        """ "up", "down" or "steady" across the latest few levels, "" with fewer than two."""
        levels = [a.level.value for a in self.assessments[:TREND_WINDOW]]
        if len(levels) < 2:
            return ""
        if levels[0] > levels[-1]:
            return "up"
        if levels[0] < levels[-1]:
            return "down"
        return "steady"


@dataclass
class Record:
    person: User
    start: date | None
    end: date | None
    certificates: list[Certificate]
    years: list[YearTotal]
    competencies: list[CompetencyRecord]
    epas: list[EPARecord]

    @property
    def evidence_count(self) -> int:
        return sum(len(row.evidence) for row in self.competencies)


def _in_period(field_name: str, start: date | None, end: date | None) -> Q:
    condition = Q()
    if start:
        condition &= Q(**{f"{field_name}__gte": start})
    if end:
        condition &= Q(**{f"{field_name}__lte": end})
    return condition


def programme_choices() -> list[tuple[str, str]]:
    """The programmes a record can be narrowed to: what the 'programme' training kind lists."""
    kind = training_kinds().get("programme")
    return [(str(obj.pk), label) for obj, label in kind.choices()] if kind else []


def _programme_scope(programme_id: str | None) -> tuple[set[int], set[int]] | None:
    """The competencies and EPAs a programme is linked to, or None for no narrowing."""
    kind = training_kinds().get("programme")
    if not programme_id or kind is None:
        return None
    links = list(
        TrainingLink.objects.filter(target_type=kind.content_type, target_id=str(programme_id)).values_list(
            "competency_id", "epa_id"
        )
    )
    epas = {epa for _competency, epa in links if epa}
    competencies = {competency for competency, _epa in links if competency}
    competencies |= set(
        EPA.competencies.through.objects.filter(epa_id__in=epas).values_list("competency_id", flat=True)
    )
    return competencies, epas


def record_certificates(person: User, start: date | None, end: date | None) -> list[Certificate]:
    """Ready certificates of everything completed here (transcripts and period statements left
    out: they list these)."""
    return list(
        Certificate.objects.filter(
            _in_period("issued_at__date", start, end), recipient=person, status=Certificate.Status.READY
        )
        .exclude(kind__in=[Kind.TRANSCRIPT, Kind.LIVE_STATEMENT])  # each lists certificates shown here
        .prefetch_related(Prefetch("credits", queryset=CertificateCredit.objects.order_by("pk")))
        .order_by("-issued_at", "-pk")
    )


def _year_totals(certificates: list[Certificate]) -> list[YearTotal]:
    years: dict[int, YearTotal] = {}
    for certificate in certificates:
        total = years.setdefault(certificate.issued_at.year, YearTotal(year=certificate.issued_at.year))
        total.hours += certificate.hours or 0
        for credit in certificate.credits.all():
            amount = credit.claimed if credit.claimed is not None else credit.designated
            row = total.credits.setdefault(
                credit.system, CreditTotal(credit.system, str(credit.get_system_display()), Decimal(0))
            )
            row.amount += amount
    return [years[year] for year in sorted(years, reverse=True)]


def training_record(
    person: User, *, start: date | None = None, end: date | None = None, programme: str | None = None
) -> Record:
    """Everything `person` did here, optionally within a period and narrowed to the
    competencies and EPAs one programme trains."""
    scope = _programme_scope(programme)
    certificates = record_certificates(person, start, end)
    evidence = Evidence.objects.filter(
        _in_period("occurred_on", start, end), learner=person, withdrawn_at__isnull=True
    ).select_related("competency__framework")
    if scope is not None:
        evidence = evidence.filter(competency_id__in=scope[0])
    by_competency: dict[int, CompetencyRecord] = {}
    for row in evidence.order_by("competency__framework__title", "competency__sort_order", "-occurred_on", "-pk"):
        by_competency.setdefault(row.competency_id, CompetencyRecord(row.competency, [])).evidence.append(row)
    assessments = (
        Assessment.objects.filter(
            _in_period("completed_at__date", start, end), trainee=person, status=Assessment.Status.COMPLETED
        )
        .select_related("epa__framework", "epa__scale", "level__scale", "supervisor")
        .prefetch_related("epa__scale__levels", "epa__competencies")
    )
    if scope is not None:
        assessments = assessments.filter(epa_id__in=scope[1])
    by_epa: dict[int, EPARecord] = {}
    for assessment in assessments.order_by("epa__framework__title", "epa__sort_order", "-completed_at", "-pk"):
        by_epa.setdefault(assessment.epa_id, EPARecord(assessment.epa, [])).assessments.append(assessment)
    return Record(
        person=person,
        start=start,
        end=end,
        certificates=certificates,
        years=_year_totals(certificates),
        competencies=list(by_competency.values()),
        epas=list(by_epa.values()),
    )


def visible_assessments(*, user: User) -> QuerySet[Assessment]:
    """A trainee sees the assessments they asked for, a supervisor those asked of them, the
    office all; everyone else's answer 404."""
    qs = Assessment.objects.select_related("epa__scale", "level__scale", "trainee", "supervisor")
    if user.is_coordinator:
        return qs
    return qs.filter(Q(trainee=user) | Q(supervisor=user))


def supervisor_queue(*, user: User) -> QuerySet[Assessment]:
    return visible_assessments(user=user).filter(supervisor=user, status=Assessment.Status.REQUESTED)


def followed_trainees(*, user: User) -> QuerySet[User]:
    """Trainees whose progress `user` follows: those who asked them for an assessment and those
    of their committees; the office follows everyone who has an assessment or a committee."""
    if user.is_coordinator:
        condition = Q(epa_assessments__isnull=False) | Q(reviewed_by_committees__isnull=False)
    else:
        condition = Q(epa_assessments__supervisor=user) | Q(reviewed_by_committees__members=user)
    ids = User.objects.filter(condition).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


@dataclass
class TraineeProgress:
    trainee: User
    epas: list[EPARecord]
    concerns: int
    decision: CommitteeDecision | None


def progress_of(trainees: list[User]) -> list[TraineeProgress]:
    """Per trainee, per EPA: completed assessments (count, latest level, trend), open concerns
    and the latest committee decision; four queries for any number of trainees."""
    ids = [trainee.pk for trainee in trainees]
    by_trainee: dict[int, dict[int, EPARecord]] = defaultdict(dict)
    completed = (
        Assessment.objects.filter(trainee_id__in=ids, status=Assessment.Status.COMPLETED)
        .select_related("epa", "level__scale")
        .order_by("epa__sort_order", "epa_id", "-completed_at", "-pk")
    )
    for assessment in completed:
        by_trainee[assessment.trainee_id].setdefault(
            assessment.epa_id, EPARecord(assessment.epa, [])
        ).assessments.append(assessment)
    concerns: dict[int, int] = defaultdict(int)
    for trainee_id in Concern.objects.filter(trainee_id__in=ids).values_list("trainee_id", flat=True):
        concerns[trainee_id] += 1
    decisions: dict[int, CommitteeDecision] = {}
    for decision in (
        CommitteeDecision.objects.filter(trainee_id__in=ids).select_related("committee").order_by("-decided_at", "-pk")
    ):
        decisions.setdefault(decision.trainee_id, decision)
    return [
        TraineeProgress(
            trainee=trainee,
            epas=list(by_trainee[trainee.pk].values()),
            concerns=concerns[trainee.pk],
            decision=decisions.get(trainee.pk),
        )
        for trainee in trainees
    ]


def committees_of(*, user: User) -> QuerySet[Committee]:
    qs = Committee.objects.select_related("framework")
    return qs if user.is_coordinator else qs.filter(members=user)


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("sort_order", "pk")),
        Prefetch("epas", queryset=EPA.objects.select_related("scale").prefetch_related("competencies")),
    )


def epas() -> QuerySet[EPA]:
    return EPA.objects.select_related("framework", "scale").prefetch_related("competencies", "scale__levels")


def links_of(target) -> QuerySet[TrainingLink]:
    return TrainingLink.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False), target_id=str(target.pk)
    ).select_related("competency", "epa")


def registered_links() -> QuerySet[TrainingLink]:
    """Links from the kinds of training domain apps registered. Other targets (the demo links
    certificates, tests link any row as a source) back evidence but are no training to list."""
    return TrainingLink.objects.filter(target_type__in=training_content_types())


def links_in(framework: Framework) -> QuerySet[TrainingLink]:
    """The framework's links, a training's links together (the linking page's list)."""
    return (
        registered_links()
        .filter(Q(competency__framework=framework) | Q(epa__framework=framework))
        .select_related("competency", "epa")
        .order_by("target_type_id", "target_id", "epa_id", "competency__sort_order", "pk")
    )


@dataclass(frozen=True)
class TrainingChoices:
    """Every piece of training a coordinator can link, read once per request: the picker's
    groups (one per registered kind) and each link's label by (content type id, target id)."""

    groups: list[tuple[str, list[tuple[str, str]]]]
    labels: dict[tuple[int, str], str]
    objects: dict[str, object]
    kinds: dict[int, str]  # content type id → the registry's key

    def label_of(self, link: TrainingLink) -> str:
        return self.labels.get((link.target_type_id, link.target_id), "")

    def kind_of(self, link: TrainingLink) -> str:
        return self.kinds.get(link.target_type_id, "")


def training_choices() -> TrainingChoices:
    groups, labels, objects, kinds = [], {}, {}, {}
    for kind in training_kinds().values():
        kinds[kind.content_type.pk] = kind.key
        options = []
        for target, label in kind.choices():
            value = f"{kind.key}:{target.pk}"
            options.append((value, label))
            labels[(kind.content_type.pk, str(target.pk))] = f"{kind.label}: {label}"
            objects[value] = target
        groups.append((str(kind.label), options))
    return TrainingChoices(groups=groups, labels=labels, objects=objects, kinds=kinds)


def decisions_of(trainee: User) -> QuerySet[CommitteeDecision]:
    return CommitteeDecision.objects.filter(trainee=trainee).select_related("committee", "decided_by")
