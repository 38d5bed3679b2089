from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.accounts.services import api_token_create, api_token_revoke, user_create
from clearway.core.actors import SYSTEM
from clearway.core.exceptions import PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent
from tests.conftest import PASSWORD


def test_member_roles_need_a_member_in_the_service_and_in_the_database(db: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        user_create(actor=SYSTEM, username="x", password=PASSWORD, role=Role.MEMBER_FOCAL_POINT)
    assert "member" in error.value.field_errors
    with pytest.raises(IntegrityError):
        User.objects.create(username="y", role=Role.MEMBER_CONTRIBUTOR)


def test_regional_office_needs_a_region(db: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        user_create(actor=SYSTEM, username="r", password=PASSWORD, role=Role.REGIONAL_OFFICE)
    assert "region" in error.value.field_errors


def test_creating_a_user_is_audited(secretariat: Any) -> None:
    event = AuditEvent.objects.get(action="accounts.user.create", object_id=str(secretariat.pk))
    assert event.after["role"] == "secretariat_staff"
    assert "password" not in event.after


def test_api_token_authenticates_until_revoked(focal_a: Any) -> None:
    token, raw = api_token_create(actor=focal_a, user=focal_a, name="nightly export")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/members/KEN", headers=headers).status_code == 200
    api_token_revoke(actor=focal_a, token=token)
    response = client.get("/api/members/KEN", headers=headers)
    assert response.status_code == 401
    assert "API token" in response.json()["message"]


def test_only_a_digest_of_the_token_is_stored(focal_a: Any) -> None:
    token, raw = api_token_create(actor=focal_a, user=focal_a, name="t")
    assert raw not in (token.digest, token.prefix) and raw.startswith("cw_")
    assert not User.objects.filter(api_tokens__digest=raw).exists()


def test_nobody_creates_tokens_for_someone_else(focal_a: Any, focal_b: Any) -> None:
    with pytest.raises(PermissionDenied):
        api_token_create(actor=focal_b, user=focal_a, name="sneaky")


def test_another_users_token_cannot_be_revoked_through_the_page(
    focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    token, _raw = api_token_create(actor=focal_a, user=focal_a, name="mine")
    response = client_for(focal_b).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_forms_refuse_posts_without_csrf_token(focal_a: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_a)
    assert client.post("/accounts/profile/", {"name": "no csrf"}).status_code == 403


def test_sign_in_is_throttled_after_repeated_failures(db: Any, settings: Any, make_user: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    make_user("observer", username="target")
    client = Client()
    for _ in range(3):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_signing_in_applies_the_preferred_language(db: Any, make_user: Any) -> None:
    make_user("observer", username="amelie", preferred_language="fr")
    client = Client()
    response = client.post("/accounts/login/", {"username": "amelie", "password": PASSWORD}, follow=True)
    assert "Bienvenue" in response.content.decode()


def _settings_value(expression: str, extra: dict[str, str], tmp_path: Any) -> str:
    environment = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path), **extra}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    environment["DJANGO_SETTINGS_MODULE"] = "clearway.settings"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()


def test_passwords_are_hashed_with_argon2_by_default(tmp_path: Any) -> None:
    assert _settings_value("settings.PASSWORD_HASHERS[0]", {}, tmp_path).endswith("Argon2PasswordHasher")


def test_cookies_are_secure_when_served_over_https(tmp_path: Any) -> None:
    expression = "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE"
    assert _settings_value(expression, {"CLEARWAY_HTTPS": "1"}, tmp_path) == "True True"
    assert _settings_value(expression, {}, tmp_path) == "False False"


def test_switching_language_in_the_header_is_remembered_on_the_profile(focal_a: Any, client_for: Any) -> None:
    client = client_for(focal_a)
    response = client.post("/accounts/language/", {"language": "fr", "next": "/members/"})
    assert response.status_code == 302 and response["Location"] == "/members/"
    focal_a.refresh_from_db()
    assert focal_a.preferred_language == "fr"
    assert "Membres de l" in client.get("/members/").content.decode()
