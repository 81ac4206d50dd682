"""Reads shared by the certificate pages, the API and domain apps."""

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from lms.models import AuditEvent, User

from .cohorts import CohortProvider, Completion
from .models import Certificate, CertificateTemplate, IssuanceBatch, Kind, normalised_code

TEMPLATES_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    signature: str | None  # the image, as a data: URI


@dataclass(frozen=True)
class TemplateLook:
    """A template as the PDF uses it, its images already read (from the media storage, which may
    be remote) and embedded as data: URIs."""

    template: CertificateTemplate
    logo: str | None
    signatures: list[Signature] = field(default_factory=list)


def image_data_uri(image) -> str | None:
    """A Wagtail image's original file, embedded; None when it has none or cannot be read."""
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    mime = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def _templates_key(kind: str) -> str:
    return f"certificates:templates:{kind}"


def templates_of_kind(kind: str) -> dict[str, TemplateLook]:
    """{language: look} for one kind, kept in the cache: every render and issue reads it, and
    templates change rarely. `forget_templates` drops it when a template, a signatory or an
    image is saved or deleted."""
    looks = cache.get(_templates_key(kind))
    if looks is None:
        templates = (
            CertificateTemplate.objects.filter(kind=kind)
            .select_related("logo")
            .prefetch_related("signatories__signature")
        )
        looks = {
            template.language: TemplateLook(
                template=template,
                logo=image_data_uri(template.logo),
                signatures=[
                    Signature(name=s.name, role=s.role, signature=image_data_uri(s.signature))
                    for s in template.signatories.all()
                ],
            )
            for template in templates
        }
        cache.set(_templates_key(kind), looks, TEMPLATES_CACHE_SECONDS)
    return looks


def forget_templates(**_signal) -> None:
    """Now, so this process reads the change at once, and after commit, so no other process keeps
    a copy it read before the change was committed."""
    keys = [_templates_key(kind) for kind in Kind.values]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def template_look(*, kind: str, language: str) -> TemplateLook | None:
    """The template a certificate of this kind uses: in its language, else English, else any."""
    looks = templates_of_kind(kind)
    return looks.get(language) or looks.get("en") or next(iter(looks.values()), None)


def validity_months(*, kind: str, language: str) -> int | None:
    """How long certificates of this kind stay valid: the template in their language sets it,
    else the English one; None when neither does."""
    looks = templates_of_kind(kind)
    for candidate in (language, "en"):
        if candidate in looks and looks[candidate].template.validity_months is not None:
            return looks[candidate].template.validity_months
    return None


def my_certificates(*, user: User) -> QuerySet[Certificate]:
    """A person's own certificates, newest first, without those a newer one replaced."""
    return (
        Certificate.objects.filter(recipient=user)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_at", "-pk")
    )


def visible_certificates(*, user: User) -> QuerySet[Certificate]:
    """A learner sees their own; faculty also those they are concerned with; coordinators all."""
    qs = Certificate.objects.select_related("recipient")
    if user.is_coordinator:
        return qs
    return qs.filter(Q(recipient=user) | Q(faculty=user)).distinct()


def manageable_certificates(*, user: User) -> QuerySet[Certificate]:
    """What the user may revoke or reissue: faculty concerned, or coordinators."""
    qs = Certificate.objects.select_related("recipient")
    if user.is_coordinator:
        return qs
    if user.is_faculty:
        return qs.filter(faculty=user).distinct()
    return qs.none()


def live_certificate_for(source: models.Model) -> Certificate | None:
    source_type = ContentType.objects.get_for_model(source)
    return (
        Certificate.objects.filter(
            source_type=source_type, source_id=str(source.pk), status__in=Certificate.LIVE_STATUSES
        )
        .order_by("-issued_at")
        .first()
    )


def live_certificates_for(sources: Iterable[models.Model]) -> dict:
    """{source pk: live certificate} for many sources of one model, in one query."""
    sources = list(sources)
    if not sources:
        return {}
    source_type = ContentType.objects.get_for_model(sources[0])
    by_id = {str(source.pk): source.pk for source in sources}
    certificates = Certificate.objects.filter(
        source_type=source_type, source_id__in=list(by_id), status__in=Certificate.LIVE_STATUSES
    )
    return {by_id[certificate.source_id]: certificate for certificate in certificates}


