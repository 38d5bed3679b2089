"""Sign-ins, refused sign-ins and sign-outs in the audit trail, with the client's address (behind the trusted
proxies, as the throttling reads it). A refused sign-in under a user name nobody has is recorded under that
name, without an object id."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from clearway.accounts.models import User
from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_event_new, audit_record
from clearway.core.throttling import client_address

USER_NAME_MAX = 150


def _where(request: HttpRequest | None) -> dict[str, str]:
    return {"address": client_address(request)} if request is not None else {}


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit_record(actor=user, action="accounts.user.sign_in", instance=user, after=_where(request))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None and user.pk:
        audit_record(actor=user, action="accounts.user.sign_out", instance=user, after=_where(request))


@receiver(user_login_failed)
def _sign_in_refused(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = str(credentials.get("username") or "")[:USER_NAME_MAX]
    user = User.objects.filter(username=name).first()
    if user is not None:
        audit_record(
            actor=SYSTEM, action="accounts.user.sign_in_failed", instance=user, after=_where(request)
        )
        return
    event = audit_event_new(
        actor=SYSTEM,
        action="accounts.user.sign_in_failed",
        instance=User(username=name),
        after=_where(request),
    )
    event.object_id = ""
    event.save()
