import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.simulation.factories import make_held_session


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


@pytest.fixture
def held_session():
    return make_held_session()
