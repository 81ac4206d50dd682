"""Cohort provider for batch issuance: every completed placement of an intake."""

from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion

from .models import Intake, Placement, Status
from .services import completion


class IntakeCohorts:
    key = "intake"
    label = _("Intake (observerships and fellowships)")

    def cohorts(self) -> list[tuple[str, str]]:
        intakes = (
            Intake.objects.filter(applications__status=Status.COMPLETED)
            .select_related("programme")
            .distinct()
            .order_by("-earliest_start")[:200]
        )
        return [(str(intake.pk), str(intake)) for intake in intakes]

    def completions(self, cohort_id: str) -> list[Completion]:
        placements = (
            Placement.objects.filter(application__intake_id=cohort_id, application__status=Status.COMPLETED)
            .select_related("application__applicant", "application__intake__programme", "supervisor")
            .prefetch_related("application__intake__programme__credits")
        )
        return [completion(placement) for placement in placements]
