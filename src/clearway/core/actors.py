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

from dataclasses import dataclass
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


@dataclass(frozen=True)
class NamedActor:
    """An actor that is no user: Clearway itself (`SYSTEM`) or an anonymous visitor (`ANONYMOUS`). Neither has a
    Member or a region; the system has the Secretariat's reach, a visitor none."""

    name: str
    is_authenticated: bool
    is_secretariat: bool
    role: str
    pk: None = None
    is_member_user: bool = False
    member_id: None = None
    region_id: None = None

    def get_username(self) -> str:
        return self.name if self.is_authenticated else ""

    def __str__(self) -> str:
        return self.name


SYSTEM: Final = NamedActor(name=SYSTEM_ACTOR, is_authenticated=True, is_secretariat=True, role="system")
ANONYMOUS: Final = NamedActor(name="anonymous", is_authenticated=False, is_secretariat=False, role="")


def actor_is_system(actor: Actor) -> bool:
    return actor is SYSTEM


def request_actor(request: HttpRequest) -> Actor:
    """Who sends a request: the signed-in user, or `ANONYMOUS`."""
    user = request.user
    user_model = get_user_model()
    if isinstance(user, user_model) and user.is_authenticated:
        return user
    return ANONYMOUS
