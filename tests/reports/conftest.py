import pytest

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
