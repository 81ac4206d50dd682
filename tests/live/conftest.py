import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


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
