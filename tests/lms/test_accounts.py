import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from lms.forms import ERROR_MARKUP_IN_NAME
from lms.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "amina@example.org",
    "password1": "a-long-safe-password-77",
    "password2": "a-long-safe-password-77",
    "full_name": "أمينة بن علي",
    "profession": "nurse",
    "country": "MA",
}


def _confirmation_link() -> str:
    return re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)


def test_signup_sends_a_confirmation_email_and_confirming_logs_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(email="amina@example.org")
    assert user.full_name == "أمينة بن علي" and user.country.code == "MA"
    assert not EmailAddress.objects.get(user=user).verified
    link = _confirmation_link()
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("dashboard")).status_code == 200


def test_unconfirmed_account_cannot_log_in(client):
    UserFactory(email="late@example.org", verified_email=False)

    response = client.post(reverse("account_login"), {"login": "late@example.org", "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response.url


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("email", "", "This field is required"),
        ("email", "not-an-email", "valid email"),
        ("full_name", "", "full name"),
        ("full_name", "x" * 201, "at most 200 characters"),
        ("full_name", "<b>Bold</b> Name", str(ERROR_MARKUP_IN_NAME)),
        ("country", "", "This field is required"),
        ("country", "XX", "valid choice"),
    ],
)
def test_bad_signup_input_names_the_field_and_creates_nobody(client, field, value, fragment):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})

    assert response.status_code == 200
    assert fragment in " ".join(response.context["form"].errors[field])
    assert not User.objects.exists()


def test_signup_with_a_registered_email_answers_as_for_a_new_one_and_emails_the_truth(client):
    UserFactory(email="amina@example.org")

    known = client.post(reverse("account_signup"), {**SIGNUP, "email": "Amina@Example.org"})
    unknown = client.post(reverse("account_signup"), {**SIGNUP, "email": "newcomer@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert User.objects.filter(email__iexact="amina@example.org").count() == 1
    [already] = [message for message in mail.outbox if message.to == ["amina@example.org"]]
    assert "already" in already.body.lower()


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    UserFactory(email="known@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    [unknown_mail] = [message for message in mail.outbox if message.to == ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in unknown_mail.body


def test_login_and_logout(client):
    UserFactory(email="nurse1@example.org")

    response = client.post(reverse("account_login"), {"login": "nurse1@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_throttled_per_account(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": "target@example.org", "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed attempts for this account" in response.content.decode()


def test_thirty_people_behind_one_hospital_address_each_mistyping_twice_all_log_in(client):
    # given a partner hospital's staff, all reaching us from one NAT address
    people = [UserFactory() for _ in range(30)]
    for person in people:
        for _ in range(2):
            client.post(reverse("account_login"), {"login": person.email, "password": "wrong"})

    # then each of them logs in with the right password
    logged_in = 0
    for person in people:
        client.post(reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD})
        logged_in += client.session.get("_auth_user_id") == str(person.pk)
        client.post(reverse("account_logout"))
    assert logged_in == 30


def test_a_locked_account_is_unlocked_by_the_password_reset_link(client):
    user = UserFactory(email="locked@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/[^\s]+)", mail.outbox[-1].body).group(1)
    client.post(client.get(link).url, {"password1": "brand-new-pass-2026", "password2": "brand-new-pass-2026"})
    client.post(reverse("account_login"), {"login": user.email, "password": "brand-new-pass-2026"})

    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_password_guessing_run_on_one_account_stays_locked_whatever_the_addresses(client):
    user = UserFactory(email="target2@example.org")
    for n in range(5):
        client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{n + 1}"
        )

    client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.99"
    )

    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/[^\s]+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"password1": "brand-new-pass-2026", "password2": "brand-new-pass-2026"})

    user.refresh_from_db()
    assert user.check_password("brand-new-pass-2026")


def _current_totp(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_faculty_protects_the_account_with_totp_and_login_then_asks_for_a_code(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    from tests.factories import FacultyFactory

    faculty = FacultyFactory(email="dr.soler@example.org")
    client.post(reverse("account_login"), {"login": faculty.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    client.post(reverse("mfa_activate_totp"), {"code": _current_totp(secret)})
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": faculty.email, "password": DEFAULT_PASSWORD})

    assert Authenticator.objects.filter(user=faculty, type=Authenticator.Type.TOTP).exists()
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": _current_totp(secret)})
    assert client.session["_auth_user_id"] == str(faculty.pk)


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("/ca", "massa curta"), ("/es", "demasiado corta"), ("/fr", "trop court"), ("", "too short")],
)
def test_a_short_password_is_refused_in_the_readers_language(client, prefix, words):
    """Catalan readers met Django 5.2's English message (its Catalan catalogue lacks it)."""
    response = client.post(f"{prefix}/accounts/signup/", {**SIGNUP, "password1": "k9#Lx", "password2": "k9#Lx"})

    assert words in " ".join(response.context["form"].errors["password1"])
    assert not User.objects.exists()


def test_sign_in_and_sign_up_use_the_sites_own_field_markup(client):
    """allauth printed its forms with form.as_p; they now look and read like every other form."""
    sign_in = client.get(reverse("account_login")).content.decode()
    refused = client.post(reverse("account_signup"), {**SIGNUP, "email": "not-an-email"}).content.decode()

    assert '<div class="field">' in sign_in and '<div class="help" id="id_password_helptext">' in sign_in
    assert '<div class="error" id="id_email_error">' in refused
    assert 'class="errors" role="alert"' in refused


def test_several_errors_on_one_field_share_one_id(client):
    """Each error had its own p with the same id: duplicate ids, and the field described by the first only."""
    refused = client.post(reverse("account_signup"), {**SIGNUP, "password1": "123", "password2": "123"})

    assert len(refused.context["form"].errors["password1"]) > 1
    assert refused.content.decode().count('id="id_password1_error"') == 1
