"""What live training tells competencies: a series can be linked to competencies and EPAs; a
session attended for credit and a case presented are evidence of what the series is linked
to. Attendance is announced again whenever its minutes change, so a registration that falls
below the threshold has its evidence withdrawn."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models import EvidenceKind
from competencies.registry import TrainingKind, register_training_kind
from competencies.services import Announcement, record_evidence, sync_evidence

from .models import Case, Registration, Series, Session


def _series():
    return [(series, series.title) for series in Series.objects.order_by("title")]


def register() -> None:
    register_training_kind(TrainingKind("live_series", _("Live series"), Series, _series))


def attendance_changed(session: Session, registrations: Sequence[Registration]) -> None:
    """Registrations of one session whose minutes changed: evidence for those eligible now,
    withdrawn from the others, in a fixed number of queries for the whole list."""
    day = timezone.localdate(session.starts_at)
    sync_evidence(
        announcements=[
            Announcement(registration.person, registration, str(session), day, counts=registration.eligible)
            for registration in registrations
        ],
        trains=[session.series],
        kind=EvidenceKind.SESSION_ATTENDED,
        event_on=session,
        withdraw_reason="attendance below the threshold",
    )


def case_presented(case: Case) -> None:
    record_evidence(
        learner=case.presenter,
        source=case,
        trains=[case.session.series],
        kind=EvidenceKind.CASE_PRESENTED,
        title=str(case.session),
        occurred_on=timezone.localdate(case.session.starts_at),
    )
