"""The notifications a person reads: the unread count in the menu, the list page, `GET /api/notifications`,
marking read; nobody reads another's."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from clearway.core.actors import SYSTEM
from clearway.notifications.models import Notification
from clearway.notifications.services import notification_send


def _notify(user: Any, state: str = "Approved") -> Notification:
    (note,) = notification_send(
        actor=SYSTEM,
        recipients=[user],
        kind="capacity.request_changed",
        params={"member": {"en": "Kenya", "fr": "Kenya"}, "state": {"en": state, "fr": "Approuvée"}},
        url="/capacity/requests/1/",
    )
    return note


def test_the_menu_shows_how_many_are_unread_until_they_are_read(focal_a: Any, client_for: Any) -> None:
    client = client_for(focal_a)
    assert 'class="badge bad"' not in client.get("/notifications/").content.decode()
    _notify(focal_a)
    _notify(focal_a)
    page = client.get("/members/").content.decode()
    assert 'data-unread="2"' in page and "2 new" in page
    client.post("/notifications/read-all/")
    assert "data-unread" not in client.get("/members/").content.decode()


def test_the_list_page_reads_in_the_readers_language_and_opening_one_marks_it_read(
    focal_a: Any, client_for: Any
) -> None:
    note = _notify(focal_a)
    client = client_for(focal_a)
    page = html.unescape(client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Demande d'appui national (Kenya)\u00a0: Approuvée." in page
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/capacity/requests/1/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Nothing unread." in client.get("/notifications/?show=unread").content.decode()


def test_the_api_lists_ones_own_notifications_with_the_unread_count(
    focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    _notify(focal_a, "Approved")
    _notify(focal_b, "Declined")
    response = client_for(focal_a).get("/api/notifications", follow=True)
    data = response.json()
    assert data["unread"] == 1
    (item,) = data["items"]
    assert item["title"] == "National support request of Kenya: Approved."
    assert item["kind"] == "capacity.request_changed" and item["url"] == "/capacity/requests/1/"
    assert item["read"] is False and item["kind_label"] == "National support request"


def test_marking_read_through_the_api_and_nobody_marks_anothers(
    focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    mine, theirs = _notify(focal_a), _notify(focal_b)
    client = client_for(focal_a)
    assert client.post(f"/api/notifications/{theirs.pk}/read").status_code == 404
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    response = client.post(f"/api/notifications/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read"] is True
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get("/api/notifications/?unread_only=true").json() == {"unread": 0, "items": []}
    _notify(focal_a)
    assert client.post("/api/notifications/read-all").json() == {"marked": 1}


def test_an_anonymous_visitor_reads_no_notification(db: Any) -> None:
    assert Client().get("/api/notifications/").status_code == 401
    assert Client().get("/notifications/")["Location"].startswith("/accounts/login/")


def test_the_email_setting_is_chosen_on_the_profile_and_audited(focal_a: Any, client_for: Any) -> None:
    from clearway.core.models import AuditEvent

    client = client_for(focal_a)
    assert client.post("/accounts/profile/", {"notification_email": "daily"}).status_code == 302
    focal_a.refresh_from_db()
    assert focal_a.notification_email == "daily"
    event = AuditEvent.objects.get(action="accounts.user.set_notification_email")
    assert event.before == {"notification_email": "immediate"} and event.after == {
        "notification_email": "daily"
    }
