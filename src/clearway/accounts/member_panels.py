"""The people panels on a Member's page: its users in Clearway, and who the administration's contacts are, with the
way to manage them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.accounts.contacts import contact_can_manage
from clearway.accounts.selectors import contact_list_for_member, user_list_for_member
from clearway.core.actors import Actor
from clearway.core.panels import Panel


def member_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    return [*_people_panels(member=member, viewer=viewer), *_contacts_panels(member=member, viewer=viewer)]


def _people_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    people = user_list_for_member(viewer=viewer, member_id=member.pk)
    if not people:
        return []
    html = render_to_string("accounts/_member_people.html", {"people": people})
    return [Panel(title=_("People in Clearway"), html=html, order=4)]


def _contacts_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    contacts = contact_list_for_member(viewer=viewer, member=member, include_inactive=False)
    if not contacts and not contact_can_manage(actor=viewer, member_id=member.pk):
        return []
    html = render_to_string(
        "accounts/_member_contacts.html",
        {
            "member": member,
            "contacts": contacts,
            "focal_points": [c for c in contacts if c.user.role == "member_focal_point"],
            "can_manage": contact_can_manage(actor=viewer, member_id=member.pk),
        },
    )
    return [Panel(title=_("Contacts"), html=html, order=5)]
