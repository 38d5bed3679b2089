"""The Secretariat invites a Member's contributor from the Member's page; she opens the link of the e-mail (as
the file back end wrote it), sets her password and lands signed in, with the notification it caused shown to
the focal point who follows. The new pages pass axe-core's checks in English and French."""

from __future__ import annotations

import email
import re
from email.message import Message
from pathlib import Path
from typing import Any

from clearway.core.actors import SYSTEM
from tests.browser.test_accessibility import RULES
from tests.conftest import PASSWORD

SHOTS = Path("/tmp/clearway-screenshots")


def _mails(folder: Path) -> list[Message]:
    return [email.message_from_bytes(f.read_bytes()) for f in sorted(folder.glob("*.eml"))]


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"contacts-{name}.png"), full_page=True)


def test_an_invitation_is_accepted_in_the_browser(
    page: Any, browser: Any, live_server: Any, sign_in: Any, make_user: Any, settings: Any, tmp_path: Path
) -> None:
    from clearway.members.models import Member

    settings.EMAIL_BACKEND = "clearway.notifications.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.CLEARWAY_BASE_URL = live_server.url
    kenya = Member.objects.get(iso3="KEN")
    make_user("secretariat_staff", username="sam", first_name="Sam", last_name="Secretariat")
    make_user("member_focal_point", member=kenya, username="wanjiru", first_name="Wanjiru")

    sign_in("sam", PASSWORD)
    page.goto("/members/KEN/")
    page.click("#manage-contacts")
    page.wait_for_selector("#add-person")
    page.fill("#id_first_name", "Amina")
    page.fill("#id_last_name", "Odhiambo")
    page.fill("#id_email", "amina@kra.example")
    page.select_option("#id_role", "member_contributor")
    page.select_option("#id_language", "fr")
    page.click("#add-person button[type=submit]")
    page.wait_for_selector("[data-username='amina@kra.example'] [data-status=invited]")
    _shot(page, "list-invited")

    (invitation,) = _mails(tmp_path / "mail")
    assert invitation["To"] == "amina@kra.example"
    body = invitation.get_payload(decode=True).decode()
    link = re.search(rf"{re.escape(live_server.url)}/accounts/activate/\S+/", body).group(0)

    invitee = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    invitee.goto(link)
    invitee.wait_for_selector("html[lang=fr]")
    assert "/activate/set-password/" in invitee.url  # the secret is no longer in the address bar
    assert "Bienvenue dans Clearway" in invitee.inner_text("h1")
    _shot(invitee, "set-password-fr")
    invitee.fill("#id_password", "harbour-lantern-2027")
    invitee.fill("#id_password_again", "harbour-lantern-2027")
    invitee.click("button[type=submit].primary")
    invitee.wait_for_url(f"{live_server.url}/")
    assert "Bienvenue dans Clearway, Amina Odhiambo" in invitee.inner_text(".messages")
    assert "Amina Odhiambo" in invitee.inner_text(".whoami")
    _shot(invitee, "signed-in-fr")
    invitee.context.close()

    page.goto("/accounts/contacts/KEN/")
    assert page.locator("[data-username='amina@kra.example'] [data-status=active]").count() == 1
    page.goto("/notifications/")
    assert "accepted your invitation" in page.inner_text("#notifications")
    assert page.locator(".notifications-link [data-unread='1']").count() == 1
    _shot(page, "notifications")


def test_the_new_pages_pass_the_accessibility_checks(page: Any, sign_in: Any, make_user: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from clearway.members.models import Member
    from clearway.notifications.services import notification_send

    kenya = Member.objects.get(iso3="KEN")
    sam = make_user("secretariat_staff", username="sam", first_name="Sam")
    make_user("member_focal_point", member=kenya, username="wanjiru", first_name="Wanjiru")
    make_user("member_head", member=kenya, username="dg", first_name="Director", last_name="General")
    notification_send(
        actor=SYSTEM,
        recipients=[sam],
        kind="assessments.returned",
        params={"member": {"en": "Kenya", "fr": "Kenya"}, "cycle": "2026", "reason": "Evidence missing"},
        url="/members/KEN/",
    )
    axe = Axe()
    problems: list[str] = []
    page.goto("/accounts/password-reset/")
    problems += [v["id"] for v in axe.run(page, options=RULES).response["violations"]]
    sign_in("sam", PASSWORD)
    for language in ("en", "fr"):
        page.click(f"button[data-lang={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        for path in (
            "/accounts/contacts/",
            "/accounts/contacts/KEN/",
            "/notifications/",
            "/members/KEN/",
            "/accounts/profile/",
        ):
            page.goto(path)
            found = axe.run(page, options=RULES).response["violations"]
            problems += [f"{path} ({language}): {v['id']} at {v['nodes'][0]['target']}" for v in found]
            _shot(page, f"{path.strip('/').replace('/', '-')}-{language}")
    assert problems == []
