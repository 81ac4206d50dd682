"""Cohorts for batch issuance. Domain apps register a provider from their AppConfig.ready(), so
coordinators can issue "for every completer of this course / intake / session" while this app
never imports a domain app."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db import models

from lms.models import User

from .credit import Credit
from .models import Kind


@dataclass(frozen=True)
class Entry:
    """One activity listed on a certificate that covers several (see CertificateEntry)."""

    title: str
    held_on: date
    hours: Decimal | None = None
    credit: str = ""
    serial: str = ""


@dataclass(frozen=True)
class Completion:
    recipient: User
    kind: Kind
    title: str
    source: models.Model
    hours: Decimal | None = None
    started_on: date | None = None
    ended_on: date | None = None
    expires_on: date | None = None
    faculty: tuple[User, ...] = ()
    credits: tuple[Credit, ...] = ()  # what the activity is accredited for (certificates.credit)
    entries: tuple[Entry, ...] = ()  # the activities a statement lists, in order


class CohortProvider(Protocol):
    key: str  # "course", "intake", "simulation_session"
    label: str  # shown to coordinators, e.g. "Online course"

    def cohorts(self) -> list[tuple[str, str]]: ...  # (cohort id, label), for a picker

    def completions(self, cohort_id: str) -> list[Completion]: ...  # every completer of that cohort

    def not_eligible(self, cohort_id: str) -> list[tuple[User, str]]: ...  # everyone else, with why


_providers: dict[str, CohortProvider] = {}


def register_cohort_provider(provider: CohortProvider) -> None:
    _providers[provider.key] = provider


def providers() -> dict[str, CohortProvider]:
    return dict(_providers)


def get_provider(key: str) -> CohortProvider | None:
    return _providers.get(key)


def find_cohort(provider_key: str, cohort_id: str) -> tuple[CohortProvider, str] | None:
    """The provider and the cohort's label, or None when either is unknown."""
    provider = _providers.get(provider_key)
    label = dict(provider.cohorts()).get(cohort_id) if provider else None
    return (provider, label) if label is not None else None
