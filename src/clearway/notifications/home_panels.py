"""The latest unread notifications, on the home page beside what the reader has to do."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.panels import Panel
from clearway.notifications.selectors import (
    notification_list_for_user,
    notification_text,
    notification_unread_count,
)

HOME_NOTIFICATIONS = 5


def home_panels(*, user: Actor) -> list[Panel]:
    unread = notification_unread_count(user=user)
    if not unread:
        return []
    latest = [
        notification_text(n)
        for n in notification_list_for_user(user=user, unread_only=True, limit=HOME_NOTIFICATIONS)
    ]
    html = render_to_string("notifications/_home.html", {"latest": latest, "unread": unread})
    return [Panel(title=_("New for you"), html=html, order=10)]
