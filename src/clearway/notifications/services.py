"""Writes of notifications: sending one to people (in Clearway, and by e-mail as each chose), marking read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearway.accounts.actors import actor_user
from clearway.accounts.models import NotificationEmail, User
from clearway.core.actors import SYSTEM, Actor
from clearway.core.exceptions import ValidationFailed
from clearway.core.jobs import job_enqueue
from clearway.core.models import AuditEvent
from clearway.notifications.kinds import notification_kind_get
from clearway.notifications.models import EmailDue, Notification


def _email_due(user: User, *, email: bool) -> str:
    if not email or not user.email:
        return EmailDue.NONE
    return {
        NotificationEmail.IMMEDIATE: EmailDue.IMMEDIATE,
        NotificationEmail.DAILY: EmailDue.DAILY,
    }.get(NotificationEmail(user.notification_email), EmailDue.NONE)


def _actor_label(actor: Actor) -> str:
    """The person who caused a notification, as it names them; nobody for Clearway itself."""
    user = actor_user(actor)
    return user.display_name[:200] if user else ""


@transaction.atomic
def notification_send(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict[str, Any] | None = None,
    url: str = "",
    actor: Actor,
    event: AuditEvent | None = None,
    key: str = "",
) -> list[Notification]:
    """Notify each active recipient once: in Clearway always; by e-mail at once (a job queued in this
    transaction, so nothing is sent for a change rolled back), in the next daily digest, or not, as each chose.

    `kind` is a registered kind (`notifications.kinds`); `params` its values; `url` a path in Clearway; `key`,
    when given, keeps one notification per recipient and key (a change notified twice is kept once). People
    are not told of their own actions only if the caller leaves them out: `recipients` is taken as given.
    """
    known = notification_kind_get(kind)
    if known is None:
        raise ValidationFailed(f"unknown notification kind {kind!r}")
    people = {u.pk: u for u in recipients if getattr(u, "pk", None) and u.is_active}
    if key:
        already = Notification.objects.filter(key=key, recipient_id__in=people).values_list(
            "recipient_id", flat=True
        )
        for pk in already:
            people.pop(pk, None)
    now = timezone.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                params=params or {},
                url=url,
                actor_label=_actor_label(actor),
                event=event,
                key=key,
                created_at=now,
                email_due=_email_due(user, email=known.email),
            )
            for user in sorted(people.values(), key=lambda u: u.pk)
        ]
    )
    for notification in created:
        if notification.email_due == EmailDue.IMMEDIATE:
            # bulk_create sets primary keys on SQLite and PostgreSQL alike.
            job_enqueue(kind="notifications.email", params={"notification": notification.pk}, actor=SYSTEM)
    return created


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """A person's own reading state: not audited (it changes nothing anyone else sees)."""
    if notification.recipient_id != user.pk:
        raise ValidationFailed("not this user's notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
