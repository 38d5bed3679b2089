"""/api/notifications/: the signed-in person's notifications, in their language; mark them read."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from clearway.accounts.http import request_user
from clearway.core.api_schema import ObjectId
from clearway.notifications import selectors, services

router = Router()


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    detail: str
    url: str
    actor: str
    created_at: datetime
    read: bool


class NotificationListOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


@router.get("/", response=NotificationListOut)
def notifications_list(
    request: HttpRequest, unread_only: bool = False, limit: int = Query(50, ge=1, le=500)
) -> NotificationListOut:
    """Your notifications, newest first (at most `limit`, up to 200), and how many are unread."""
    user = request_user(request)
    notifications = selectors.notification_list_for_user(
        user=user, unread_only=unread_only, limit=max(1, min(limit, 200))
    )
    return NotificationListOut(
        unread=selectors.notification_unread_count(user=user),
        items=[NotificationOut.from_orm(selectors.notification_text(n)) for n in notifications],
    )


@router.post("/read-all", response=MarkedOut)
def notifications_read_all(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=services.notification_mark_all_read(user=request_user(request)))


@router.post("/{notification_id}/read", response=NotificationOut)
def notification_read(request: HttpRequest, notification_id: ObjectId) -> NotificationOut:
    user = request_user(request)
    notification = selectors.notification_get_for_user(user=user, notification_id=notification_id)
    services.notification_mark_read(user=user, notification=notification)
    return NotificationOut.from_orm(selectors.notification_text(notification))
