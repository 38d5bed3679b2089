"""The secretariat starts from what is its to do: from the home page to the Members that have not submitted, then
reminds them and is told plainly whom the reminder could not reach. The focal point then finds the reminder."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from tests.conftest import PASSWORD

SHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"


def test_from_the_to_do_list_to_a_reminder_that_says_whom_it_missed(
    page: Any, sign_in: Any, secretariat: Any, focal_a: Any, member_a: Any, member_b: Any
) -> None:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create

    today = datetime.date.today()
    cycle = cycle_create(
        actor=secretariat,
        name="Cycle 2027",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=10),
        members=[member_a, member_b],
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(secretariat.username, PASSWORD)
    todo = page.locator("#todo")
    item = todo.locator("li[data-kind='assessments.cycle_pending']")
    assert "2 Members have not submitted their self-assessment (Cycle 2027)" in item.inner_text()
    assert "in 10 days" in item.inner_text()
    page.screenshot(path=str(SHOTS / "todo-secretariat.png"), full_page=True)
    item.locator("a").click()
    page.wait_for_url(f"**/assessments/cycles/{cycle.pk}/**")
    rows = page.locator("#progress-list tbody tr")
    assert rows.count() == 2
    page.get_by_role("button", name="Remind those who have not submitted").click()
    warning = page.locator(".messages .msg.warning")
    assert "could not be reached" in warning.inner_text() and "UGA" in warning.inner_text()
    page.screenshot(path=str(SHOTS / "cycle-reminder-warning.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(focal_a.username, PASSWORD)
    own = page.locator("#todo li[data-kind='assessments.complete']")
    assert "Complete and submit your self-assessment for Cycle 2027" in own.inner_text()
    assert (
        page.locator("body").inner_text().count("Reminder: the self-assessment of Kenya for Cycle 2027") >= 1
    )
    page.screenshot(path=str(SHOTS / "todo-focal-point.png"), full_page=True)
