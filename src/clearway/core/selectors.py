from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.core.models import AuditEvent


def audit_event_list(*, viewer: Any, object_type: str | None = None) -> QuerySet[AuditEvent]:
    """The secretariat sees the whole trail; a Member's users see the events about their own Member."""
    qs = AuditEvent.objects.select_related("actor")
    if user_is_secretariat(viewer):
        pass
    elif user_is_member_user(viewer):
        qs = qs.filter(member_iso3=viewer.member.iso3)
    else:
        return AuditEvent.objects.none()
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs
