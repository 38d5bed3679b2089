"""Pages work under the Content-Security-Policy: the page fixture fails a test on any violation (tests/browser/
conftest.py); this journey visits the pages whose scripts and styles moved to static files, and the API docs."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def test_pages_once_carrying_inline_code_work_under_the_policy(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    make_user("secretariat_staff", username="sam", first_name="Sam")
    sign_in("sam", PASSWORD)
    page.goto("/jobs/")
    assert page.locator("h1").inner_text() == "Background jobs"
    page.set_viewport_size({"width": 600, "height": 900})  # the jobs table's narrow layout, from pages.css
    page.goto("/capacity/calendar/")
    page.goto("/notifications/")
    assert page.evaluate("getComputedStyle(document.getElementById('notifications')).listStyleType") == "none"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/assessments/999999999/")  # the error page and its link back
    assert page.locator("a[data-back]").count() == 1
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .info")
    assert "Clearway API" in page.locator(".swagger-ui .info").inner_text()
    page.screenshot(path="/tmp/h30-api-docs.png")
