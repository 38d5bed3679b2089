"""Two-factor sign-in (issue 30, item 3): enrolment with a QR code and backup codes, the code asked after the
password, throttled wrong codes, turning it off (by the person or a Secretariat administrator), and the rule that
Secretariat administrators must have it when `CLEARWAY_TOTP=required-for-admins`, on pages and the API alike."""

from __future__ import annotations

import base64
import re
import time
from binascii import unhexlify
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearway.accounts.two_factor.services import two_factor_enrol, two_factor_key_new
from clearway.core.models import AuditEvent
from tests.conftest import PASSWORD


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this secret, now or a step (30 s) later; a code is good once, so a
    second sign-in in the same half-minute uses the next step, which the one-step tolerance accepts."""
    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.fixture
def optional(settings: Any) -> None:
    settings.TOTP_MODE = "optional"


@pytest.fixture
def required(settings: Any) -> None:
    settings.TOTP_MODE = "required-for-admins"


def enrolled(user: Any) -> tuple[str, list[str]]:
    key = two_factor_key_new()
    _device, codes = two_factor_enrol(user=user, key=key, code=code_for(key))
    return key, codes


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def test_enrolment_shows_a_qr_code_drawn_here_and_the_secret_and_needs_a_first_code(
    optional: None, client_for: Any, focal_a: Any
) -> None:
    client = client_for(focal_a)
    page = client.get("/accounts/two-factor/").content.decode()
    qr = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert qr is not None and base64.b64decode(qr.group(1)).startswith(b"<svg")
    secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")  # type: ignore[union-attr]
    key = base64.b32decode(secret).hex()
    refused = client.post(
        "/accounts/two-factor/", {"code": "000000" if code_for(key) != "000000" else "111111"}
    )
    assert refused.status_code == 400 and not TOTPDevice.objects.filter(user=focal_a).exists()
    done = client.post("/accounts/two-factor/", {"code": code_for(key)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert TOTPDevice.objects.get(user=focal_a, confirmed=True).key == key
    assert sorted(StaticToken.objects.filter(device__user=focal_a).values_list("token", flat=True)) == sorted(
        codes
    )
    assert client.get("/accounts/two-factor/").content.decode().count("<li><code>") == 0  # shown once
    event = AuditEvent.objects.get(action="accounts.user.two_factor_enrol")
    assert event.actor == focal_a and event.after == {"backup_codes": 10}


def test_sign_in_asks_the_code_after_the_password_and_signs_in_only_with_it(
    optional: None, focal_a: Any
) -> None:
    key, _codes = enrolled(focal_a)
    client = Client(REMOTE_ADDR="203.0.113.9")
    response = sign_in(client, "focal-a")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)
    response = client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 302 and signed_in(client)
    assert AuditEvent.objects.filter(action="accounts.user.sign_in", actor=focal_a).count() == 1


def test_the_first_code_cannot_be_given_again_even_from_a_phone_whose_clock_is_behind(
    optional: None, settings: Any, focal_a: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the refused code must not make the next one wait
    key = two_factor_key_new()
    if time.time() % 30 > 28:  # not at the very end of a step, so "one step late" stays one step late
        time.sleep(30 - time.time() % 30)
    behind = code_for(key, steps_ahead=-1)  # the phone's clock is half a minute late
    device, _codes = two_factor_enrol(user=focal_a, key=key, code=behind)
    assert device.drift == -1
    client = Client()
    sign_in(client, "focal-a")
    assert client.post("/accounts/login/code/", {"code": behind}).status_code == 400
    assert client.post("/accounts/login/code/", {"code": code_for(key)}).status_code == 302  # its next code
    assert signed_in(client)


def test_a_wrong_code_is_refused_audited_and_throttles_the_next_try(
    optional: None, settings: Any, focal_a: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # one failure: the next try waits an hour
    key, _codes = enrolled(focal_a)
    client = Client(REMOTE_ADDR="203.0.113.9")
    sign_in(client, "focal-a")
    wrong = f"{(int(code_for(key, steps_ahead=1)) + 1) % 1_000_000:06d}"
    first = client.post("/accounts/login/code/", {"code": wrong})
    assert first.status_code == 400 and "This code is not right" in first.content.decode()
    second = client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert second.status_code == 400 and "Too many wrong codes" in second.content.decode()
    assert not signed_in(client)
    failures = AuditEvent.objects.filter(action="accounts.user.two_factor_verify_failed").order_by("pk")
    assert [e.after for e in failures] == [
        {"address": "203.0.113.9", "throttled": False},
        {"address": "203.0.113.9", "throttled": True},
    ]
    assert all(e.actor is None and e.object_id == str(focal_a.pk) for e in failures)


def test_a_backup_code_signs_in_once(optional: None, focal_a: Any) -> None:
    _key, codes = enrolled(focal_a)
    client = Client()
    sign_in(client, "focal-a")
    assert client.post("/accounts/login/code/", {"code": codes[0].upper()}).status_code == 302
    assert signed_in(client)
    event = AuditEvent.objects.get(action="accounts.user.two_factor_backup_use")
    assert event.actor == focal_a and event.after["backup_codes"] == 9
    again = Client()
    sign_in(again, "focal-a")
    assert again.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400
    assert not signed_in(again)


def test_the_code_step_expires_after_five_minutes(optional: None, focal_a: Any) -> None:
    key, _codes = enrolled(focal_a)
    client = Client()
    sign_in(client, "focal-a")
    session = client.session
    session["clearway_two_factor_pending"]["at"] -= 301
    session.save()
    response = client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_a_session_that_gave_no_code_is_signed_out_whatever_door_it_came_by(
    optional: None, make_user: Any
) -> None:
    admin_user = make_user("secretariat_admin", username="root-admin")
    enrolled(admin_user)
    client = Client()
    # The administration site's own sign-in form asks no code: the session it opens is ended at the next page.
    client.post("/admin/login/?next=/admin/", {"username": "root-admin", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)


def test_a_password_link_does_not_skip_the_code(optional: None, focal_a: Any) -> None:
    from clearway.accounts.models import AccessLink, AccessPurpose

    key, _codes = enrolled(focal_a)
    raw = AccessLink.generate()
    AccessLink.objects.create(
        user=focal_a,
        purpose=AccessPurpose.PASSWORD_RESET,
        digest=AccessLink.digest_of(raw),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client = Client()
    client.get(f"/accounts/activate/{raw}/")
    response = client.post(
        "/accounts/activate/set-password/",
        {"password": "A-new-password-2026", "password_again": "A-new-password-2026"},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)
    client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert signed_in(client)


def test_the_person_turns_it_off_with_their_password(optional: None, client_for: Any, focal_a: Any) -> None:
    enrolled(focal_a)
    client = Client()
    sign_in(client, "focal-a")
    client.post(
        "/accounts/login/code/", {"code": StaticToken.objects.filter(device__user=focal_a).first().token}
    )  # type: ignore[union-attr]
    refused = client.post("/accounts/two-factor/", {"password": "not my password", "action": "disable"})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=focal_a).exists()
    assert (
        client.post("/accounts/two-factor/", {"password": PASSWORD, "action": "disable"}).status_code == 302
    )
    assert not TOTPDevice.objects.filter(user=focal_a).exists()
    assert not StaticToken.objects.filter(device__user=focal_a).exists()
    event = AuditEvent.objects.get(action="accounts.user.two_factor_disable")
    assert event.actor == focal_a and event.before == {"backup_codes": 9}
    fresh = Client()
    assert sign_in(fresh, "focal-a").status_code == 302 and signed_in(fresh)  # the password alone again


def test_new_backup_codes_replace_the_old_ones(optional: None, focal_a: Any) -> None:
    from clearway.accounts.two_factor.services import two_factor_backup_codes_renew

    _key, old = enrolled(focal_a)
    new = two_factor_backup_codes_renew(user=focal_a, password=PASSWORD)
    tokens = set(StaticToken.objects.filter(device__user=focal_a).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)
    assert (
        AuditEvent.objects.filter(action="accounts.user.two_factor_backup_renew", actor=focal_a).count() == 1
    )


def test_a_secretariat_administrator_turns_off_someone_elses_and_nobody_else_may(
    optional: None, make_user: Any, client_for: Any, focal_a: Any, secretariat: Any
) -> None:
    admin_user = make_user("secretariat_admin", username="root-admin")
    enrolled(focal_a)
    assert client_for(secretariat).get("/accounts/two-factor/people/").status_code == 403
    assert client_for(secretariat).post(f"/accounts/people/{focal_a.pk}/two-factor/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=focal_a).exists()
    admin_client = client_for(admin_user)
    assert "focal-a" in admin_client.get("/accounts/two-factor/people/").content.decode()
    response = admin_client.post(f"/accounts/people/{focal_a.pk}/two-factor/reset/", {"reason": "phone lost"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=focal_a).exists()
    event = AuditEvent.objects.get(action="accounts.user.two_factor_disable")
    assert event.actor == admin_user and event.object_id == str(focal_a.pk) and event.reason == "phone lost"


def test_an_administrator_who_must_use_it_is_sent_to_enrol_before_anything_else(
    required: None, make_user: Any, secretariat: Any
) -> None:
    make_user("secretariat_admin", username="root-admin")
    client = Client()
    assert sign_in(client, "root-admin").status_code == 302
    for path in ("/", "/members/", "/accounts/profile/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/", path
    api = client.get("/api/me/tasks")
    assert api.status_code == 403 and "Two-factor sign-in is required" in api.json()["message"]
    assert client.get("/accounts/two-factor/").status_code == 200
    staff = Client()
    sign_in(staff, "sec")
    assert staff.get("/").status_code == 200  # staff may, administrators must


def test_an_api_token_of_an_administrator_who_must_use_it_works_only_once_enrolled(
    required: None, settings: Any, make_user: Any
) -> None:
    from clearway.accounts.services import api_token_create

    admin_user = make_user("secretariat_admin", username="root-admin")
    settings.TOTP_MODE = "off"
    _token, raw = api_token_create(actor=admin_user, user=admin_user, name="script")
    settings.TOTP_MODE = "required-for-admins"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    refused = Client().get("/api/me/tasks", **headers)
    assert refused.status_code == 403 and "before using an API token" in refused.json()["message"]
    enrolled(admin_user)
    assert Client().get("/api/me/tasks", **headers).status_code == 200


def test_when_off_nothing_is_offered_and_no_code_is_asked(
    settings: Any, client_for: Any, focal_a: Any
) -> None:
    settings.TOTP_MODE = "optional"
    enrolled(focal_a)
    settings.TOTP_MODE = "off"
    assert client_for(focal_a).get("/accounts/two-factor/").status_code == 404
    client = Client()
    assert sign_in(client, "focal-a").status_code == 302 and signed_in(client)


def test_the_enrolment_page_speaks_french(optional: None, client_for: Any, focal_a: Any) -> None:
    client = client_for(focal_a)
    client.cookies["django_language"] = "fr"
    page = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Activer la connexion en deux étapes" in page


def test_a_bad_two_factor_setting_stops_start_up(tmp_path: Any) -> None:
    from tests.core.test_env_settings import _start

    result = _start({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_TOTP": "always"})
    assert result.returncode == 2 and "CLEARWAY_TOTP='always' is not valid" in result.stderr
    assert "off, optional, required-for-admins" in result.stderr


def test_the_administration_site_neither_shows_nor_changes_the_secrets(
    optional: None, make_user: Any, client_for: Any
) -> None:
    admin_user = make_user("secretariat_admin", username="root-admin")
    enrolled(admin_user)
    client = Client()
    sign_in(client, "root-admin")
    client.post(
        "/accounts/login/code/", {"code": StaticToken.objects.filter(device__user=admin_user).first().token}
    )  # type: ignore[union-attr]
    index = client.get("/admin/")
    assert index.status_code == 200 and "/admin/accounts/user/" in index.content.decode()
    assert "otp_totp" not in index.content.decode() and "otp_static" not in index.content.decode()
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
