import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lms.api import ERROR_BAD_CREDENTIALS, ERROR_EMAIL_NOT_CONFIRMED
from tests.factories import DEFAULT_PASSWORD, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_is_issued_for_email_and_password_and_reads_me(api):
    user = UserFactory(email="doc@example.org", full_name="Кирилл Иванов", country="ES")

    token = api.post("/api/v1/auth/token/", {"email": "doc@example.org", "password": DEFAULT_PASSWORD}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()

    assert me["id"] == user.pk
    assert me["email"] == "doc@example.org"
    assert me["full_name"] == "Кирилл Иванов"
    assert me["profession"] == "nurse"
    assert me["country"] == "ES"
    assert me["roles"] == ["learner"]


def test_me_lists_granted_roles(api):
    api.force_authenticate(CoordinatorFactory())

    assert api.get("/api/v1/me/").json()["roles"] == ["learner", "coordinator"]


def test_wrong_password_gets_a_clear_400(api):
    UserFactory(email="doc@example.org")

    response = api.post("/api/v1/auth/token/", {"email": "doc@example.org", "password": "nope"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [ERROR_BAD_CREDENTIALS]}


def test_unconfirmed_email_gets_no_token(api):
    UserFactory(email="new@example.org", verified_email=False)

    response = api.post("/api/v1/auth/token/", {"email": "new@example.org", "password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert response.json() == {"email": [ERROR_EMAIL_NOT_CONFIRMED]}


def test_token_request_names_missing_and_invalid_fields(api):
    response = api.post("/api/v1/auth/token/", {"email": "not-an-email"})

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_token_requests_are_throttled(api):
    for _ in range(10):
        api.post("/api/v1/auth/token/", {"email": "x@example.org", "password": "nope"})

    assert api.post("/api/v1/auth/token/", {"email": "x@example.org", "password": "nope"}).status_code == 429


def test_me_requires_authentication(api):
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_api_root_lists_the_entry_points(api):
    links = api.get("/api/v1/", HTTP_ACCEPT="application/json").json()

    assert links["me"].endswith("/api/v1/me/")
    assert links["auth/token"].endswith("/api/v1/auth/token/")


def test_api_schema_and_docs_answer(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/me/" in paths
    assert all(path.startswith("/api/") for path in paths)
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', docs.content.decode())
    assert external == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/me/", "/api/v1/enrollments/", "/api/v1/certificates/", "/api/v1/applications/"]
)
def test_an_anonymous_api_call_answers_401_with_the_token_challenge(client, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_a_person_corrects_their_name_and_country_through_the_api():
    person = UserFactory(full_name="Amina Okoro", country="KE")
    api = APIClient()
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", {"full_name": "Amina  Okoro-Mwangi", "country": "UG"}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["full_name"], response.json()["country"]) == ("Amina Okoro-Mwangi", "UG")
    person.refresh_from_db()
    assert person.full_name == "Amina Okoro-Mwangi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"full_name": "<b>Amina</b>"}, "full_name"),
        ({"full_name": ""}, "full_name"),
        ({"country": "XX"}, "country"),
        ({"profession": "astronaut"}, "profession"),
        ({"institution": 999999}, "institution"),
    ],
)
def test_bad_profile_values_answer_400_naming_the_field_and_change_nothing(payload, field):
    person = UserFactory(full_name="Amina Okoro", country="KE")
    api = APIClient()
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    person.refresh_from_db()
    assert (person.full_name, person.country.code) == ("Amina Okoro", "KE")
