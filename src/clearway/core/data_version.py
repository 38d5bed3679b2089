"""Pages that cache what they draw until the data they show changes.

Every write records an audit event of the app whose data it changed (`AuditEvent.app`), so the latest event id per
app is a version that moves whenever that app's data does, in every process and on every machine sharing the
database, at no extra write. A page names the apps it shows; its costly part is cached under their versions, the
reader (what a user may see is theirs alone: the key holds the user, their role and Member; the CSRF token of the
page's forms is put in afresh for each visit), the language, the day (deadlines turn overdue at midnight) and the
query string. The next write to one of those apps makes a new key; the old entry ages out of the cache. A write
that bypassed the audit trail would show within the cache's timeout (ten minutes); data loaded in bulk by the
command line (`demo load`, `restore`) show once the web processes restart.

A view asks first, and computes nothing costly when the part is cached:

    cached = page_cache_get(request, apps=("capacity",))
    if cached.html is not None:
        return render(request, "capacity/register.html", cached.context)
    ...
    return render(request, "capacity/register.html", {**cached.context, "facts": facts, ...})

and the template wraps what is costly (usually its whole content block) in
`{% load clearway %}{% cached_part %} ... {% endcached_part %}`: the cached text when there is one, else drawn and
kept. What the page draws outside it (title, breadcrumbs) must come from values the view computes either way.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation

from clearway.core.models import AuditEvent

# What a page showing every app's writes (the audit trail) names as its apps.
ALL_APPS = ("*",)

# Apps every page shows something of (names of Members, regions, standards), whatever else it shows.
SHARED_APPS = ("framework", "members")


def data_versions(*, apps: Iterable[str]) -> dict[str, int]:
    """The latest audit event id of each app (0 when it has none; "*": of all apps): one query, an index probe each."""
    names = sorted(set(apps))
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    probes = ", ".join(
        f"(SELECT MAX(id) FROM {table})" if name == "*" else f"(SELECT MAX(id) FROM {table} WHERE app = %s)"
        for name in names
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}", [name for name in names if name != "*"])
        row = cursor.fetchone()
    return {name: version or 0 for name, version in zip(names, row, strict=True)}


def page_cache_key(request: HttpRequest, *, apps: Iterable[str], state: str = "") -> str:
    """The cache key of this page as this reader sees it now; empty (nothing cached) when caching is off.

    `state`: what the page shows that no audit event marks (background jobs, say), as text that changes with it."""
    if not settings.PAGE_CACHE_ENABLED or request.method != "GET":
        return ""  # a form sent back with its errors is drawn afresh
    versions = data_versions(apps=(*SHARED_APPS, *apps))
    user = request.user
    parts = [
        request.path,
        request.GET.urlencode(),
        ",".join(f"{name}{version}" for name, version in versions.items()),
        f"{user.pk}:{getattr(user, 'role', '')}:{getattr(user, 'member_id', '')}:{user.is_superuser}",
        translation.get_language() or "",
        datetime.date.today().isoformat(),
        state,
    ]
    return "clearway.page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class PageCache:
    key: str
    html: str | None

    @property
    def context(self) -> dict[str, Any]:
        return {"page_cache": self.key, "page_part": self.html}


def page_cache_get(request: HttpRequest, *, apps: Iterable[str], state: str = "") -> PageCache:
    """This page's cached part for this reader, or `html=None` when it must be drawn (then kept under `key`)."""
    key = page_cache_key(request, apps=apps, state=state)
    return PageCache(key=key, html=caches["pages"].get(key) if key else None)


def page_part_set(key: str, html: str) -> None:
    if key:
        caches["pages"].set(key, html)


# Cached parts hold this instead of a CSRF token; each visit gets its own token in its place.
CSRF_PLACEHOLDER = "clearwaycsrftokenplaceholder"


def page_part_with_token(html: str, request: HttpRequest | None) -> str:
    if request is None or CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, get_token(request))
