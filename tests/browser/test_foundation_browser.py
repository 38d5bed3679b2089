from __future__ import annotations

from pathlib import Path
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


def test_staff_filter_the_audit_trail_and_download_what_they_see(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    from clearway.accounts.services import api_token_create
    from clearway.members.models import Member

    make_user("secretariat_staff", username="auditor")
    kenya = make_user("member_focal_point", member=Member.objects.get(iso3="KEN"), username="kofi")
    api_token_create(actor=kenya, user=kenya, name="nightly export")
    sign_in("auditor", PASSWORD)
    page.goto("/audit/")
    page.select_option("#id_action", label="API token created")  # actions are listed in words
    page.select_option("#id_member", "KEN")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: "action=accounts.api_token.create" in url)
    assert " ".join(page.inner_text("#audit-count").split()).startswith("1 event.")
    body = page.inner_text("table.data tbody")
    assert "API token created" in body and "accounts.api_token.create" in body and "API token #" in body
    with page.expect_download() as download_info:
        page.click("text=Export CSV")
    rows = Path(download_info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and "accounts.api_token.create" in rows[1] and "nightly export" in rows[1]
