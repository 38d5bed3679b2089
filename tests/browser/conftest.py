"""Real headless Chromium (Debian's package) driven by Playwright against a live Clearway server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


# Every page reports what its Content-Security-Policy refused (an inline script or style, a foreign source).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.documentURI);
});
"""


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context on the live server (reference data is loaded by tests/conftest.py). A test whose
    pages break their Content-Security-Policy fails, with the refusals listed."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "CSP violation" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def sign_in(page: Any) -> Callable[[str, str], None]:
    def do(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit].primary")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do
