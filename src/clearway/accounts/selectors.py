from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clearway.accounts.models import ApiToken, User
from clearway.accounts.scoping import user_is_secretariat


def user_list_for_member(*, viewer: Any, member_id: int) -> QuerySet[User]:
    """People of a Member administration: visible to the secretariat and to that Member's own users."""
    if user_is_secretariat(viewer) or (
        getattr(viewer, "member_id", None) == member_id and viewer.is_member_user
    ):
        return User.objects.filter(member_id=member_id, is_active=True).order_by("last_name", "first_name")
    return User.objects.none()


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)
