"""Browser journeys: Playwright for Python driving Debian's headless Chromium against
pytest-django's live server. Never a downloaded browser: where /usr/bin/chromium is missing
(no root to install it), the browser tests are skipped with that reason, and .ci/run refuses
any skipped browser test."""

import os
import re
import shutil
from pathlib import Path

import pytest

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
