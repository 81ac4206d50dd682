import pytest

from cms.demo import seed_site


@pytest.fixture
def home():
    """The demo site tree: home, news and the contact page."""
    return seed_site(log=lambda _: None)
