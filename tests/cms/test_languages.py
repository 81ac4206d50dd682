from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("home"),
    pytest.mark.skipif(
        not (Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.mo").exists(),
        reason="translation catalogues are not compiled (make test compiles them with gettext)",
    ),
]


@pytest.mark.parametrize(
    ("language", "prefix", "heading"),
    [
        ("es", "/es", "Qué ofrecemos"),
        ("fr", "/fr", "Notre offre"),
        ("ca", "/ca", "Què oferim"),
        ("en", "", "What we offer"),
    ],
)
def test_the_language_switcher_keeps_the_page_and_translates_it(client, language, prefix, heading):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/contact/"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{prefix}/contact/"
    assert f'<html lang="{language}">' in response.content.decode()
    assert heading in client.get(f"{prefix}/").content.decode()


@pytest.mark.parametrize(("prefix", "words"), [("/es", "Panel"), ("/fr", "Tableau de bord"), ("/ca", "Tauler")])
def test_urls_carry_the_language_and_links_keep_it(client, prefix, words):
    client.force_login(UserFactory())

    page = client.get(f"{prefix}/dashboard/").content.decode()

    assert words in page
    assert f'href="{prefix}/profile/"' in page and f'href="{prefix}/courses/"' in page


def test_english_urls_have_no_prefix(client):
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page and 'href="/search/"' in page


def test_a_logged_in_person_is_sent_to_pages_in_their_preferred_language(client):
    client.force_login(UserFactory(preferred_language="fr"))

    response = client.get("/dashboard/?tab=1")

    assert response.status_code == 302 and response["Location"] == "/fr/dashboard/?tab=1"
    assert "Tableau de bord" in client.get(response["Location"]).content.decode()


def test_choosing_english_with_the_switcher_wins_over_the_preferred_language(client):
    client.force_login(UserFactory(preferred_language="fr"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})

    assert client.get("/dashboard/").status_code == 200


def test_the_api_and_admin_are_never_prefixed(client):
    client.force_login(UserFactory(preferred_language="es"))

    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/es/api/v1/me/").status_code == 404


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", ["Cursos en línea", "Formación en simulación"]), ("ca", ["Cursos en línia", "Formació en simulació"])],
)
def test_the_navigation_to_courses_programmes_and_simulation_is_translated(client, language, words):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    page = client.get("/", follow=True).content.decode()

    assert all(word in page for word in words)


@pytest.mark.parametrize(
    ("language", "path", "heading"),
    [
        ("es", "/courses/mine/", "Mis cursos"),
        ("fr", "/applications/", "Mes candidatures"),
        ("ca", "/simulation/bookings/", "Les meves reserves de simulació"),
    ],
)
def test_learner_pages_of_every_app_read_in_the_preferred_language(client, language, path, heading):
    client.force_login(UserFactory(preferred_language=language))

    assert f"<h1>{heading}</h1>" in client.get(path, follow=True).content.decode()
