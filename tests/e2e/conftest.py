"""Browser journeys: Playwright for Python driving Debian's headless Chromium against
pytest-django's live server. Never a downloaded browser: where /usr/bin/chromium is missing
(no root to install it), the browser tests are skipped with that reason, and .ci/run refuses
any skipped browser test."""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst

from tests.e2e.bars import DESKTOP, PAGE_BUDGET_BYTES, PHONE, SIDEWAYS, WEIGHT

# Playwright's sync API keeps an event loop in this thread; Django's guard against database
# access from async code would otherwise refuse the test's own queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"Debian's chromium is not installed at {CHROMIUM} (run make test as root)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on the live server, English interface."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step-name") saves a full-page screenshot under tests/e2e/screenshots/<test>/."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login():
    """login(page, email, password) signs in through the real login form."""

    def sign_in(page, email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"/dashboard/"))

    return sign_in


@pytest.fixture
def logout():
    def sign_out(page) -> None:
        """By the form's action, not the button's words: demo people read in their own language."""
        page.locator("form[action$='/accounts/logout/'] button").click()
        page.wait_for_load_state()

    return sign_out


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def serious_accessibility_violations():
    """serious_accessibility_violations(page) runs axe-core (bundled by axe-playwright-python,
    loaded from disk) on the page and returns its serious and critical WCAG 2.2 AA violations
    as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> list[str]:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return check


@pytest.fixture
def csp_violations():
    """csp_violations(page) starts listening to the browser's console and returns the list it
    fills with every Content-Security-Policy refusal (a script, style or frame the policy
    blocked) on that page from then on."""

    def listen(page) -> list[str]:
        found: list[str] = []
        page.on(
            "console",
            lambda message: found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None,
        )
        return found

    return listen


# Each journey is walked by a reader in English and in Spanish (whose words run longer), on a
# desktop and on a small phone.
READERS = {
    "en-1280px": ("en", DESKTOP),
    "en-360px": ("en", PHONE),
    "es-1280px": ("es", DESKTOP),
    "es-360px": ("es", PHONE),
}
LOCALES = {"en": "en-GB", "es": "es-ES"}


def pytest_generate_tests(metafunc):
    if "reader" in metafunc.fixturenames:
        metafunc.parametrize("reader", list(READERS), ids=list(READERS), indirect=True)


@dataclass
class Reader:
    """Someone walking a journey in one language at one screen width. Their browser carries the
    language switcher's cookie, so every unprefixed address opens in their language, as it does
    once they have chosen it; `words` gives the interface's words for a message in that language
    (refusing a message with no translation, so a journey cannot pass on English words); `check`
    holds each page to the site's bars."""

    language: str
    viewport: dict
    browser: object = field(repr=False)
    base_url: str = field(repr=False)
    accessibility: object = field(repr=False)
    _contexts: list = field(default_factory=list, repr=False)

    @property
    def is_phone(self) -> bool:
        return self.viewport["width"] < 600

    def words(self, message: str, **values) -> str:
        with translation.override(self.language):
            words = translation.gettext(message)
        if self.language != settings.LANGUAGE_CODE:
            assert words != message or self._catalogued(message), f"no {self.language} translation for {message!r}"
        return words % values if values else words

    def words_in(self, context: str, message: str) -> str:
        """Like `words`, for a message that has a context (pgettext)."""
        with translation.override(self.language):
            words = translation.pgettext(context, message)
        if self.language != settings.LANGUAGE_CODE:
            assert words != message, f"no {self.language} translation for {message!r} ({context})"
        return words

    def plural(self, singular: str, plural: str, count: int, **values) -> str:
        """Like `words`, for a message with a plural form (ngettext)."""
        with translation.override(self.language):
            words = translation.ngettext(singular, plural, count)
        if self.language != settings.LANGUAGE_CODE:
            assert words not in (singular, plural), f"no {self.language} translation for {singular!r}"
        return words % {"counter": count, **values}

    def _catalogued(self, message: str) -> bool:
        """Whether the language's catalogues translate the message (to the same word, as Spanish
        does "Supervisor"), rather than lack it."""
        return message in translation.trans_real.translation(self.language)._catalog

    def label(self, verbose_name: str) -> str:
        """A model field's label as a form shows it: its verbose name, capitalised."""
        return capfirst(self.words(verbose_name))

    def exactly(self, message: str, **values) -> re.Pattern:
        """The message's words as a whole accessible name, for a button or link."""
        return re.compile(f"^{re.escape(self.words(message, **values))}$")

    def starting(self, message: str, **values) -> re.Pattern:
        return re.compile(f"^{re.escape(self.words(message, **values))}")

    def new_page(self, **options):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=LOCALES[self.language],
            viewport=self.viewport,
            is_mobile=self.is_phone,
            has_touch=self.is_phone,
            **options,
        )
        if self.language != settings.LANGUAGE_CODE:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language, "url": self.base_url}])
        self._contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    def sign_in(self, page, email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label(self.words("Email")).fill(email)
        page.get_by_label(self.words("Password")).fill(password)
        page.get_by_role("button", name=self.words("Sign In")).click()
        page.wait_for_url(re.compile(r"/dashboard/"))
        self.check(page)

    def sign_out(self, page) -> None:
        page.locator("form[action$='/accounts/logout/'] button").click()
        page.wait_for_load_state()

    def check(self, page) -> None:
        """The bars every page keeps, for the page as it is now: in the reader's language, no
        sideways scroll at this width, within the weight budget, no serious axe violation."""
        page.wait_for_load_state("load")
        where = f"{page.url} ({self.language}, {self.viewport['width']} px)"
        assert page.locator("html").get_attribute("lang") == self.language, where
        assert page.evaluate(SIDEWAYS) <= 0, f"{where} scrolls sideways"
        assert (weight := page.evaluate(WEIGHT)) <= PAGE_BUDGET_BYTES, f"{where} weighs {weight} bytes"
        assert self.accessibility(page) == [], where

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def reader(request, browser, live_server, serious_accessibility_violations):
    language, viewport = READERS[request.param]
    walker = Reader(language, viewport, browser, live_server.url, serious_accessibility_violations)
    yield walker
    walker.close()
