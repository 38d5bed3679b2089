"""The actor as Clearway's user model knows it: the person behind an actor, and the services that need one.

`core.actors` defines the `Actor` type and `SYSTEM`; here a service finds the `User` to store in a `created_by`
field (none for the system) or refuses to go on without a person.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from clearway.accounts.models import User
from clearway.core.actors import ANONYMOUS, SYSTEM, Actor, actor_is_system
from clearway.core.exceptions import PermissionDenied

__all__ = ["ANONYMOUS", "SYSTEM", "Actor", "actor_person", "actor_user"]


def actor_user(actor: Actor) -> User | None:
    """The person behind `actor`, to record as the author of a change; None for the system."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def actor_person(actor: Actor) -> User:
    """The signed-in person acting; the system and anonymous visitors are refused (PermissionDenied), so a
    service that records a person's own act never runs without one."""
    user = actor_user(actor)
    if user is None:
        if actor_is_system(actor):
            raise PermissionDenied(_("Clearway cannot do this by itself: a person must."))
        raise PermissionDenied()
    return user
