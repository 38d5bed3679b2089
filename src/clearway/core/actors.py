"""Who acts or reads: one `Actor` type for every service and selector.

An actor is a person (`accounts.User`, which satisfies the protocol), Clearway itself (`SYSTEM`: background jobs,
schedules, reminders, command-line and demo loads) or an anonymous visitor (`ANONYMOUS`, for the few public pages).
There is no `None` meaning "the system": whoever calls a service names the actor, and the rules below are the
same for all three.

The rule for `SYSTEM`, in one place: Clearway acting by itself has the Secretariat's reach (it reads every record
and may make the writes the Secretariat may make), but it is never a person. Services that record a person's own
act (an API token, a password, a notification read, a signed-off statement) ask `actor_person` in `accounts` and
refuse it. Audit events record it as the system actor (`SYSTEM_ACTOR`), with no user.
"""

from __future__ import annotations

from typing import Final, Protocol

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from clearway.core.audit_labels import SYSTEM_ACTOR


class Actor(Protocol):
    """What permission checks and the audit trail need to know of whoever acts or reads."""

    @property
    def pk(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def role(self) -> str: ...

    @property
    def is_secretariat(self) -> bool: ...

    @property
    def is_member_user(self) -> bool: ...

    @property
    def member_id(self) -> int | None: ...

    @property
    def region_id(self) -> int | None: ...

    def get_username(self) -> str: ...


class SystemActor:
    """Clearway acting by itself. It has the Secretariat's reach and no Member or region; it is not a person."""

    pk: Final = None
    is_authenticated: Final = True
    role: Final = "system"
    is_secretariat: Final = True
    is_member_user: Final = False
    member_id: Final = None
    region_id: Final = None

    def get_username(self) -> str:
        return SYSTEM_ACTOR

    def __str__(self) -> str:
        return SYSTEM_ACTOR

    def __repr__(self) -> str:
        return "SYSTEM"


class AnonymousActor:
    """A visitor who has not signed in: reaches nothing that belongs to a Member or the Secretariat."""

    pk: Final = None
    is_authenticated: Final = False
    role: Final = ""
    is_secretariat: Final = False
    is_member_user: Final = False
    member_id: Final = None
    region_id: Final = None

    def get_username(self) -> str:
        return ""

    def __str__(self) -> str:
        return "anonymous"

    def __repr__(self) -> str:
        return "ANONYMOUS"


SYSTEM: Final = SystemActor()
ANONYMOUS: Final = AnonymousActor()


def actor_is_system(actor: Actor) -> bool:
    return isinstance(actor, SystemActor)


def request_actor(request: HttpRequest) -> Actor:
    """Who sends a request: the signed-in user, or `ANONYMOUS`."""
    user = request.user
    user_model = get_user_model()
    if isinstance(user, user_model) and user.is_authenticated:
        return user
    return ANONYMOUS
