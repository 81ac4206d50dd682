import time

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import models as cms_models
from cms.demo import seed_testimonials
from cms.forms import ERROR_MARKUP, SIGNING_SALT
from cms.models import ContactPage, HomePage
from tests.factories import InstitutionFactory, SponsorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home):
    return ContactPage.objects.get()


def _aged_token(seconds: int) -> str:
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(int(time.time()) - seconds))


def _message(**overrides):
    data = {
        "name": "Fatima Benali",
        "email": "fatima@example.org",
        "message": "¿Hay plazas de observación en cardiología en marzo?",
        "website": "",
        "rendered_at": _aged_token(30),
    }
    return {**data, **overrides}


def test_home_page_lists_partners_by_country_with_a_local_map(client, home):
    InstitutionFactory(name="Kenyatta National Hospital", country="KE", city="Nairobi", latitude=-1.29, longitude=36.82)
    InstitutionFactory(name="Hospital de Niños", country="AR", city="Buenos Aires")

    html = client.get("/").content.decode()

    assert "Kenyatta National Hospital" in html and "Kenya" in html and "Argentina" in html
    assert "<svg" in html and "<circle" in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")


def test_home_page_shows_testimonials_with_sponsor(client, home):
    SponsorFactory(name="Fundación Pequeños Pacientes")
    InstitutionFactory(country="SN")
    seed_testimonials(log=lambda _: None)

    html = client.get("/").content.decode()

    assert "Aïssatou Diallo" in html
    assert "Sponsored by" in html


def test_home_page_queries_do_not_grow_with_partners_and_testimonials(client, home, django_assert_num_queries):
    def populate(n):
        for i in range(n):
            institution = InstitutionFactory(country=["MX", "KE", "ES"][i % 3], latitude=10, longitude=10)
            cms_models.Testimonial.objects.create(name=f"T{i}", role="Nurse", quote="Great", institution=institution)

    populate(3)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    populate(27)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/")


def test_contact_message_is_stored_and_emailed_to_the_office(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, _message())

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = contact.get_submissions().get()
    assert submission.form_data["email"] == "fatima@example.org"
    assert "website" not in submission.form_data and "rendered_at" not in submission.form_data
    assert mail.outbox[0].to == ["training@example.org"]
    assert "cardiología" in mail.outbox[0].body


def test_spam_filling_the_honeypot_is_dropped(client, contact):
    response = client.post(contact.url, _message(website="http://cheap-pills.example"))

    assert response.status_code == 200
    assert not contact.get_submissions().exists()


def test_a_form_sent_faster_than_a_person_types_is_dropped(client, contact):
    response = client.post(contact.url, _message(rendered_at=_aged_token(0)))

    assert response.status_code == 200
    assert not contact.get_submissions().exists()


def test_a_forged_render_time_is_dropped(client, contact):
    client.post(contact.url, _message(rendered_at=str(int(time.time()) - 60)))

    assert not contact.get_submissions().exists()


def test_a_sixth_message_from_one_address_within_an_hour_is_refused(client, contact):
    for _ in range(5):
        client.post(contact.url, _message())

    response = client.post(contact.url, _message())

    assert response.status_code == 429
    assert contact.get_submissions().count() == 5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("email", "not-an-email", "valid email"),
        ("message", "x" * 4001, "at most 4000 characters"),
        ("message", "<script>alert('x')</script>", str(ERROR_MARKUP)),
        ("name", "<b>Boss</b>", str(ERROR_MARKUP)),
    ],
)
def test_bad_contact_input_names_the_field_and_stores_nothing(client, contact, field, value, message):
    response = client.post(contact.url, _message(**{field: value}))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not contact.get_submissions().exists()


def test_search_finds_pages_by_their_words(client, home):
    response = client.get("/search/", {"q": "observership intakes"})

    assert response.status_code == 200
    assert "Applications open for the 2027 observership intakes" in response.content.decode()


def test_an_empty_search_shows_the_form_only(client, home):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["query"] == ""


def test_sitemap_lists_the_public_pages(client, home):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "/news/" in response.content.decode()
    assert "/contact/" in response.content.decode()


def test_pages_carry_a_description_and_canonical_link(client, home):
    HomePage.objects.filter(pk=home.pk).update(search_description="Training for partner hospitals")

    html = client.get("/").content.decode()

    assert '<meta name="description" content="Training for partner hospitals">' in html
    assert '<link rel="canonical"' in html
