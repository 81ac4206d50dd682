"""The public catalogue of live series as CMS pages: /live/ and a page per series, each in the
reader's language, with the series' own facts and sessions."""

import pytest
from django.core.exceptions import ValidationError

from cms.i18n import translate_page
from live.models import SeriesPage
from tests.factories import UserFactory
from tests.live.factories import SeriesFactory, SessionFactory, describe, series_catalogue

pytestmark = pytest.mark.django_db


def test_the_catalogue_shows_the_introduction_the_office_wrote(client):
    series_catalogue()

    page = client.get("/live/").content.decode()

    assert "Join us live." in page


def test_before_its_page_exists_the_catalogue_lists_the_series_with_the_default_wording(client):
    series = SeriesFactory(title="Tumour board")

    english = client.get("/live/")
    spanish = client.get("/es/live/")

    assert english.status_code == 200 and "Tumour board" in english.text and "Live clinical sessions" in english.text
    assert spanish.status_code == 200 and "Sesiones clínicas en directo" in spanish.text
    assert f'href="/live/series/{series.pk}/"' in english.text


def test_a_series_page_may_not_take_an_address_the_site_answers_first():
    page = SeriesPage(title="Teaching", slug="teaching", series=SeriesFactory())

    with pytest.raises(ValidationError) as refused:
        page.clean()

    assert "slug" in refused.value.message_dict


def test_a_series_is_listed_with_the_text_of_its_page_in_the_readers_language(client):
    series = SeriesFactory(title="Tumour board", summary="Every other Thursday.")
    page = describe(series, summary="Cases from partner hospitals.")
    translate_page(series_catalogue(), "es", title="Sesiones en directo")
    translate_page(page, "es", title="Comité de tumores", summary="Casos de hospitales asociados.")

    english = client.get("/live/").content.decode()
    spanish = client.get("/es/live/").content.decode()

    assert "Cases from partner hospitals." in english and "Tumour board" in english
    assert "Comité de tumores" in spanish and "Casos de hospitales asociados." in spanish
    assert "Sesiones en directo" in spanish and "Tumour board" not in spanish


def test_a_series_without_a_page_is_listed_with_its_own_text(client):
    series_catalogue()
    series = SeriesFactory(title="Nursing session", summary="Weekly, in class.")

    page = client.get("/live/").content.decode()

    assert "Weekly, in class." in page and f'href="/live/series/{series.pk}/"' in page


def test_a_series_page_shows_the_series_facts_and_upcoming_sessions(client):
    series = SeriesFactory(title="Tumour board")
    session = SessionFactory(series=series, topic="Wilms tumour")
    page = describe(series, summary="Cases from partner hospitals.", specialty="Paediatric oncology")

    body = client.get(page.url).content.decode()

    assert "Cases from partner hospitals." in body and "Paediatric oncology" in body
    assert f'href="/live/sessions/{session.pk}/"' in body and "Wilms tumour" in body


def test_the_series_address_leads_to_its_page_in_the_readers_language(client):
    series = SeriesFactory()
    page = describe(series)
    translate_page(series_catalogue(), "es", title="Sesiones en directo")
    translate_page(page, "es", title="Comité de tumores")

    english = client.get(f"/live/series/{series.pk}/")
    in_spanish = client.get(f"/es/live/series/{series.pk}/")

    assert english.status_code == 302 and english["Location"] == f"/live/{page.slug}/"
    assert in_spanish.status_code == 302 and in_spanish["Location"] == f"/es/live/{page.slug}/"
    assert "Comité de tumores" in client.get(in_spanish["Location"]).content.decode()


def test_the_page_of_an_unpublished_series_answers_404(client):
    series = SeriesFactory()
    page = describe(series)
    type(series).objects.filter(pk=series.pk).update(published=False)

    assert client.get(page.url).status_code == 404
    assert client.get(f"/live/series/{series.pk}/").status_code == 404


def test_a_signed_in_person_registers_for_the_whole_series_from_its_page(client):
    series = SeriesFactory()
    SessionFactory(series=series)
    page = describe(series)
    client.force_login(UserFactory())

    body = client.get(page.url).content.decode()

    assert f'action="/live/series/{series.pk}/register/"' in body


@pytest.mark.parametrize("address", ["/live/", "/sitemap.xml"], ids=["catalogue", "sitemap"])
def test_the_catalogue_and_the_sitemap_use_the_same_queries_for_3_and_30_series(client, queries_for, address):
    series_catalogue()
    for _ in range(3):
        describe(SeriesFactory())
    few = queries_for(client, address)
    for _ in range(27):
        describe(SeriesFactory())

    assert queries_for(client, address) == few


def test_the_spanish_catalogue_uses_the_same_queries_for_3_and_30_translated_series(client, queries_for):
    translate_page(series_catalogue(), "es", title="Sesiones en directo")
    for _ in range(3):
        translate_page(describe(SeriesFactory()), "es", title="Serie")
    few = queries_for(client, "/es/live/")
    for _ in range(27):
        translate_page(describe(SeriesFactory()), "es", title="Serie")

    assert queries_for(client, "/es/live/") == few


def test_the_page_of_an_unpublished_series_is_left_out_of_search_and_the_sitemap(client):
    shown = describe(SeriesFactory(title="Tumour board"), summary="Oncology cases")
    hidden = describe(SeriesFactory(title="Tumour board, old"), summary="Oncology cases")
    type(hidden.series).objects.filter(pk=hidden.series_id).update(published=False)

    found = client.get("/search/", {"q": "Oncology"}).text
    sitemap = client.get("/sitemap.xml").text

    assert shown.url in found and hidden.url not in found
    assert shown.url in sitemap and hidden.url not in sitemap


@pytest.mark.parametrize("view", ["edit/", "", "history/", "copy/", "move/", "delete/", "usage/"])
def test_the_cms_admin_opens_a_series_page(client, view):
    """Wagtail narrows a page's translations to a few columns (`.only`), which a series page's
    own join to its series must not break."""
    page = describe(SeriesFactory())
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(f"/cms-admin/pages/{page.pk}/{view}").status_code == 200


def test_the_office_translates_a_series_page_in_the_cms_and_opens_the_translation(client):
    from wagtail.models import Locale

    translate_page(series_catalogue(), "es", title="Sesiones en directo")
    page = describe(SeriesFactory())
    spanish = Locale.objects.get(language_code="es")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    client.post(f"/cms-admin/translation/submit/page/{page.pk}/", {"locales": [spanish.pk]})
    translated = page.get_translation(spanish)

    assert client.get(f"/cms-admin/pages/{translated.pk}/edit/").status_code == 200
