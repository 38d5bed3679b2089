"""Persona by path: every page of the URL configuration and every read of the OpenAPI schema, for each persona,
generated (a new path is covered without a test written by hand). Issue 30, item 8.

- No persona meets a server error on any page or API read.
- Member A's private objects (its assessment in progress, its support request) are read by the secretariat,
  A's own users and the regional office of A's region only: another Member's focal point and an observer get a
  refusal (403/404, or a redirect) on every path that names them.
- Every API operation but the health check refuses a caller without credentials (401).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.core.test_pages_need_sign_in import OPEN

PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[a-z_0-9]+)>|\{(?P<api_name>[a-z_0-9]+)\}")
PRIVATE_PARAMS = {"assessment_id", "request_id"}  # params naming Member A's private objects in these tests
ALLOWED_ON_PRIVATE = {"secretariat", "focal_a", "contributor_a", "regional_esa"}
REFUSED_ON_PRIVATE = {"focal_b", "observer"}


def _page_routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith(("api/", "admin/")):
                yield from _page_routes(p.url_patterns, route)
        elif isinstance(p, URLPattern) and route not in OPEN and not route.startswith(("static/", "media/")):
            yield "/" + route.lstrip("^").rstrip("$")


def _api_routes(schema: dict[str, Any]) -> Iterator[str]:
    for path, methods in schema["paths"].items():
        if "get" in methods:
            yield path


def _concrete(route: str, objects: dict[str, Any]) -> tuple[str, set[str]]:
    """The route with its parameters filled in (Member A's objects where named), and the private ones named."""
    named: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("api_name")
        if name in objects:
            named.add(name)
            return str(objects[name])
        if match.group("converter") == "uuid":
            return "00000000-0000-0000-0000-000000000001"
        return "1" if (match.group("converter") == "int" or name.endswith(("_id", "number"))) else "x"

    return PARAM.sub(fill, route), named & PRIVATE_PARAMS


@pytest.fixture
def private_objects(secretariat: Any, member_a: Any, member_b: Any) -> dict[str, Any]:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create
    from clearway.capacity.services import request_create

    cycle = cycle_create(
        actor=secretariat,
        name="Cycle",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )
    support = request_create(
        actor=secretariat, member=member_a, intention_date=datetime.date(2026, 2, 1), needs="Training"
    )
    return {
        "assessment_id": cycle.assessments.get(member=member_a).pk,
        "request_id": support.pk,
        "cycle_id": cycle.pk,
        "iso3": "KEN",
    }


@pytest.fixture
def personas(
    secretariat: Any, focal_a: Any, contributor_a: Any, focal_b: Any, observer: Any, regional_esa: Any
) -> dict[str, Any]:
    return {
        "secretariat": secretariat,
        "focal_a": focal_a,
        "contributor_a": contributor_a,
        "focal_b": focal_b,
        "observer": observer,
        "regional_esa": regional_esa,
    }


def _paths(client: Client, objects: dict[str, Any]) -> list[tuple[str, set[str]]]:
    schema = client.get("/api/openapi.json").json()
    routes = [*_page_routes(get_resolver().url_patterns), *_api_routes(schema)]
    return [_concrete(route, objects) for route in routes]


def test_every_persona_reads_every_path_without_a_server_error_and_only_its_own_private_objects(
    personas: dict[str, Any], private_objects: dict[str, Any], client_for: Any, anon_client: Client
) -> None:
    paths = _paths(anon_client, private_objects)
    assert len(paths) > 150 and sum(1 for _p, named in paths if named) >= 10
    problems: list[tuple[str, str, int]] = []
    for name, user in personas.items():
        client = client_for(user)
        for url, named in paths:
            if not named and name not in ("secretariat", "focal_b"):
                continue  # every persona on the paths naming private objects; two personas on all the others
            status = client.get(url).status_code
            if _wrong(persona=name, url=url, private=bool(named), status=status):
                problems.append((name, url, status))
    assert problems == []


def _wrong(*, persona: str, url: str, private: bool, status: int) -> bool:
    if status >= 500:
        return True
    if private and persona in REFUSED_ON_PRIVATE:
        return status == 200
    # The API answers a reader who may see the object (pages may still refuse a contributor an action).
    return private and persona in ALLOWED_ON_PRIVATE and url.startswith("/api/") and status in (403, 404)


def test_every_api_operation_refuses_a_caller_without_credentials(anon_client: Client, db: Any) -> None:
    schema = anon_client.get("/api/openapi.json").json()
    checked = 0
    for route, methods in schema["paths"].items():
        url, _named = _concrete(route, {})
        for method in methods:
            response = anon_client.generic(method.upper(), url)
            expected = {200, 503} if route == "/api/health" else {401}
            assert response.status_code in expected, (method, url, response.status_code)
            checked += 1
    assert checked > 70
