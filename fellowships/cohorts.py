"""Cohort provider for batch issuance: every completed placement of an intake."""

from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from lms.models import User

from .models import Application, Intake, Placement, Status
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

    def not_eligible(self, cohort_id: str) -> list[tuple[User, str]]:
        applications = (
            Application.objects.filter(intake_id=cohort_id)
            .exclude(status__in=[Status.COMPLETED, Status.DRAFT])
            .select_related("applicant")
            .order_by("applicant__full_name")
        )
        return [
            (
                application.applicant,
                _("Placement not completed (%(status)s)") % {"status": application.get_status_display()},
            )
            for application in applications
        ]
