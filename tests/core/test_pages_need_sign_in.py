"""Every page of every app sends an anonymous visitor to the sign-in page; none shows data without signing in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Pages meant for visitors who have not signed in (yet).
OPEN = {
    "accounts/login/",
    "accounts/logout/",
    "accounts/language/",
    "i18n/setlang/",
    # A one-time link from an invitation or password-reset e-mail, and the form that asks for one.
    "accounts/activate/set-password/",
    "accounts/activate/<str:token>/",
    "accounts/password-reset/",
}


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith(("api/", "admin/")):
                continue  # the API refuses with 401 (test_api_schema); the admin has its own sign-in
            yield from _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def _sample(route: str) -> str:
    url = re.sub(r"<uuid:[a-z_]+>", "00000000-0000-0000-0000-000000000001", route)
    url = re.sub(r"<(?:int:)?[a-z_]+>", "1", re.sub(r"<(?:str|slug|path):[a-z_]+>", "x", url))
    return "/" + url.lstrip("^").rstrip("$")


def test_every_page_redirects_anonymous_visitors_to_sign_in(anon_client: Client, db: Any) -> None:
    checked = 0
    for route in _routes(get_resolver().url_patterns):
        if route in OPEN or route.startswith(("static/", "media/")):
            continue
        url = _sample(route)
        response = anon_client.get(url)
        location = response.get("Location", "")
        if (
            response.status_code == 302
            and not location.startswith("/accounts/login/")
            and location.startswith(url)
        ):
            response = anon_client.get(response["Location"])  # a plain redirect to a sub-page
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), (url, response["Location"])
        checked += 1
    assert checked > 60
