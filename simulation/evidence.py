"""What simulation tells competencies: a scenario, and each of its checklist items one by one,
can be linked to competencies and EPAs; an assessed booking is evidence of the items done
(and of the scenario when passed). Re-assessing the booking announces again, so items no
longer done are withdrawn."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models import EvidenceKind
from competencies.registry import TrainingKind, register_training_kind
from competencies.services import record_evidence

from .models import Booking, ChecklistItem, ItemRating, Scenario


def _scenarios():
    return [(scenario, scenario.title) for scenario in Scenario.objects.order_by("title")]


def _items():
    return [
        (item, f"{item.scenario.title}: {item.text}")
        for item in ChecklistItem.objects.select_related("scenario").order_by("scenario__title", "sort_order", "pk")
    ]


def register() -> None:
    register_training_kind(TrainingKind("scenario", _("Simulation scenario"), Scenario, _scenarios))
    register_training_kind(TrainingKind("checklist_item", _("Simulation checklist item"), ChecklistItem, _items))


def booking_assessed(booking: Booking, *, passed: bool) -> None:
    session = booking.session
    done = [rating.item for rating in booking.ratings.select_related("item") if rating.rating == ItemRating.Rating.DONE]
    record_evidence(
        learner=booking.participant,
        source=booking,
        trains=done + ([session.scenario] if passed else []),
        kind=EvidenceKind.CHECKLIST_ITEM,
        title=session.scenario.title,
        occurred_on=timezone.localdate(session.starts_at),
    )
