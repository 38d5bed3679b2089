"""Who is reading, as core asks it. Core knows no roles: the actor (`core.actors.Actor`: a user, the system or a
visitor) answers `is_secretariat`, `is_member_user` and `member_id`, and `accounts.scoping` holds the rules behind
them for the apps above core."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from clearway.core.actors import Actor


def viewer_is_secretariat(user: Actor) -> bool:
    """The Secretariat's staff, and Clearway itself (`SYSTEM` has the Secretariat's reach)."""
    return user.is_authenticated and user.is_secretariat


def viewer_member_iso3(user: Actor) -> str | None:
    """The code of the Member administration a Member's user belongs to; None for anyone else."""
    user_model = get_user_model()
    if isinstance(user, user_model) and viewer_member_id(user) is not None and user.member is not None:
        return str(user.member.iso3)
    return None


def viewer_member_id(user: Actor) -> int | None:
    """The id of the Member administration a Member's user belongs to; None for anyone else."""
    if user.is_authenticated and user.is_member_user:
        return user.member_id
    return None
