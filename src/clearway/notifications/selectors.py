"""Reads of notifications: each person sees only their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.notifications.kinds import notification_detail, notification_kind_label, notification_title
from clearway.notifications.models import Notification


def notification_list_for_user(
    *, user: Actor, unread_only: bool = False, limit: int | None = None
) -> QuerySet[Notification]:
    """The user's notifications, newest first (nobody else's; none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications[:limit] if limit is not None else notifications


def notification_unread_count(*, user: Actor) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_get_for_user(*, user: Actor, notification_id: int) -> Notification:
    notification = notification_list_for_user(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound()
    return notification


@dataclass(frozen=True)
class NotificationText:
    """A notification as it reads in the active language."""

    notification: Notification
    title: str
    detail: str
    kind_label: str

    @property
    def id(self) -> int:
        return self.notification.pk

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def url(self) -> str:
        return self.notification.url

    @property
    def actor(self) -> str:
        return self.notification.actor_label

    @property
    def created_at(self) -> datetime:
        return self.notification.created_at

    @property
    def read(self) -> bool:
        return self.notification.read_at is not None


def notification_text(notification: Notification) -> NotificationText:
    return NotificationText(
        notification=notification,
        title=notification_title(kind=notification.kind, params=notification.params),
        detail=notification_detail(kind=notification.kind, params=notification.params),
        kind_label=notification_kind_label(notification.kind),
    )
