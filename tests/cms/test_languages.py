from pathlib import Path

import pytest
from django.conf import settings

from cms.demo import seed_site
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.mo").exists(),
        reason="translation catalogues are not compiled (make test compiles them with gettext)",
    ),
]


@pytest.fixture(autouse=True)
def home():
    return seed_site(log=lambda _: None)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("es", "Qué ofrecemos"), ("fr", "Notre offre"), ("ca", "Què oferim"), ("en", "What we offer")],
)
def test_the_language_switcher_keeps_the_page_and_translates_it(client, language, heading):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert heading in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()


def test_a_logged_in_person_reads_in_their_preferred_language(client):
    client.force_login(UserFactory(preferred_language="fr"))

    assert "Tableau de bord" in client.get("/dashboard/").content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", ["Cursos en línea", "Formación en simulación"]), ("ca", ["Cursos en línia", "Formació en simulació"])],
)
def test_the_navigation_to_courses_programmes_and_simulation_is_translated(client, language, words):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    page = client.get("/").content.decode()

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

    assert f"<h1>{heading}</h1>" in client.get(path).content.decode()
