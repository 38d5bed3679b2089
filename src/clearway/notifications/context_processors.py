from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from clearway.core.actors import ANONYMOUS, request_actor
from clearway.notifications.selectors import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the menu: templates call the function, so it is counted (once) only on pages
    that show it."""
    user = request_actor(request) if hasattr(request, "user") else ANONYMOUS

    @cache
    def unread() -> int:
        return notification_unread_count(user=user)

    return {"notifications_unread": unread}
