"""Browser tests: Playwright drives Debian's chromium (/usr/bin/chromium, headless, no sandbox as root) against
Django's live server. Screenshots of each step go to e2e-screenshots/ (see README).

Every browser context a test opens (the ``page`` and ``phone`` fixtures and ``browser.new_context()``) is watched:
a console message of type ``error`` — chromium reports every Content-Security-Policy violation as one — and an
uncaught page error (``weberror``) fail the test, unless ``ALLOWED_CONSOLE_ERRORS`` lists it with its reason.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "e2e-screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Console errors that are not defects: (pattern on "<url>: <text>", why). Keep it short and justified.
ALLOWED_CONSOLE_ERRORS: tuple[tuple[str, str], ...] = ()


def _allowed(message: str) -> bool:
    return any(re.search(pattern, message) for pattern, _why in ALLOWED_CONSOLE_ERRORS)


class WatchedBrowser:
    """The session's browser; each context it opens records console errors and page errors into ``errors``."""

    def __init__(self, browser, errors: list[str]):
        self._browser = browser
        self.errors = errors

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.on("console", self._console)
        context.on("weberror", self._weberror)
        return context

    def _console(self, message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url") or (message.page.url if message.page else "")
        text = f"{url}: {message.text}"
        if not _allowed(text):
            self.errors.append(f"console error — {text}")

    def _weberror(self, error):
        text = f"{error.page.url if error.page else ''}: {error.error}"
        if not _allowed(text):
            self.errors.append(f"page error — {text}")

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def _chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(_chromium, request):
    errors: list[str] = []
    request.node._browser_errors = errors
    return WatchedBrowser(_chromium, errors)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body: a console error or page error seen in any of its browser contexts fails the test."""
    result = yield
    errors = getattr(item, "_browser_errors", None)
    if errors:
        raise AssertionError("the browser logged errors (CSP violations are console errors):\n  " + "\n  ".join(errors))
    return result


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def shoot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def _shoot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


@pytest.fixture
def login(live_server):
    from workflow.demo import DEMO_PASSWORD

    def _login(page, username: str):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login
