"""Cohort provider for batch issuance: every participant of a session who attended and passed."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.cohorts import Completion
from lms.models import User

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

    def not_eligible(self, cohort_id: str) -> list[tuple[User, str]]:
        bookings = (
            Booking.objects.filter(session_id=cohort_id)
            .exclude(result=Booking.Result.PASSED)
            .exclude(status=Booking.Status.CANCELLED)
            .select_related("participant")
            .order_by("participant__full_name")
        )
        return [(booking.participant, _why(booking)) for booking in bookings]


def _why(booking: Booking) -> str:
    if booking.result == Booking.Result.FAILED:
        return str(_("Assessed: not yet competent"))
    if booking.status == Booking.Status.ATTENDED:
        return str(_("Attended, not assessed yet"))
    return str(_("Booking: %(status)s") % {"status": booking.get_status_display()})
