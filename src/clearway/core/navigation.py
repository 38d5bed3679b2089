"""What each role can do: every domain app may declare NAV_ITEMS in its `navigation.py`; core collects them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.functional import Promise

from clearway.core.actors import Actor
from clearway.core.viewers import viewer_is_secretariat


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    roles: frozenset[str] | None = None  # None: every signed-in user
    secretariat_only: bool = False  # core's own pages: core knows no roles, the user says whether it is one
    order: int = 100
    in_menu: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    def visible_to(self, user: Actor) -> bool:
        if not user.is_authenticated:
            return False
        if self.secretariat_only:
            return viewer_is_secretariat(user)
        return self.roles is None or user.role in self.roles


@cache
def nav_items_all() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for app in settings.DOMAIN_APPS:
        try:
            module = importlib.import_module(f"clearway.{app}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"clearway.{app}.navigation":
                raise
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return tuple(sorted(items, key=lambda i: i.order))


def nav_items_for_user(user: Actor) -> list[NavItem]:
    return [item for item in nav_items_all() if item.visible_to(user)]


def _core_items() -> list[NavItem]:
    from django.utils.translation import gettext_lazy as _

    return [
        NavItem(
            _("Audit trail"),
            "core:audit",
            _("Every write: who changed what, when, from what to what."),
            secretariat_only=True,
            order=900,
        ),
        NavItem(
            _("Background jobs"),
            "core:jobs",
            _("Work run in the background: which jobs failed and why; run them again or cancel them."),
            secretariat_only=True,
            order=910,
        ),
    ]


NAV_ITEMS = _core_items()
