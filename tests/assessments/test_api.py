"""The assessments API as described by the OpenAPI schema: answer with a version, conflict, submit, review."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client_for: Any, secretariat: Any) -> dict[str, Any]:
    response = client_for(secretariat).get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_describes_the_operations(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    put = paths["/api/assessments/{assessment_id}/answers/{code}"]["put"]
    body_ref = put["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][body_ref]["required"]) == {"version"}
    for path in (
        "/api/assessments/cycles",
        "/api/assessments/cycles/{cycle_id}/summary",
        "/api/assessments/cycles/{cycle_id}/benchmarks",
        "/api/assessments/{assessment_id}/submit",
        "/api/assessments/{assessment_id}/validate",
        "/api/assessments/{assessment_id}/return",
        "/api/assessments/catalogues/{code}/indicators",
    ):
        assert path in paths


def test_answer_conflict_submit_and_validate_through_the_api(
    schema: dict[str, Any],
    assessment_a: Any,
    focal_a: Any,
    contributor_a: Any,
    secretariat: Any,
    answer_all: Any,
    client_for: Any,
) -> None:
    url = "/api/assessments/{assessment_id}/answers/{code}"
    assert url in schema["paths"]
    focal, contributor = client_for(focal_a), client_for(contributor_a)
    answer_url = url.format(assessment_id=assessment_a.pk, code="SC.2")
    first = focal.put(answer_url, {"version": 0, "value": "30"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 1 and first.json()["value"] == "30.0000"
    stale = contributor.put(
        answer_url, {"version": 0, "value": "12", "comment": "From the TRS"}, content_type="application/json"
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"] == "Conflict" and "SC.2" in body["message"] and "SC.2" in body["fields"]
    bad = focal.put(answer_url, {"version": 1, "value": "soon"}, content_type="application/json")
    assert bad.status_code == 400 and "SC.2" in bad.json()["fields"]
    unknown = focal.put(
        url.format(assessment_id=assessment_a.pk, code="NOPE.1"),
        {"version": 0},
        content_type="application/json",
    )
    assert (
        unknown.status_code == 404
        and unknown.json()["message"] == "Indicator NOPE.1 is not in catalogue clearway-2022-v2."
    )

    answer_all(assessment_a, focal_a)
    submit = f"/api/assessments/{assessment_a.pk}/submit"
    assert contributor.post(submit, {"statement": "ok"}, content_type="application/json").status_code == 403
    done = focal.post(submit, {"statement": "Signed off."}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert done.json()["overall_score"] == 100.0
    locked = focal.put(answer_url, {"version": 2, "value": "1"}, content_type="application/json")
    assert locked.status_code == 409 and locked.json()["error"] == "InvalidTransition"
    sec = client_for(secretariat)
    validated = sec.post(
        f"/api/assessments/{assessment_a.pk}/validate", {"comment": ""}, content_type="application/json"
    )
    assert validated.json()["status"] == "validated"
    summary = sec.get(f"/api/assessments/cycles/{assessment_a.cycle_id}/summary").json()
    assert (summary["members_targeted"], summary["validated"], summary["not_started"]) == (2, 1, 1)
    assert summary["median_score"] is None and summary["median_suppressed"] is True


def test_bearer_token_client(assessment_a: Any, focal_a: Any, client: Any) -> None:
    from clearway.accounts.services import api_token_create

    _token, raw = api_token_create(actor=focal_a, user=focal_a, name="script")
    response = client.get(f"/api/assessments/{assessment_a.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["member"] == "KEN"
