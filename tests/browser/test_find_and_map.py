"""In Chromium, on the demo data: a focal point types in the header's search box and follows a result; the
secretariat reads the programme map by each measure; both pages pass axe-core's checks in English and French and
fit a phone's width. Screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command

from tests.browser.test_accessibility import DEMO_PASSWORD, _violations

SHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_focal_point_types_in_the_search_box_and_the_secretariat_reads_the_map(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    call_command("demo_load", verbosity=0)
    axe = Axe()
    problems: list[str] = []

    _sign_in(page, "focal.fra")
    page.goto("/capacity/")
    page.click("button[data-lang=en]")
    page.wait_for_selector("html[lang=en]")
    box = page.get_by_role("searchbox", name="Find Members, indicators, activities, requests, surveys")
    box.fill("Kenya")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Kenya")
    assert page.locator("section[data-kind=members] a").first.inner_text() == "Kenya"
    assert page.locator("#find-q").input_value() == "Kenya"  # the box keeps what was searched
    problems += _violations(page, axe)
    _shot(page, "search-focal-point-en")
    page.locator("section[data-kind=members] a", has_text="Kenya").click()
    page.wait_for_url("**/members/KEN/")

    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    page.get_by_role("searchbox").fill("atelier")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_selector("section[data-kind=activities]")
    assert "Activités" in page.locator("section[data-kind=activities] h2").inner_text()
    problems += _violations(page, axe)
    _shot(page, "search-focal-point-fr")

    _sign_in(page, "secretariat")
    page.goto("/members/")
    page.click("text=Map of the programme")
    page.wait_for_selector("figure.map svg")
    for measure in ("status", "score", "survey", "workshops"):
        page.select_option("select[name=show]", measure)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(f"**show={measure}**")
        assert page.locator("figure.map svg path").count() > 150  # every country drawn
        assert page.locator("table.data tbody tr[data-iso3=MUS]").count() == 1  # too small to draw, listed
        problems += _violations(page, axe)
        _shot(page, f"map-{measure}-en")
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assert "Carte du programme" in page.locator("h1").inner_text()
    problems += _violations(page, axe)
    _shot(page, "map-workshops-fr")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/members/map/", "/search/?q=kenya"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    _shot(page, "search-phone")
    assert problems == []
