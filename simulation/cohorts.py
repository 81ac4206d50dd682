"""Cohort provider for batch issuance: every participant of a session who attended and passed."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion

from .models import Booking, Session
from .services import completion


class SimulationSessionCohorts:
    key = "simulation_session"
    label = _("Simulation session")

    def cohorts(self) -> list[tuple[str, str]]:
        sessions = (
            Session.objects.filter(bookings__result=Booking.Result.PASSED, starts_at__lte=timezone.now())
            .select_related("scenario")
            .distinct()
            .order_by("-starts_at")[:200]
        )
        return [(str(session.pk), str(session)) for session in sessions]

    def completions(self, cohort_id: str) -> list[Completion]:
        passed = (
            Booking.objects.filter(session_id=cohort_id, result=Booking.Result.PASSED)
            .select_related("participant", "session__scenario")
            .prefetch_related("session__facilitators", "session__scenario__credits")
        )
        return [completion(booking) for booking in passed]
