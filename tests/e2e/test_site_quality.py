"""Accessibility, page weight and no-JavaScript use of the main pages, in a real browser."""

import re

import pytest

from tests.e2e.bars import DESKTOP, OTHER_HOSTS, PAGE_BUDGET_BYTES, PHONE, SIDEWAYS, WEIGHT
from tests.site_pages import PUBLIC_PAGES, learner_pages, teaching_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verification_page() -> str:
    from certificates.models import Certificate

    return f"/verify/{Certificate.objects.filter(status='ready').first().verification_code}/"


def test_the_wagtail_admin_and_the_api_docs_work_under_the_content_security_policy(
    browser, live_server, demo, login, csp_violations
):
    from cms.models import HomePage

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    blocked = csp_violations(page)
    page.goto("/api/docs/")
    page.wait_for_selector("#swagger-ui .info")
    login(page, "coordinator@example.org", "demo-pass-2026")
    page.goto(f"/cms-admin/pages/{HomePage.objects.first().pk}/edit/")
    page.wait_for_selector("form#page-edit-form")
    page.goto("/cms-admin/snippets/fellowships/intake/add/")
    page.wait_for_selector("input[name=opens_on]")

    assert blocked == []
    context.close()


def test_login_and_the_dashboard_work_with_javascript_off(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nurse@example.org")
    page.locator("#id_password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/dashboard/"))

    assert "María José" in page.content()
    context.close()


# How far down the first screen the page's main action (the first [data-main-action]: the form,
# button, list or jump links the person came for) ends, counting a tap target's worth of it
# (44 px) when it is taller; null when the page marks none.
MAIN_ACTION_END = """() => {
    const action = document.querySelector("[data-main-action]");
    if (!action) return null;
    const box = action.getBoundingClientRect();
    return box.top + Math.min(box.height, 44);
}"""


def _walk(browser, live_server, login, visits, *, locale: str, viewport=PHONE, csp_violations=None, refused=None):
    """Opens each (email, path) at the viewport's width and yields (path, page); each person
    signs in once for their run of pages ("" for a visitor). With the csp_violations fixture,
    each browser page's Content-Security-Policy refusals are appended to `refused` (a list per
    page, filled as the walk goes)."""
    context = page = None
    signed_in = None
    for email, path in visits:
        if email != signed_in or page is None:
            if context is not None:
                context.close()
            context = browser.new_context(base_url=live_server.url, locale=locale, viewport=viewport)
            page = context.new_page()
            if csp_violations is not None:
                refused.append(csp_violations(page))
            if email:
                login(page, email, "demo-pass-2026")
            signed_in = email
        page.goto(path)
        page.wait_for_load_state("load")
        yield path, page
    if context is not None:
        context.close()


def _everyones_pages(prefix: str) -> list[tuple[str, str]]:
    """(email, path) for every page a visitor, learner, applicant, faculty member or coordinator
    uses, under a language prefix ("" for the default language)."""
    public = [path for path in PUBLIC_PAGES if not path.startswith(("/es/", "/fr/", "/ca/"))]
    if not prefix:  # the French and Catalan pages are walked once, with the English ones
        public += [path for path in PUBLIC_PAGES if path.startswith(("/fr/", "/ca/"))]
    visits = [("", f"{prefix}{path}") for path in [*public, _verification_page()]]
    visits += [("nurse@example.org", f"{prefix}{path}") for path in learner_pages()]
    visits += [(email, f"{prefix}{path}") for email, path in sorted(teaching_pages())]
    return visits


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("en", DESKTOP), ("en", PHONE), ("es", DESKTOP), ("es", PHONE)],
    ids=["en-1280px", "en-360px", "es-1280px", "es-360px"],
)
def test_every_page_passes_the_accessibility_weight_and_width_bars_in_english_and_spanish(
    browser, live_server, demo, login, serious_accessibility_violations, csp_violations, language, viewport
):
    """Every page people use, in English and in Spanish (whose words run longer), on a desktop
    and on a small phone: no serious axe violation, within the weight budget, no sideways
    scroll (wide tables scroll inside themselves or stack), nothing loaded from another host,
    nothing the Content-Security-Policy refused, and the page's main action on the first
    screen without scrolling. Unprefixed pages open in the person's own language, as they
    would for them (the nurse reads Spanish)."""
    wide, violations, heavy, foreign, refused, below_the_fold = {}, {}, {}, {}, [], {}
    visits = _everyones_pages("" if language == "en" else f"/{language}")
    locale = "en-GB" if language == "en" else "es-ES"
    walk = _walk(
        browser,
        live_server,
        login,
        visits,
        locale=locale,
        viewport=viewport,
        csp_violations=csp_violations,
        refused=refused,
    )
    for path, page in walk:
        if language != "en":
            assert page.locator("html").get_attribute("lang") == language, path
        if (overflow := page.evaluate(SIDEWAYS)) > 0:
            wide[path] = overflow
        if found := serious_accessibility_violations(page):
            violations[path] = found
        if (weight := page.evaluate(WEIGHT)) > PAGE_BUDGET_BYTES:
            heavy[path] = weight
        if hosts := page.evaluate(OTHER_HOSTS):
            foreign[path] = hosts
        action_ends = page.evaluate(MAIN_ACTION_END)
        if action_ends is None or action_ends > viewport["height"]:
            below_the_fold[path] = action_ends

    assert wide == {}, "pixels of sideways scroll: " + ", ".join(f"{p} {n}" for p, n in wide.items())
    assert violations == {}
    assert heavy == {}
    assert foreign == {}, "loaded from other hosts"
    assert below_the_fold == {}, "main action missing (None) or ending below the first screen (px): " + ", ".join(
        f"{p} {n}" for p, n in below_the_fold.items()
    )
    assert [refusal for page_refusals in refused for refusal in page_refusals] == []


def test_the_simulation_list_shows_sessions_on_the_first_screen_of_a_phone(browser, live_server, demo):
    """At 360 x 740 px the first session (its scenario and what to do) is on screen without
    scrolling: the filters are folded under one line until someone opens them."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/simulation/")

    first = page.locator("table.stack tbody tr").first.locator("a").first
    box = first.bounding_box()

    assert box is not None and box["y"] + box["height"] <= 740
    page.get_by_text("Filter sessions").click()
    assert page.get_by_label("Audience").is_visible()
    context.close()


def test_the_header_keeps_to_a_sixth_of_a_phones_first_screen_with_every_link_reachable(
    browser, live_server, demo, login
):
    """Signed in, in Spanish (long words), at 360 x 740 px: the header is at most 150 px high (it
    was 243, a third of the screen); its links are one row that scrolls inside itself, and the
    last one (log out) is reached by the keyboard and scrolled into view."""
    context = browser.new_context(base_url=live_server.url, locale="es-ES", viewport=PHONE)
    page = context.new_page()
    login(page, "nurse@example.org", "demo-pass-2026")
    page.goto("/es/simulation/bookings/")

    header = page.locator(".site-header").bounding_box()
    nav = page.locator(".site-header .nav")
    log_out = page.locator("form[action$='/accounts/logout/'] button")
    log_out.focus()

    assert header["height"] <= 150
    assert nav.evaluate("nav => nav.scrollWidth > nav.clientWidth") and page.evaluate(SIDEWAYS) == 0
    assert log_out.evaluate("button => button === document.activeElement")
    box = log_out.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()
