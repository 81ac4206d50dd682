import pytest

from tests.courses.factories import make_course
from tests.fellowships.factories import make_programme

pytestmark = pytest.mark.django_db


def test_site_search_finds_courses_and_programmes(client):
    make_course(title="Recognising paediatric sepsis", summary="Early warning scores.")
    make_programme(title="Paediatric oncology observership", summary="Tumour boards and ward rounds.")

    by_course = client.get("/search/", {"q": "sepsis"})
    by_programme = client.get("/search/", {"q": "oncology"})

    assert "Recognising paediatric sepsis" in by_course.text
    assert "Paediatric oncology observership" in by_programme.text


def test_the_sitemap_lists_courses_and_programmes(client):
    course = make_course(title="Neonatal resuscitation")
    programme = make_programme(title="Cardiology fellowship")

    body = client.get("/sitemap.xml").text

    assert course.url_path.rstrip("/").split("/")[-1] in body
    assert programme.url_path.rstrip("/").split("/")[-1] in body
