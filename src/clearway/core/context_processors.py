from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clearway.core.navigation import nav_items_for_user


def clearway(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"nav_items": [i for i in nav_items_for_user(user) if i.in_menu] if user else []}
