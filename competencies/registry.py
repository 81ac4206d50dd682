"""What domain apps teach, as the coordinator links it to competencies and EPAs.

Each domain app registers the kinds of thing it teaches from its AppConfig.ready() (a course,
a programme, a simulation scenario and its checklist items, a live series), so the linking page
can list them while this app imports none of them. Evidence is announced the other way, by the
domain app calling `services.record_evidence` with the thing that was taught.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class TrainingKind:
    key: str  # "course", "programme", "checklist_item", "live_series"
    label: str  # shown to coordinators
    model: type[models.Model]
    # (object, label) pairs for the linking page's picker, labels in the reader's language.
    choices: Callable[[], list[tuple[models.Model, str]]]

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model, for_concrete_model=False)


_kinds: dict[str, TrainingKind] = {}


def register_training_kind(kind: TrainingKind) -> None:
    _kinds[kind.key] = kind


def training_kinds() -> dict[str, TrainingKind]:
    return dict(_kinds)


def training_content_types() -> list[ContentType]:
    """The content types of every registered kind: what the linking page and API list."""
    return [kind.content_type for kind in _kinds.values()]


def kind_for(target: models.Model) -> TrainingKind | None:
    """The registered kind a thing belongs to (a specific Wagtail page included)."""
    for kind in _kinds.values():
        if isinstance(target, kind.model):
            return kind
    return None
