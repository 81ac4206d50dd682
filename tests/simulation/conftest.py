import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from simulation import services
from simulation.models import Session
from tests.factories import FacultyFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory, ScenarioFactory, SessionFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def count_queries():
    def count(function) -> int:
        with CaptureQueriesContext(connection) as context:
            function()
        return len(context.captured_queries)

    return count


def move_into_the_past(session: Session) -> None:
    """Sessions are booked ahead; attendance needs one that has started."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )


@pytest.fixture
def held_session():
    """A session that took place: a facilitator, a booked learner, one critical and one plain item."""
    facilitator = FacultyFactory()
    scenario = ScenarioFactory(pass_mark=70)
    critical = ChecklistItemFactory(scenario=scenario, text="Starts ventilation within 60 s", weight=3, critical=True)
    other = ChecklistItemFactory(scenario=scenario, text="Calls for help", weight=1)
    session = SessionFactory(scenario=scenario, facilitators=[facilitator])
    learner = UserFactory()
    booking = services.book(actor=learner, session=session)
    move_into_the_past(session)
    return facilitator, booking, critical, other
