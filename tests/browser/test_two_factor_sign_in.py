"""Two-factor sign-in in the browser, in English and French: a Secretariat administrator who must use it is sent
to enrol at their first sign-in, scans (here: reads) the secret, confirms with a code, keeps the backup codes,
signs out and signs in again with a code computed by the test; a focal point turns it on from the profile in
French and signs in with a backup code. The pages pass axe-core's checks. Screenshots go to
/tmp/clearway-screenshots/two-factor-*.png for a person to look at."""

from __future__ import annotations

import base64
import time
from binascii import unhexlify
from pathlib import Path
from typing import Any

from django_otp.oath import TOTP

from tests.browser.test_accessibility import RULES
from tests.conftest import PASSWORD

SHOTS = Path("/tmp/clearway-screenshots")


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"two-factor-{name}.png"), full_page=True)


def _code(secret_text: str, *, steps_ahead: int = 0) -> str:
    """What the authenticator app would show for the secret the page gives as text."""
    totp = TOTP(unhexlify(base64.b32decode(secret_text.replace(" ", "")).hex()))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _accessibility(page: Any, axe: Any, name: str) -> list[str]:
    return [
        f"{name}: {v['id']} at {v['nodes'][0]['target']}"
        for v in axe.run(page, options=RULES).response["violations"]
    ]


def _password(page: Any, username: str) -> None:
    """The sign-in page's first step."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")


def _sign_out(page: Any) -> None:
    page.click(".usermenu form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")


def test_an_administrator_enrols_signs_out_and_signs_in_with_a_code(
    page: Any, browser: Any, live_server: Any, make_user: Any, member_a: Any, settings: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    settings.TOTP_MODE = "required-for-admins"
    make_user("secretariat_admin", username="root-admin", first_name="Rita", last_name="Admin")
    make_user("member_focal_point", member=member_a, username="wanjiru", first_name="Wanjiru")
    axe = Axe()
    problems: list[str] = []

    # English: the administrator is sent to enrol before anything else.
    _password(page, "root-admin")
    page.wait_for_url("**/accounts/two-factor/")
    assert "required of Secretariat administrators" in page.inner_text("main")
    assert page.locator("img[data-qr-code]").evaluate("img => img.complete && img.naturalWidth > 0")
    problems += _accessibility(page, axe, "enrol (en)")
    _shot(page, "enrol-en")
    secret = page.inner_text("[data-totp-secret]")
    page.fill("#id_code", _code(secret))
    page.click("button[type=submit].primary")
    page.wait_for_selector("[data-backup-codes]")
    codes = page.locator("[data-backup-codes] code").all_inner_texts()
    assert len(codes) == 10 and "Two-factor sign-in is on." in page.inner_text(".messages")
    problems += _accessibility(page, axe, "backup codes (en)")
    _shot(page, "backup-codes-en")
    page.goto("/")  # no longer sent to enrol
    assert page.url == f"{live_server.url}/"
    _sign_out(page)

    _password(page, "root-admin")
    page.wait_for_url("**/accounts/login/code/")
    page.fill("#id_code", "000000" if _code(secret, steps_ahead=1) != "000000" else "111111")
    page.click("button[type=submit].primary")
    assert "This code is not right" in page.inner_text("main")
    problems += _accessibility(page, axe, "code (en)")
    _shot(page, "code-refused-en")
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the one wrong code above must not make the test wait
    page.fill("#id_code", _code(secret, steps_ahead=1))
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    assert "Rita Admin" in page.inner_text(".whoami")
    page.goto("/accounts/two-factor/")
    assert page.inner_text("[data-backup-codes-left]") == "10"
    problems += _accessibility(page, axe, "manage (en)")
    _shot(page, "manage-en")

    # French: a focal point turns it on from the profile, then signs in with a backup code.
    focal = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    _password(focal, "wanjiru")
    focal.wait_for_url(f"{live_server.url}/")
    focal.click("button[data-lang=fr]")
    focal.wait_for_selector("html[lang=fr]")
    focal.goto("/accounts/profile/")
    focal.click("#two-factor a.btn")
    focal.wait_for_selector("h1:has-text('Activer la connexion en deux étapes')")
    problems += _accessibility(focal, axe, "enrol (fr)")
    _shot(focal, "enrol-fr")
    focal_secret = focal.inner_text("[data-totp-secret]")
    focal.fill("#id_code", _code(focal_secret))
    focal.click("button[type=submit].primary")
    focal.wait_for_selector("[data-backup-codes]")
    focal_codes = focal.locator("[data-backup-codes] code").all_inner_texts()
    assert "La connexion en deux étapes est activée." in focal.inner_text(".messages")
    _shot(focal, "backup-codes-fr")
    _sign_out(focal)
    _password(focal, "wanjiru")
    focal.wait_for_url("**/accounts/login/code/")
    assert "Code de connexion" in focal.inner_text("h1")
    problems += _accessibility(focal, axe, "code (fr)")
    _shot(focal, "code-fr")
    focal.fill("#id_code", focal_codes[0])
    focal.click("button[type=submit].primary")
    focal.wait_for_url(f"{live_server.url}/")
    assert "Wanjiru" in focal.inner_text(".whoami")
    focal.goto("/accounts/two-factor/")
    assert focal.inner_text("[data-backup-codes-left]") == "9"
    _shot(focal, "manage-fr")
    focal.context.close()

    # The administrator sees who has it, in French.
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    page.goto("/accounts/two-factor/people/")
    assert page.locator("#two-factor-people tbody tr").count() == 2
    problems += _accessibility(page, axe, "people (fr)")
    _shot(page, "people-fr")
    assert problems == []
