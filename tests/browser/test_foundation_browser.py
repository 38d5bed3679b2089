from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def test_sign_in_switch_to_french_and_open_a_standard(page: Any, sign_in: Any, make_user: Any) -> None:
    make_user("observer", username="olga", first_name="Olga")
    sign_in("olga", PASSWORD)
    assert page.locator("h1").inner_text() == "Welcome, Olga"

    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    page.get_by_role("navigation").get_by_role("link", name="Cadre", exact=True).click()
    page.wait_for_url("**/framework/2022/")
    assert "Principe I" in page.locator("main").inner_text()

    page.get_by_role("link", name="Qualité des données", exact=True).click()
    page.wait_for_url("**/framework/2022/standards/16/")
    heading = page.locator("h1").inner_text()
    assert heading == "Norme 16\u00a0: Qualité des données"
    assert page.locator(".badge.warn").first.is_visible()


def test_wrong_password_is_refused_with_a_clear_message(page: Any, make_user: Any) -> None:
    make_user("observer", username="olga")
    page.goto("/accounts/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit].primary")
    assert "not right" in page.locator("[role=alert]").inner_text()
