"""What every page carries: the icon and the language switcher."""

import pytest

from cms.demo import seed_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return seed_site(log=lambda _: None)


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client, home):
    """Every page requested a missing /favicon.ico."""
    from django.contrib.staticfiles import finders

    page = client.get("/").content.decode()
    response = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/img/favicon.svg' in page
    assert response.status_code == 301 and response["Location"].startswith("/static/img/favicon")
    assert finders.find("img/favicon.svg") is not None


def test_the_language_switcher_is_one_button_per_other_language(client, home):
    """It was a select and a "Change" button: two steps, and the select hid the choices."""
    page = client.get("/").content.decode()

    assert 'name="language" value="es"' in page and 'name="language" value="ca"' in page
    assert '<span class="current" lang="en" aria-current="true">English</span>' in page
    switcher = page.split('class="lang-switch"', 1)[1].split("</form>", 1)[0]
    assert "<select" not in switcher
    assert "<main" not in switcher, "the switcher's form must close before the page's own forms"


def test_favicon_answers_head_requests_too(client):
    assert client.head("/favicon.ico").status_code == 301
