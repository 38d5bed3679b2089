from __future__ import annotations

from typing import Any

from clearway.accounts.scoping import user_is_secretariat
from clearway.core.exceptions import PermissionDenied


def require_secretariat(actor: Any) -> None:
    """`actor=None` is the system (CLI loads, demo data); people must be Secretariat staff."""
    if actor is not None and not user_is_secretariat(actor):
        raise PermissionDenied()
