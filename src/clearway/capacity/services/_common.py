from __future__ import annotations

from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import PermissionDenied


def require_secretariat(actor: Actor) -> None:
    """The Secretariat's staff, or Clearway itself (`SYSTEM`: CLI loads, demo data)."""
    if not user_is_secretariat(actor):
        raise PermissionDenied()
