"""Who is reading, as core asks it. Core knows no roles: the user model (`accounts.User`) answers `is_secretariat`,
`is_member_user` and `member`, and `accounts.scoping` holds the rules behind them for the apps above core."""

from __future__ import annotations

from typing import Any


def viewer_is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_secretariat", False))


def viewer_member_iso3(user: Any) -> str | None:
    """The code of the Member administration a Member's user belongs to; None for anyone else."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_member_user", False):
        return str(user.member.iso3)
    return None


def viewer_member_id(user: Any) -> int | None:
    """The id of the Member administration a Member's user belongs to; None for anyone else."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_member_user", False):
        return int(user.member_id)
    return None
