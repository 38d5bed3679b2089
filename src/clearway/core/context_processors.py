from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from clearway.core.navigation import NavItem, nav_items_for_user


@dataclass(frozen=True)
class NavLink:
    item: NavItem
    href: str
    current: bool


def nav_links(*, items: list[NavItem], path: str) -> list[NavLink]:
    """The menu, with the entry the page belongs to marked: the longest menu address the path starts with."""
    hrefs = [reverse(item.url_name) for item in items]
    matching = [h for h in hrefs if h != "/" and path.startswith(h)]
    # /capacity/requests/7/ belongs to "Support requests" (/capacity/requests/), not "Capacity building" (/capacity/).
    current = max(matching, key=len) if matching else ("/" if path == "/" else None)
    return [NavLink(item, href, href == current) for item, href in zip(items, hrefs, strict=True)]


def clearway(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = [i for i in nav_items_for_user(user) if i.in_menu] if user else []
    return {"nav_items": items, "nav_links": nav_links(items=items, path=request.path)}
