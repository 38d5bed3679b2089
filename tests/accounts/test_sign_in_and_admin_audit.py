"""Sign-ins, refused sign-ins, sign-outs and the administration site's bulk deletes and password changes are in
the audit trail (issue 30, finding 8); password hashes are not."""

from __future__ import annotations

from typing import Any

from django.test import Client

from clearway.core.models import AuditEvent
from tests.conftest import PASSWORD


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_sign_in_a_refused_sign_in_and_a_sign_out_are_audited_with_the_address(focal_a: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _sign_in(client, "focal-a", "wrong password").status_code == 200
    assert _sign_in(client, "nobody-here", "wrong password").status_code == 200
    assert _sign_in(client, "focal-a", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    events = list(AuditEvent.objects.filter(action__startswith="accounts.user.sign").order_by("pk"))
    assert [(e.action, e.object_label) for e in events] == [
        ("accounts.user.sign_in_failed", str(focal_a)),
        ("accounts.user.sign_in_failed", "nobody-here"),
        ("accounts.user.sign_in", str(focal_a)),
        ("accounts.user.sign_out", str(focal_a)),
    ]
    assert {e.after["address"] for e in events} == {"203.0.113.7"}
    assert events[0].actor is None and events[2].actor == focal_a and events[1].object_id == ""
    assert events[0].member_iso3 == "KEN"


def test_the_admin_bulk_delete_of_tokens_is_audited_per_token(
    make_user: Any, client_for: Any, focal_a: Any
) -> None:
    from clearway.accounts.services import api_token_create

    admin_user = make_user("secretariat_admin", username="root-admin")
    tokens = [api_token_create(actor=focal_a, user=focal_a, name=f"t{i}")[0] for i in range(2)]
    response = client_for(admin_user).post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in tokens], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.filter(action="core.admin.delete", object_type="accounts.apitoken")
    assert sorted(e.object_id for e in deleted) == sorted(str(t.pk) for t in tokens)
    assert all(e.actor == admin_user and "digest" not in e.before for e in deleted)


def test_a_password_set_in_the_admin_is_audited_without_its_hash(
    make_user: Any, client_for: Any, focal_a: Any
) -> None:
    admin_user = make_user("secretariat_admin", username="root-admin")
    response = client_for(admin_user).post(
        f"/admin/accounts/user/{focal_a.pk}/password/",
        {"password1": "A-new-password-2026", "password2": "A-new-password-2026", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    event = AuditEvent.objects.get(action="accounts.user.admin_password_change")
    assert event.object_id == str(focal_a.pk) and event.actor == admin_user
    assert "password" not in str(event.before) + str(event.after)
