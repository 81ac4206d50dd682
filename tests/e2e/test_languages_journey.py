"""A visitor reads the site in another language: the switcher on a course page leads to the
course's translation, links keep the language, and an untranslated lesson opens inside the
translated course."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switches_a_course_page_to_spanish_and_keeps_reading_in_spanish(page, demo, shot):
    page.goto("/courses/paediatric-basic-life-support/")
    page.locator("form.lang-switch").get_by_role("button", name="Español").click()

    page.wait_for_url(re.compile(r"/es/courses/paediatric-basic-life-support/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Soporte vital básico pediátrico para enfermería"
    assert page.locator("html").get_attribute("lang") == "es"
    shot(page, "course-in-spanish")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Cursos en línea").click()
    page.wait_for_url(re.compile(r"/es/courses/$"))
    assert page.get_by_role("link", name="Reanimación neonatal").is_visible()

    page.get_by_role("link", name="Reanimación neonatal").click()
    page.wait_for_url(re.compile(r"/es/courses/neonatal-resuscitation/$"))
    assert "Reanimación neonatal" in page.get_by_role("heading", level=1).inner_text()
    shot(page, "second-course-in-spanish")


def test_a_spanish_reader_sees_the_home_page_and_testimonials_in_spanish(page, demo):
    page.goto("/es/")

    assert page.get_by_role("heading", level=1).inner_text() == "Oficina de Formación Internacional"
    assert page.get_by_text("Las sesiones de simulación cambiaron").is_visible()
    assert page.locator('link[rel="alternate"][hreflang="fr"]').count() == 1
