"""E-mail to the people concerned by a request's change of state, each in their preferred language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from clearway.accounts.roles import SECRETARIAT_ROLES, Role
from clearway.capacity.models import RequestState, SupportRequest


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


def request_message(
    *, request: SupportRequest, recipient: Any, source: str, target: str, reason: str, actor_label: str
) -> EmailMessage:
    language = recipient.preferred_language if recipient.preferred_language in ("en", "fr") else "en"
    with translation.override(language):
        context = {
            "request": request,
            "recipient": recipient,
            "source": RequestState(source).label if source else "",
            "target": RequestState(target).label,
            "reason": reason,
            "actor": actor_label,
            "base_url": getattr(settings, "CLEARWAY_BASE_URL", ""),
        }
        subject = render_to_string("capacity/email/request_changed_subject.txt", context).strip()
        body = render_to_string("capacity/email/request_changed_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email])


def request_notify(*, request: SupportRequest, source: str, target: str, reason: str, actor: Any) -> None:
    """Queue the e-mails for after commit: nothing is sent for a change that was rolled back."""
    actor_label = (
        (actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else "Clearway"
    )
    messages = [
        request_message(
            request=request, recipient=r, source=source, target=target, reason=reason, actor_label=actor_label
        )
        for r in request_recipients(request=request)
    ]
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))


def _on_request_state_changed(
    sender: Any,
    *,
    request: SupportRequest,
    source: str,
    target: str,
    actor: Any,
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
