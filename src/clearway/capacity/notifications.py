"""Notifications to the people concerned by a request's change of state, each in their preferred language."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from clearway.accounts.roles import SECRETARIAT_ROLES, Role
from clearway.capacity.models import RequestState, SupportRequest
from clearway.core.actors import Actor


def request_recipients(*, request: SupportRequest) -> list[Any]:
    """The requesting Member's focal points and the Secretariat staff, with an e-mail address."""
    from clearway.accounts.models import User

    concerned = Q(role__in=list(SECRETARIAT_ROLES)) | Q(
        role=Role.MEMBER_FOCAL_POINT, member_id=request.member_id
    )
    people = User.objects.filter(concerned, is_active=True).exclude(email="").order_by("pk")
    seen: set[str] = set()
    unique = []
    for user in people:
        if user.email.lower() not in seen:
            seen.add(user.email.lower())
            unique.append(user)
    return unique


def request_notify(*, request: SupportRequest, source: str, target: str, reason: str, actor: Actor) -> None:
    """Notify the people concerned through Clearway's notifications: in Clearway, and by e-mail (sent by the
    workers once this transaction commits, nothing for a change rolled back) as each person chose."""
    from clearway.notifications.kinds import in_each_language
    from clearway.notifications.services import notification_send

    notification_send(
        recipients=request_recipients(request=request),
        kind="capacity.request_changed",
        params={
            "member": in_each_language(lambda: request.member.name),
            "state": in_each_language(lambda: RequestState(target).label),
            "reason": reason,
        },
        url=reverse("capacity:request_detail", args=[request.pk]),
        actor=actor,
    )


def _on_request_state_changed(
    sender: Any,
    *,
    request: SupportRequest,
    source: str,
    target: str,
    actor: Actor,
    reason: str,
    notify: bool = True,
    **kwargs: Any,
) -> None:
    if not notify:
        return
    request_notify(request=request, source=source, target=target, reason=reason, actor=actor)


def notifications_connect() -> None:
    from clearway.capacity.signals import request_state_changed

    request_state_changed.connect(_on_request_state_changed, dispatch_uid="capacity.request_notify")
