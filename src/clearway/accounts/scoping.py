"""Who may see and change what. Selectors in every app filter through these functions, so scoping lives in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from clearway.accounts.roles import MEMBER_ROLES, SECRETARIAT_ROLES, Role
from clearway.core.actors import Actor, actor_is_system
from clearway.core.exceptions import PermissionDenied


def user_is_secretariat(user: Actor) -> bool:
    """The Secretariat's reach: its staff, and Clearway itself (`SYSTEM`, see `core.actors`)."""
    return user.is_authenticated and (user.role in SECRETARIAT_ROLES or actor_is_system(user))


def require_secretariat(actor: Actor, *, reason: str | Promise | None = None) -> None:
    """Refuse anyone but Secretariat staff and Clearway itself (`SYSTEM`) (with `reason`, else the general refusal),
    for services and views alike."""
    if not user_is_secretariat(actor):
        raise PermissionDenied(reason)


def user_is_member_user(user: Actor) -> bool:
    return user.is_authenticated and user.role in MEMBER_ROLES


def user_member_id(user: Actor) -> int | None:
    return user.member_id if user_is_member_user(user) else None


def member_filter_for_user(user: Actor, *, field: str = "member", write: bool = False) -> Q:
    """A Q that keeps rows whose `field` (a Member FK) the user may read (or write).

    Secretariat (and the system): all. Regional office: its region's Members, read only. Member users: their own Member.
    Experts, observers and anonymous visitors: nothing Member-owned.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user_is_secretariat(user):
        return Q()
    if user.role in MEMBER_ROLES:
        if write and user.role not in (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR):
            return Q(pk__in=[])
        return Q(**{f"{field}_id": user.member_id})
    if user.role == Role.REGIONAL_OFFICE and not write:
        return Q(**{f"{field}__region_id": user.region_id})
    return Q(pk__in=[])


def queryset_for_user(
    qs: QuerySet[Any], user: Actor, *, field: str = "member", write: bool = False
) -> QuerySet[Any]:
    return qs.filter(member_filter_for_user(user, field=field, write=write))


def user_can_write_member(user: Actor, member_id: int) -> bool:
    if user_is_secretariat(user):
        return True
    return user_is_member_user(user) and user.member_id == member_id
