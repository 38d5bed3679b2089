"""Roles as an enum, with the scoping each implies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT_ADMIN = "secretariat_admin", _("Secretariat administrator")
    SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    MEMBER_FOCAL_POINT = "member_focal_point", _("Member focal point")
    MEMBER_CONTRIBUTOR = "member_contributor", _("Member contributor")
    MEMBER_HEAD = "member_head", _("Head of administration (Director General)")
    MEMBER_DELEGATE = "member_delegate", _("Delegate")
    EXPERT = "expert", _("Expert")
    OBSERVER = "observer", _("Observer")


SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_STAFF})
# Those who work on their administration's data (read and write, the focal point signs off).
MEMBER_ROLES = frozenset({Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR})
# The people of a Member administration that Clearway keeps as its contacts, in the order pages list them. The
# head of administration (addressee of official letters) and the delegate are contacts that need not sign in:
# invited, they see what an observer sees, not their administration's work in progress.
CONTACT_ROLES = (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR, Role.MEMBER_HEAD, Role.MEMBER_DELEGATE)
ALL_ROLES = frozenset(Role)
