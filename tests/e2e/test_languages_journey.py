"""A visitor reads the site in another language: the switcher on a course page leads to the
course's translation, links keep the language, and an untranslated lesson opens inside the
translated course."""

import re

import pytest

from tests.e2e.bars import DESKTOP, PHONE, SIDEWAYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_a_visitor_switches_a_course_page_to_spanish_and_keeps_reading_in_spanish(
    browser, live_server, demo, shot, viewport, serious_accessibility_violations
):
    """From English to Spanish with the switcher, on a desktop and on a phone (where the
    switcher and the main navigation sit in the header's scrolling rows)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.goto("/courses/paediatric-basic-life-support/")
    page.locator("form.lang-switch").get_by_role("button", name="Español").click()

    page.wait_for_url(re.compile(r"/es/courses/paediatric-basic-life-support/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Soporte vital básico pediátrico para enfermería"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.evaluate(SIDEWAYS) <= 0
    assert serious_accessibility_violations(page) == []
    shot(page, "course-in-spanish")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Cursos en línea").click()
    page.wait_for_url(re.compile(r"/es/courses/$"))
    assert page.get_by_role("link", name="Reanimación neonatal").is_visible()

    page.get_by_role("link", name="Reanimación neonatal").click()
    page.wait_for_url(re.compile(r"/es/courses/neonatal-resuscitation/$"))
    assert "Reanimación neonatal" in page.get_by_role("heading", level=1).inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, "second-course-in-spanish")
    context.close()


def test_a_spanish_reader_sees_the_home_page_and_testimonials_in_spanish(page, demo):
    page.goto("/es/")

    assert page.get_by_role("heading", level=1).inner_text() == "Oficina de Formación Internacional"
    assert page.get_by_text("Las sesiones de simulación cambiaron").is_visible()
    assert page.locator('link[rel="alternate"][hreflang="fr"]').count() == 1
