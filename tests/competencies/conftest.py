import pytest
from rest_framework.test import APIClient

from tests.simulation.factories import make_held_session


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def held_session():
    """A simulation session that took place (see tests/simulation/factories.py)."""
    return make_held_session()
