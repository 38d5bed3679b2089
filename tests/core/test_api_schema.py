"""The API as a client sees it: through its OpenAPI schema, with responses checked against the declared schemas."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from django.test import Client

from clearway.accounts.services import api_token_create


@pytest.fixture
def schema(anon_client: Client, db: Any) -> dict[str, Any]:
    response = anon_client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _response_schema(schema: dict[str, Any], path: str, status: str = "200") -> dict[str, Any]:
    operation = schema["paths"][path]["get"]
    body = operation["responses"][status]["content"]["application/json"]["schema"]
    return {**body, "components": schema.get("components", {})}


def _check(schema: dict[str, Any], path: str, payload: Any) -> None:
    jsonschema.validate(payload, _response_schema(schema, path))


FOUNDATION_PATHS = {
    "/api/health": {},
    "/api/framework/editions": {},
    "/api/framework/editions/{code}": {"code": "2022"},
    "/api/framework/editions/{code}/standards": {"code": "2018"},
    "/api/framework/editions/{code}/standards/{number}": {"code": "2022", "number": "16"},
    "/api/members/regions": {},
    "/api/members/": {},
    "/api/members/{iso3}": {"iso3": "FRA"},
}


def test_every_foundation_read_endpoint_answers_as_its_schema_declares(
    schema: dict[str, Any], focal_a: Any
) -> None:
    _token, raw = api_token_create(actor=focal_a, user=focal_a, name="schema test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    for path, params in FOUNDATION_PATHS.items():
        assert path in schema["paths"], path
        url = path.format(**params)
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        _check(schema, path, response.json())


def test_list_endpoints_return_the_reference_data(
    schema: dict[str, Any], secretariat: Any, client_for: Any
) -> None:
    client = client_for(secretariat)
    editions = client.get("/api/framework/editions").json()
    assert {(e["code"], e["standard_count"]) for e in editions} == {("2018", 15), ("2022", 16)}
    esa = client.get("/api/members/", {"region": "ESA"}).json()
    assert len(esa) == 24 and {m["region"] for m in esa} == {"ESA"}
    assert client.get("/api/members/", {"q": "KEN"}).json()[0]["name_fr"] == "Kenya"


def test_endpoints_need_authentication_except_health(schema: dict[str, Any], anon_client: Client) -> None:
    for path, params in FOUNDATION_PATHS.items():
        expected = 200 if path == "/api/health" else 401
        assert anon_client.get(path.format(**params)).status_code == expected, path


def test_unknown_objects_are_404_with_a_message(secretariat: Any, client_for: Any) -> None:
    response = client_for(secretariat).get("/api/members/ZZZ")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_the_schema_declares_token_and_session_security(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_every_operation_in_the_schema_refuses_anonymous_callers(
    schema: dict[str, Any], anon_client: Client
) -> None:
    """Walks the whole schema (every app's endpoints, every method): only the health check is open."""
    open_paths = {"/api/health"}
    checked = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            if path in open_paths:
                continue
            response = getattr(anon_client, method)(url, content_type="application/json", data={})
            assert response.status_code == 401, (method.upper(), path, response.status_code)
            checked += 1
    assert checked > 40  # every app's API is in the schema


def test_session_callers_need_the_csrf_token_and_token_callers_do_not(focal_a: Any) -> None:
    payload = {"label": "x", "result": {}}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(focal_a)
    refused = browser.post("/api/shipments/kpi-results", payload, content_type="application/json")
    assert refused.status_code == 403
    _token, raw = api_token_create(actor=focal_a, user=focal_a, name="csrf test")
    machine = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    checked = machine.post("/api/shipments/kpi-results", payload, content_type="application/json")
    # Past authentication and CSRF: the (empty) result itself is what gets refused.
    assert checked.status_code == 400 and checked.json()["error"] == "ValidationFailed"
