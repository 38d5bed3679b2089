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
    EXPERT = "expert", _("Expert")
    OBSERVER = "observer", _("Observer")


SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_STAFF})
MEMBER_ROLES = frozenset({Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR})
ALL_ROLES = frozenset(Role)
