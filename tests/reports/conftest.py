import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fellowships.factories import IntakeFactory, make_programme


@pytest.fixture
def intake_of():
    """intake_of(programme_type): one intake of one programme per type, made on first use."""
    made = {}

    def get(programme_type: str = "observership"):
        if programme_type not in made:
            made[programme_type] = IntakeFactory(programme=make_programme(programme_type=programme_type))
        return made[programme_type]

    return get


@pytest.fixture
def queries_for():
    """queries_for(client, url): the SQL queries of a second GET (the first warms the person's
    roles, read once per user instance), asserting it answered 200."""

    def count(client, url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return count
