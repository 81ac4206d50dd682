"""A Spanish-reading nurse on a 360 px phone, through the demo: every control she uses and
every message she reads is found by its Spanish words, taken from the catalogues the site
renders, so a word left in English, or a control pushed off a phone's screen, fails the journey."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from tests.e2e.bars import PHONE, SIDEWAYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spanish(message: str, **values) -> str:
    """The interface's words for `message` in Spanish. A message without a Spanish translation
    is refused, so the journey cannot pass on English words."""
    with translation.override("es"):
        words = translation.gettext(message)
    assert words != message, f"no Spanish for {message!r}"
    return words % values if values else words


def _reads_spanish_without_sideways_scroll(page) -> None:
    assert page.locator("html").get_attribute("lang") == "es", page.url
    assert page.evaluate(SIDEWAYS) == 0, page.url


def test_a_spanish_nurse_on_a_phone_books_and_cancels_a_session_confirms_her_offer_and_resumes_a_course(
    browser, live_server, demo, shot
):
    nurse = get_user_model().objects.get(email="nurse@example.org")
    context = browser.new_context(base_url=live_server.url, locale="es-ES", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)

    # signs in on the Spanish sign-in page and lands on her dashboard, in Spanish
    page.goto("/es/accounts/login/")
    page.get_by_label(spanish("Email")).fill(nurse.email)
    page.get_by_label(spanish("Password")).fill("demo-pass-2026")
    page.get_by_role("button", name=spanish("Sign In")).click()
    page.wait_for_url(re.compile(r"/es/dashboard/"))
    assert spanish("Welcome, %(name)s", name=nurse.full_name) in page.locator("h1").inner_text()
    _reads_spanish_without_sideways_scroll(page)

    # books the first session with a free place, from the list on her phone
    page.goto("/simulation/")
    page.wait_for_url(re.compile(r"/es/simulation/"))
    page.locator("table.stack button", has_text=re.compile(f"^{re.escape(spanish('Book'))}$")).first.click()
    assert spanish("Your place is booked.") in page.inner_text("main")
    shot(page, "booked")

    # cancels it from her bookings, after a confirmation that says what she gives up
    page.get_by_role("link", name=spanish("My bookings")).first.click()
    page.get_by_role("link", name=re.compile("^" + re.escape(spanish("Cancel")))).first.click()
    assert page.locator("h1").inner_text() == spanish("Cancel your booking?")
    _reads_spanish_without_sideways_scroll(page)
    page.get_by_role("button", name=spanish("Yes, cancel my booking")).click()
    page.wait_for_url(re.compile(r"/es/simulation/bookings/"))
    shot(page, "cancelled")

    # confirms the place she was offered
    page.goto("/applications/")
    page.locator("table.stack a").first.click()
    page.get_by_role("button", name=spanish("Confirm my place")).click()
    assert spanish("Your place is confirmed. See below what to prepare next.") in page.inner_text("main")
    _reads_spanish_without_sideways_scroll(page)
    shot(page, "offer-confirmed")

    # goes back to her course where she left off
    page.goto("/courses/mine/")
    page.locator("ul.cards h2 a").first.click()
    onwards = [re.escape(spanish("Resume where you left off")), re.escape(spanish("Start the first lesson"))]
    resume = page.get_by_role("link", name=re.compile("|".join(onwards)))
    box = resume.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the course's main action is on the first screen"
    resume.click()
    assert page.locator("article.lesson h1").is_visible()
    _reads_spanish_without_sideways_scroll(page)
    shot(page, "lesson")
    context.close()
