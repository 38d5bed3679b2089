"""A Member administration's people, managed in Clearway: added and invited by the Secretariat or the Member's
focal point, their role changed, deactivated; one-time links to set a password; every change audited."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clearway.accounts.contacts import (
    contact_add,
    contact_deactivate,
    contact_invite,
    contact_reactivate,
    contact_role_change,
)
from clearway.accounts.models import AccessLink, User
from clearway.accounts.roles import Role
from clearway.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent
from tests.conftest import PASSWORD

NEW_PASSWORD = "harbour-lantern-2027"


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _link_in(message: Any) -> str:
    return re.search(r"http://\S+/accounts/activate/(\S+)/", message.body).group(0)


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _invite_someone(actor: Any, member: Any, committed: Any, **kw: Any) -> User:
    values = {"email": "Amina.Odhiambo@kra.example", "role": Role.MEMBER_CONTRIBUTOR, "first_name": "Amina"}
    with committed():
        return contact_add(actor=actor, member=member, last_name="Odhiambo", **(values | kw))


def test_the_secretariat_adds_and_invites_a_person_who_sets_a_password_and_is_signed_in(
    secretariat: Any, member_a: Any, committed: Any, mailoutbox: Any
) -> None:
    person = _invite_someone(secretariat, member_a, committed, language="fr")
    assert person.username == "amina.odhiambo@kra.example" and not person.has_usable_password()
    (message,) = mailoutbox
    assert message.to == ["amina.odhiambo@kra.example"]
    assert message.subject == "[Clearway] Invitation à Clearway\u00a0: Kenya"
    assert "Sam invites" not in message.body and "Sam vous invite" in message.body
    link = AccessLink.objects.get(user=person)
    secret = _link_in(message).rstrip("/").rsplit("/", 1)[1]
    assert link.digest == AccessLink.digest_of(secret) and secret not in str(AccessLink.objects.values())
    client = Client()
    response = client.get(_path(_link_in(message)))
    assert response["Location"] == "/accounts/activate/set-password/"  # the secret leaves the address bar
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Bienvenue dans Clearway" in page and "amina.odhiambo@kra.example" in page
    response = client.post(
        "/accounts/activate/set-password/", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/accounts/profile/").status_code == 200  # signed in
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    trail = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(person.pk))
    actions = list(trail.values_list("action", flat=True))
    assert sorted(actions) == [
        "accounts.user.create",
        "accounts.user.invitation_accept",
        "accounts.user.invite",
        "accounts.user.sign_in",
    ]
    # Used once: the same link opens nothing more.
    again = Client()
    again.get(_path(_link_in(message)))
    refused = again.get("/accounts/activate/set-password/")
    assert refused.status_code == 404 and "used already" in refused.content.decode()


def test_the_inviter_is_told_when_the_invitation_is_accepted(
    focal_a: Any, member_a: Any, committed: Any, mailoutbox: Any
) -> None:
    from clearway.accounts.access import access_link_use
    from clearway.notifications.selectors import notification_list_for_user, notification_text

    person = _invite_someone(focal_a, member_a, committed)
    secret = _link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    access_link_use(raw=secret, password=NEW_PASSWORD)
    (note,) = [notification_text(n) for n in notification_list_for_user(user=focal_a)]
    assert note.title == "Amina Odhiambo (Kenya) accepted your invitation and signed in to Clearway."
    assert person.pk != focal_a.pk


def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(
    secretariat: Any, member_a: Any, committed: Any, mailoutbox: Any
) -> None:
    _invite_someone(secretariat, member_a, committed)
    client = Client()
    client.get(_path(_link_in(mailoutbox[0])))
    weak = client.post(
        "/accounts/activate/set-password/", {"password": "12345678901", "password_again": "12345678901"}
    )
    assert weak.status_code == 200 and "entirely numeric" in html.unescape(weak.content.decode())
    typo = client.post(
        "/accounts/activate/set-password/", {"password": NEW_PASSWORD, "password_again": "other"}
    )
    assert "The two passwords differ." in typo.content.decode()
    ok = client.post(
        "/accounts/activate/set-password/", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert ok.status_code == 302


def test_an_expired_or_replaced_invitation_opens_nothing(
    secretariat: Any, member_a: Any, committed: Any, mailoutbox: Any
) -> None:
    person = _invite_someone(secretariat, member_a, committed)
    with committed():
        contact_invite(actor=secretariat, user=person)
    first, second = (_path(_link_in(m)) for m in mailoutbox)
    client = Client()
    client.get(first)
    assert "replaced by a newer one" in client.get("/accounts/activate/set-password/").content.decode()
    AccessLink.objects.filter(user=person, revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(1)
    )
    client.get(second)
    assert "has expired" in client.get("/accounts/activate/set-password/").content.decode()


def test_a_members_focal_point_manages_only_their_own_administrations_people(
    focal_a: Any, focal_b: Any, contributor_a: Any, member_a: Any, committed: Any, regional_esa: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _invite_someone(focal_b, member_a, committed)
    with pytest.raises(PermissionDenied):
        _invite_someone(contributor_a, member_a, committed)
    with pytest.raises(PermissionDenied):
        _invite_someone(regional_esa, member_a, committed)
    person = _invite_someone(focal_a, member_a, committed, role=Role.MEMBER_HEAD, invite=False)
    assert person.member == member_a and person.role == Role.MEMBER_HEAD
    with pytest.raises(PermissionDenied):
        contact_deactivate(actor=focal_b, user=contributor_a)


def test_nobody_changes_their_own_role_or_deactivates_themselves(focal_a: Any, secretariat: Any) -> None:
    with pytest.raises(PermissionDenied):
        contact_role_change(actor=focal_a, user=focal_a, role=Role.MEMBER_CONTRIBUTOR)
    with pytest.raises(PermissionDenied):
        contact_deactivate(actor=focal_a, user=focal_a)
    contact_role_change(actor=secretariat, user=focal_a, role=Role.MEMBER_DELEGATE)
    focal_a.refresh_from_db()
    assert focal_a.role == Role.MEMBER_DELEGATE


def test_a_role_change_is_audited_and_told_to_the_person(focal_a: Any, contributor_a: Any) -> None:
    from clearway.notifications.selectors import notification_list_for_user, notification_text

    contact_role_change(actor=focal_a, user=contributor_a, role=Role.MEMBER_FOCAL_POINT, reason="Handover")
    event = AuditEvent.objects.get(action="accounts.user.role_change")
    assert event.before == {"role": "member_contributor"} and event.after == {"role": "member_focal_point"}
    assert event.reason == "Handover" and event.member_iso3 == "KEN"
    (note,) = [notification_text(n) for n in notification_list_for_user(user=contributor_a)]
    assert note.title == "Your role in Clearway is now: Member focal point."
    with pytest.raises(ValidationFailed):
        contact_role_change(actor=focal_a, user=contributor_a, role=Role.SECRETARIAT_ADMIN)


def test_a_deactivated_person_can_no_longer_sign_in_nor_use_a_token_until_reactivated(
    focal_a: Any, contributor_a: Any
) -> None:
    from clearway.accounts.services import api_token_create

    _token, raw = api_token_create(actor=contributor_a, user=contributor_a, name="script")
    session = Client()
    session.force_login(contributor_a)
    contact_deactivate(actor=focal_a, user=contributor_a, reason="Left the administration")
    assert not Client().login(username=contributor_a.username, password=PASSWORD)
    assert session.get("/accounts/profile/").status_code == 302  # the open session ends too
    assert Client().get("/api/members/KEN", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    with pytest.raises(InvalidTransition):
        contact_deactivate(actor=focal_a, user=contributor_a)
    contact_reactivate(actor=focal_a, user=contributor_a)
    assert Client().login(username=contributor_a.username, password=PASSWORD)
    trail = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(contributor_a.pk))
    actions = trail.values_list("action", "reason")
    assert ("accounts.user.deactivate", "Left the administration") in list(actions)
    assert ("accounts.user.reactivate", "") in list(actions)


def test_one_account_per_address(secretariat: Any, focal_a: Any, member_a: Any, committed: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _invite_someone(secretariat, member_a, committed, email=focal_a.email.upper())
    assert "already in Clearway (Kenya)" in refused.value.field_errors["email"][0]


def test_a_password_reset_is_emailed_to_the_account_and_tells_nobody_who_has_one(
    focal_a: Any, committed: Any, mailoutbox: Any
) -> None:
    client = Client()
    with committed():
        known = client.post("/accounts/password-reset/", {"email": focal_a.email.upper()})
        unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})

    def shown(response: Any, address: str) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return page.replace(address, "ADDRESS")

    assert shown(known, focal_a.email.upper()) == shown(unknown, "nobody@example.org")
    (message,) = mailoutbox
    assert message.to == [focal_a.email] and message.subject == "[Clearway] Choose a new password"
    client.get(_path(_link_in(message)))
    page = client.get("/accounts/activate/set-password/").content.decode()
    assert "Choose a new password" in page
    client.post(
        "/accounts/activate/set-password/", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    focal_a.refresh_from_db()
    assert focal_a.check_password(NEW_PASSWORD) and not focal_a.check_password(PASSWORD)
    trail = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(focal_a.pk))
    actions = set(trail.values_list("action", flat=True))
    assert {"accounts.user.password_reset_request", "accounts.user.password_reset"} <= actions
    # Asked again at once: no second e-mail (a form posted twice, or a prank).
    with committed():
        client.post("/accounts/password-reset/", {"email": focal_a.email})
    assert len(mailoutbox) == 1


# ---------------------------------------------------------------- pages, per persona


def test_the_contacts_page_per_persona(
    client_for: Any,
    secretariat: Any,
    focal_a: Any,
    contributor_a: Any,
    focal_b: Any,
    regional_esa: Any,
    observer: Any,
) -> None:
    url = "/accounts/contacts/KEN/"
    page = client_for(secretariat).get(url).content.decode()
    assert 'id="add-person"' in page and f'id="person-{focal_a.pk}"' in page
    assert 'id="add-person"' in client_for(focal_a).get(url).content.decode()
    read_only = client_for(contributor_a).get(url).content.decode()
    assert f'id="person-{focal_a.pk}"' in read_only and 'id="add-person"' not in read_only
    assert "data-action" not in client_for(regional_esa).get(url).content.decode()
    assert client_for(focal_b).get(url).status_code == 404
    assert client_for(observer).get(url).status_code == 404
    assert Client().get(url)["Location"].startswith("/accounts/login/")


def test_adding_through_the_page_in_french(
    client_for: Any, focal_a: Any, committed: Any, mailoutbox: Any
) -> None:
    client = client_for(focal_a)
    form = {
        "first_name": "Amina",
        "last_name": "Odhiambo",
        "email": "amina@kra.example",
        "role": Role.MEMBER_CONTRIBUTOR,
        "language": "en",
        "invite": "on",
    }
    with committed():
        response = client.post("/accounts/contacts/KEN/add/", form, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    page = html.unescape(response.content.decode())
    assert "Amina Odhiambo a été ajouté(e) et invité(e) par courriel." in page
    assert "Personnes\u00a0: Kenya" in page and "Invitée" in page
    assert mailoutbox[0].subject == "[Clearway] You are invited to Clearway for Kenya"  # in her language
    duplicate = client.post("/accounts/contacts/KEN/add/", form, HTTP_ACCEPT_LANGUAGE="fr")
    assert duplicate.status_code == 400 and "déjà dans Clearway" in html.unescape(duplicate.content.decode())


def test_role_change_and_deactivation_through_the_page(
    client_for: Any, focal_a: Any, contributor_a: Any
) -> None:
    client = client_for(focal_a)
    client.post(f"/accounts/people/{contributor_a.pk}/role/", {"role": Role.MEMBER_DELEGATE})
    page = client.post(f"/accounts/people/{contributor_a.pk}/deactivate/", {"reason": "Left"}, follow=True)
    contributor_a.refresh_from_db()
    assert contributor_a.role == Role.MEMBER_DELEGATE and not contributor_a.is_active
    assert "can no longer sign in" in html.unescape(page.content.decode())
    refused = client.post(f"/accounts/people/{focal_a.pk}/deactivate/", follow=True)
    assert "You cannot change your own role" in html.unescape(refused.content.decode())


def test_the_secretariat_sees_which_members_have_no_focal_point(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    page = client_for(secretariat).get("/accounts/contacts/?missing=focal_point").content.decode()
    assert "/accounts/contacts/UGA/" in page and "/accounts/contacts/KEN/" not in page
    assert client_for(focal_a).get("/accounts/contacts/")["Location"] == "/accounts/contacts/KEN/"


def test_the_member_page_leads_to_its_people(client_for: Any, secretariat: Any, focal_b: Any) -> None:
    page = client_for(secretariat).get("/members/KEN/").content.decode()
    assert 'id="manage-contacts"' in page and "No focal point" in page
    assert 'id="manage-contacts"' in client_for(focal_b).get("/members/UGA/").content.decode()
    assert 'id="manage-contacts"' not in client_for(focal_b).get("/members/KEN/").content.decode()


def test_the_profile_shows_the_api_token_header_as_text(client_for: Any, focal_a: Any) -> None:
    assert (
        "Authorization: Bearer &lt;token&gt;."
        in client_for(focal_a).get("/accounts/profile/").content.decode()
    )


def test_the_overview_lists_members_by_name_in_the_readers_language(
    client_for: Any, secretariat: Any
) -> None:
    def order(language: str) -> list[str]:
        page = (
            client_for(secretariat).get("/accounts/contacts/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        )
        return re.findall(r'href="/accounts/contacts/([A-Z]{3})/"', page)

    english, french = order("en"), order("fr")
    assert english.index("AUT") < english.index("DEU")  # Austria, Germany
    assert french.index("DEU") < french.index("AUT")  # Allemagne, Autriche
