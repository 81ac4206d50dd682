import re

import pytest
from django.core import mail

from cms.demo import seed_site
from lms.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-safe-password-77"


def test_a_nurse_signs_up_confirms_logs_in_fills_the_profile_and_sees_the_dashboard(reader, shot):
    words, label = reader.words, reader.label
    seed_site(log=lambda _: None)
    page = reader.new_page()

    # given a visitor on the home page, in the language she chose
    page.goto("/")
    reader.check(page)
    shot(page, "home")
    page.get_by_role("link", name=words("Sign up")).first.click()

    # when she signs up
    page.get_by_label(words("Email")).fill("amina.nurse@example.org")
    page.get_by_label(reader.starting("Full name")).fill("أمينة بن علي")
    page.get_by_label(reader.starting("Profession")).select_option("nurse")
    page.get_by_label(reader.starting("Country where you work")).select_option("MA")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    reader.check(page)
    shot(page, "signup-form")
    page.get_by_role("button", name=words("Sign Up")).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    reader.check(page)
    shot(page, "verification-sent")

    # and confirms her email from the message in the outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    reader.check(page)
    shot(page, "confirm-email")
    page.get_by_role("button", name=words("Confirm")).click()
    page.wait_for_url(re.compile(r"/dashboard/"))
    reader.sign_out(page)

    # then she logs in, fills her profile and sees her dashboard
    reader.sign_in(page, "amina.nurse@example.org", PASSWORD)
    shot(page, "dashboard-first")
    incomplete = words("Your profile is incomplete: your certificates need your full name.").split(":")[0]
    assert incomplete not in page.inner_text("main")  # sign-up asked for name and country
    page.goto("/profile/")
    page.get_by_label(label("specialty")).fill("Urgencias pediátricas")
    page.get_by_label(label("other institution")).fill("Hôpital d'Enfants de Rabat")
    page.get_by_label(re.compile(rf"^{label('country')}\b")).select_option("MA")
    page.get_by_label(label("preferred language")).select_option("fr")
    reader.check(page)
    shot(page, "profile-form")
    page.get_by_role("button", name=words("Save profile")).click()
    page.wait_for_url(re.compile(r"/dashboard/"))
    shot(page, "dashboard")

    assert page.get_by_role("heading", level=1).inner_text().endswith("أمينة بن علي")
    user = User.objects.get(email="amina.nurse@example.org")
    assert (user.full_name, user.country.code, user.preferred_language) == ("أمينة بن علي", "MA", "fr")