def batches_with_progress() -> QuerySet[IssuanceBatch]:
    return IssuanceBatch.objects.select_related("created_by").annotate(
        total=Count("certificates"),
        ready=Count("certificates", filter=Q(certificates__status=Certificate.Status.READY)),
        failed=Count("certificates", filter=Q(certificates__status=Certificate.Status.FAILED)),
    )


def cpd_certificates() -> QuerySet[Certificate]:
    """Certificates that carry credit: ready, with hours, oldest first, with their holders."""
    return (
        Certificate.objects.filter(status=Certificate.Status.READY, hours__isnull=False)
        .select_related("recipient")
        .order_by("issued_at", "pk")
    )


def activity_summary(*, year: int):
    """One row per activity (kind, title and dates) that ended (or, undated, was certified) in
    `year`: hours and learners certified, by profession."""
    return (
        Certificate.objects.filter(status=Certificate.Status.READY)
        .annotate(year=Coalesce(ExtractYear("ended_on"), ExtractYear("issued_at")))
        .filter(year=year)
        .values("kind", "title", "started_on", "ended_on", "hours")
        .annotate(
            learners=Count("recipient", distinct=True),
            doctors=Count("recipient", distinct=True, filter=Q(recipient__profession="doctor")),
            nurses=Count("recipient", distinct=True, filter=Q(recipient__profession="nurse")),
        )
        .order_by("started_on", "title")
    )


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a verification code names: exactly as issued (codes issued before the
    base-32 codes are case-sensitive), else as a person may have typed a base-32 code."""
    queryset = Certificate.objects.select_related("superseded_by")
    found = queryset.filter(verification_code=code).first()
    if found is None:
        normalised = normalised_code(code)
        if normalised and normalised != code:
            found = queryset.filter(verification_code=normalised).first()
    return found


@dataclass(frozen=True)
class CohortOverview:
    """Everyone in a cohort, in three groups, for the coordinator's cohort page."""

    label: str
    certified: list[tuple[Completion, Certificate]]  # with their live certificate
    waiting: list[tuple[Completion, list[str]]]  # eligible, not yet certified, and what held it back
    not_eligible: list[tuple[User, str]]  # did not complete, and why


def source_key(source: models.Model) -> tuple[int, str]:
    """A completed thing as certificates point at it: (content type id, primary key)."""
    return ContentType.objects.get_for_model(source).pk, str(source.pk)


def ids_by_type(sources: Iterable[models.Model]) -> dict[int, list[str]]:
    by_type: dict[int, list[str]] = {}
    for source in sources:
        type_id, source_id = source_key(source)
        by_type.setdefault(type_id, []).append(source_id)
    return by_type


def live_certificates(sources: Iterable[models.Model]) -> dict[tuple[int, str], Certificate]:
    """The live certificate of each of these completed things that has one, by `source_key`
    (one query per kind of completed thing)."""
    live: dict[tuple[int, str], Certificate] = {}
    for type_id, ids in ids_by_type(sources).items():
        for certificate in Certificate.objects.filter(
            source_type_id=type_id, source_id__in=ids, status__in=Certificate.LIVE_STATUSES
        ):
            live[(type_id, certificate.source_id)] = certificate
    return live


def _refusals(sources: Iterable[models.Model]) -> dict[tuple[int, str], list[str]]:
    """The reasons of the latest recorded refusal to certify each of these completed things."""
    refusals: dict[tuple[int, str], list[str]] = {}
    for type_id, ids in ids_by_type(sources).items():
        label = ContentType.objects.get_for_id(type_id).model_class()._meta.label_lower
        events = AuditEvent.objects.filter(verb="certificate.refused", target_type=label, target_id__in=ids)
        for event in events.order_by("at"):
            refusals[(type_id, event.target_id)] = list(event.data.get("reasons", []))
    return refusals


def cohort_overview(*, provider: CohortProvider, cohort_id: str, label: str) -> CohortOverview:
    """A fixed number of queries, whatever the cohort's size: the completions, their live
    certificates and the recorded refusals are read once per kind of completed thing."""
    completions = provider.completions(cohort_id)
    sources = [completion.source for completion in completions]
    live = live_certificates(sources)
    refusals = _refusals(sources)
    certified, waiting = [], []
    for completion in completions:
        key = source_key(completion.source)
        if key in live:
            certified.append((completion, live[key]))
        else:
            waiting.append((completion, refusals.get(key, [])))
    return CohortOverview(
        label=label, certified=certified, waiting=waiting, not_eligible=provider.not_eligible(cohort_id)
    )
