import pytest
from django.urls import reverse

from lms.forms import ERROR_INSTITUTION_BOTH, ERROR_MARKUP_IN_NAME
from lms.models import AuditEvent
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMES_IN_SCRIPTS = [
    "José Núñez Çelik",
    "فاطمة الزهراء بنعلي",
    "王小明",
    "Алексей Петров",
    "ሰላም ተስፋዬ",
    "प्रिया शर्मा",
    "Nguyễn Thị Minh Khai",
]


def _profile_data(**overrides):
    data = {
        "full_name": "Ana Quispe",
        "profession": "nurse",
        "specialty": "Paediatric emergency",
        "institution": "",
        "institution_other": "Hospital Regional de Cusco",
        "country": "PE",
        "preferred_language": "es",
        "licence_number": "CEP-12345",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("name", NAMES_IN_SCRIPTS)
def test_names_in_any_script_round_trip_unchanged(client, name):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("profile"), _profile_data(full_name=name))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == name
    assert client.get(reverse("dashboard"), follow=True).content.decode().count(name) >= 1


def test_profile_saves_a_partner_institution_and_records_an_event(client):
    user = UserFactory()
    partner = InstitutionFactory()
    client.force_login(user)

    client.post(reverse("profile"), _profile_data(institution=partner.pk, institution_other=""))

    user.refresh_from_db()
    assert user.institution == partner
    assert user.preferred_language == "es"
    assert AuditEvent.objects.filter(verb="profile.updated", target_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Please give your full name"),
        ("full_name", "n" * 201, "at most 200 characters"),
        ("full_name", "<script>alert(1)</script>", str(ERROR_MARKUP_IN_NAME)),
        ("country", "XX", "valid choice"),
        ("profession", "", "This field is required"),
        ("institution_other", "o" * 201, "at most 200 characters"),
    ],
)
def test_bad_profile_input_names_the_field_and_changes_nothing(client, field, value, message):
    user = UserFactory(full_name="Original Name", country="MX")
    client.force_login(user)

    response = client.post(reverse("profile"), _profile_data(**{field: value}))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    user.refresh_from_db()
    assert (user.full_name, user.country.code, user.specialty) == ("Original Name", "MX", "")


def test_choosing_a_partner_and_typing_another_institution_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("profile"), _profile_data(institution=InstitutionFactory().pk))

    assert str(ERROR_INSTITUTION_BOTH) in response.context["form"].errors["institution_other"]


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
