"""What residential training tells competencies: a programme (its page) can be linked to
competencies and EPAs; a countersigned logbook entry and a satisfactory final evaluation of a
placement are evidence of what the programme is linked to."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.i18n import page_choices
from competencies.models import EvidenceKind
from competencies.registry import TrainingKind, register_training_kind
from competencies.services import record_evidence

from .models import Evaluation, LogbookEntry, ProgrammePage


def _programmes():
    return page_choices(ProgrammePage.objects.live())


def register() -> None:
    register_training_kind(TrainingKind("programme", _("Programme"), ProgrammePage, _programmes))


def logbook_countersigned(entry: LogbookEntry) -> None:
    application = entry.placement.application
    programme = application.intake.programme
    record_evidence(
        learner=application.applicant,
        source=entry,
        trains=[programme],
        kind=EvidenceKind.LOGBOOK_ENTRY,
        title=entry.activity,
        occurred_on=entry.day,
    )


def placement_evaluated(evaluation: Evaluation) -> None:
    application = evaluation.placement.application
    programme = application.intake.programme
    record_evidence(
        learner=application.applicant,
        source=evaluation,
        trains=[programme],
        kind=EvidenceKind.PLACEMENT_EVALUATION,
        title=programme.title,
        occurred_on=timezone.localdate(evaluation.at),
    )
