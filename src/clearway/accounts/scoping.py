"""Who may see and change what. Selectors in every app filter through these functions, so scoping lives in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from clearway.accounts.roles import MEMBER_ROLES, SECRETARIAT_ROLES, Role
from clearway.core.exceptions import PermissionDenied


def user_is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in SECRETARIAT_ROLES)


def require_secretariat(actor: Any, *, reason: str | Promise | None = None) -> None:
    """Refuse anyone but Secretariat staff (with `reason`, else the general refusal), for services and views alike.

    `actor=None` is Clearway itself (command-line loads, demo data, jobs) and may; a visitor is an anonymous user.
    """
    if actor is not None and not user_is_secretariat(actor):
        raise PermissionDenied(reason)


def user_is_member_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in MEMBER_ROLES)


def user_member_id(user: Any) -> int | None:
    return user.member_id if user_is_member_user(user) else None


def member_filter_for_user(user: Any, *, field: str = "member", write: bool = False) -> Q:
    """A Q that keeps rows whose `field` (a Member FK) the user may read (or write).

    Secretariat: all. Regional office: its region's Members, read only. Member users: their own Member.
    Experts, observers and anonymous visitors: nothing Member-owned.
    """
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.role in SECRETARIAT_ROLES:
        return Q()
    if user.role in MEMBER_ROLES:
        if write and user.role not in (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR):
            return Q(pk__in=[])
        return Q(**{f"{field}_id": user.member_id})
    if user.role == Role.REGIONAL_OFFICE and not write:
        return Q(**{f"{field}__region_id": user.region_id})
    return Q(pk__in=[])


def queryset_for_user(
    qs: QuerySet[Any], user: Any, *, field: str = "member", write: bool = False
) -> QuerySet[Any]:
    return qs.filter(member_filter_for_user(user, field=field, write=write))


def user_can_write_member(user: Any, member_id: int) -> bool:
    if user_is_secretariat(user):
        return True
    return user_is_member_user(user) and user.member_id == member_id
