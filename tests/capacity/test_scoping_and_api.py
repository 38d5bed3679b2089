"""Personas: a Member sees and moves only its own requests, through pages and the API (checked via OpenAPI)."""

from __future__ import annotations

import datetime
from typing import Any

import jsonschema
import pytest
from django.test import Client

from clearway.accounts.services import api_token_create
from clearway.capacity.models import RequestState, SupportRequest
from tests.capacity.factories import activity_make

D = datetime.date


@pytest.fixture
def schema(anon_client: Client, db: Any) -> dict[str, Any]:
    return anon_client.get("/api/openapi.json").json()


def _validate(schema: dict[str, Any], path: str, method: str, status: str, payload: Any) -> None:
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.validate(payload, {**body, "components": schema.get("components", {})})


def _bearer(user: Any) -> Client:
    _token, raw = api_token_create(actor=user, user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def kenya_request(member_a: Any, request_in: Any) -> SupportRequest:
    return request_in(member_a, RequestState.UNDER_REVIEW)


def test_a_member_sees_only_its_own_requests_in_pages(
    client_for: Any, focal_a: Any, focal_b: Any, kenya_request: SupportRequest, member_b: Any, request_in: Any
) -> None:
    uganda = request_in(member_b, RequestState.INTENTION_NOTIFIED)
    page_a = client_for(focal_a).get("/capacity/requests/").content.decode()
    assert (
        f"/capacity/requests/{kenya_request.pk}/" in page_a
        and f"/capacity/requests/{uganda.pk}/" not in page_a
    )
    b = client_for(focal_b)
    assert b.get(f"/capacity/requests/{kenya_request.pk}/").status_code == 404
    assert b.post(f"/capacity/requests/{kenya_request.pk}/to/approved/", {}).status_code == 404
    kenya_request.refresh_from_db()
    assert kenya_request.state == RequestState.UNDER_REVIEW


def test_a_member_sees_only_its_own_requests_in_the_api(
    schema: dict[str, Any], focal_a: Any, focal_b: Any, kenya_request: SupportRequest
) -> None:
    assert "/api/capacity/requests" in schema["paths"]
    assert "/api/capacity/requests/{request_id}/transitions" in schema["paths"]
    listed_a = _bearer(focal_a).get("/api/capacity/requests")
    _validate(schema, "/api/capacity/requests", "get", "200", listed_a.json())
    assert [r["id"] for r in listed_a.json()] == [kenya_request.pk]
    b = _bearer(focal_b)
    assert b.get("/api/capacity/requests").json() == []
    assert b.get(f"/api/capacity/requests/{kenya_request.pk}").status_code == 404
    moved = b.post(
        f"/api/capacity/requests/{kenya_request.pk}/transitions",
        {"to_state": "declined", "reason": "x"},
        content_type="application/json",
    )
    assert moved.status_code == 404


def test_observers_and_anonymous_visitors_see_no_request(
    client_for: Any, observer: Any, anon_client: Client, kenya_request: SupportRequest
) -> None:
    assert client_for(observer).get(f"/capacity/requests/{kenya_request.pk}/").status_code == 404
    assert anon_client.get("/api/capacity/requests").status_code == 401
    assert anon_client.get("/capacity/requests/").status_code == 302  # to the sign-in page


def test_regional_office_reads_its_regions_requests_but_cannot_move_them(
    client_for: Any, regional_esa: Any, kenya_request: SupportRequest
) -> None:
    client = client_for(regional_esa)
    assert client.get(f"/capacity/requests/{kenya_request.pk}/").status_code == 200
    response = client.post(f"/capacity/requests/{kenya_request.pk}/to/declined/", {"declined-reason": "no"})
    assert response.status_code == 302
    kenya_request.refresh_from_db()
    assert kenya_request.state == RequestState.UNDER_REVIEW


def test_api_filing_and_refused_approval_then_approval(
    schema: dict[str, Any], focal_a: Any, secretariat: Any, member_a: Any, submit_assessment: Any
) -> None:
    focal = _bearer(focal_a)
    filed = focal.post(
        "/api/capacity/requests",
        {"intention_date": "2022-02-01", "intention_reference": "L/1"},
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    _validate(schema, "/api/capacity/requests", "post", "201", filed.json())
    rid = filed.json()["id"]
    assert {c["code"]: c["met"] for c in filed.json()["eligibility"]} == {
        "intention": True,
        "assessment": False,
        "official_request": False,
    }
    url = f"/api/capacity/requests/{rid}/transitions"
    step = focal.post(
        url,
        {
            "to_state": "official_request_received",
            "official_request_date": "2022-03-01",
            "official_request_reference": "DG/9",
        },
        content_type="application/json",
    )
    assert step.status_code == 200 and step.json()["state"] == "official_request_received"
    sec = _bearer(secretariat)
    assert sec.post(url, {"to_state": "under_review"}, content_type="application/json").status_code == 200
    refused = sec.post(url, {"to_state": "approved"}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["error"] == "InvalidTransition" and "Assessment" in refused.json()["message"]
    submit_assessment(member_a)
    approved = sec.post(url, {"to_state": "approved", "reason": "Eligible"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"


def test_api_validation_errors_name_the_field(
    focal_a: Any, secretariat: Any, kenya_request: SupportRequest
) -> None:
    response = _bearer(secretariat).post(
        f"/api/capacity/requests/{kenya_request.pk}/transitions",
        {"to_state": "declined"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def test_api_activities_for_a_period_and_creation(
    schema: dict[str, Any], secretariat: Any, focal_a: Any, member_a: Any
) -> None:
    activity_make(
        title_en="MENA",
        participants_value=100,
        participants_qualifier="close_to",
        participants_noun_en="experts",
        member_count=15,
    )
    activity_make(title_en="Old", start_date=D(2019, 1, 1), end_date=D(2019, 1, 2))
    listed = _bearer(focal_a).get("/api/capacity/activities?start=2021-01-01&end=2021-12-31")
    _validate(schema, "/api/capacity/activities", "get", "200", listed.json())
    assert [a["title_en"] for a in listed.json()] == ["MENA"]
    assert listed.json()[0]["participants"] == "close to 100 experts"
    assert listed.json()[0]["participants_qualifier"] == "close_to"
    orgs = _bearer(secretariat).get("/api/capacity/organisations").json()
    payload = {
        "title_en": "EUR",
        "kind": "regional_workshop",
        "modality": "virtual",
        "start_date": "2022-01-24",
        "end_date": "2022-01-28",
        "region": "EUR",
        "organiser_id": orgs[0]["id"],
        "participants_value": 100,
        "participants_qualifier": "nearly",
        "member_count": 37,
        "members": ["FRA"],
        "participant_groups": ["postal_operators"],
        "standard_keys": ["data-quality"],
    }
    created = _bearer(secretariat).post("/api/capacity/activities", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["member_administrations"] == "37 Member administrations"
    assert (
        _bearer(focal_a)
        .post("/api/capacity/activities", payload, content_type="application/json")
        .status_code
        == 403
    )


def test_api_double_booking_is_a_conflict(secretariat: Any) -> None:
    from tests.capacity.factories import expert_make

    expert = expert_make()
    first = activity_make(title_en="A", start_date=D(2023, 3, 6), end_date=D(2023, 3, 10))
    second = activity_make(title_en="B", start_date=D(2023, 3, 8), end_date=D(2023, 3, 9))
    client = _bearer(secretariat)
    body = {"expert_id": expert.pk, "start_date": "2023-03-06", "end_date": "2023-03-10"}
    assert (
        client.post(
            f"/api/capacity/activities/{first.pk}/assignments", body, content_type="application/json"
        ).status_code
        == 201
    )
    body |= {"start_date": "2023-03-08", "end_date": "2023-03-09"}
    clash = client.post(
        f"/api/capacity/activities/{second.pk}/assignments", body, content_type="application/json"
    )
    assert clash.status_code == 409 and "A" in clash.json()["message"]


def test_planned_national_workshops_stay_with_their_member(
    client_for: Any, focal_a: Any, focal_b: Any, member_a: Any, request_in: Any
) -> None:
    request = request_in(member_a, RequestState.PLANNED)
    workshop = activity_make(
        title_en="National workshop for Kenya",
        kind="national_workshop",
        status="planned",
        start_date=D(2030, 1, 7),
        end_date=D(2030, 1, 9),
        support_request=request,
    )
    assert client_for(focal_a).get(f"/capacity/activities/{workshop.pk}/").status_code == 200
    assert client_for(focal_b).get(f"/capacity/activities/{workshop.pk}/").status_code == 404


def test_api_follow_up_actions_linked_to_standards(
    secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any, request_in: Any
) -> None:
    request = request_in(member_a, RequestState.DELIVERED)
    url = f"/api/capacity/requests/{request.pk}/transitions"
    body = {
        "to_state": "follow_up",
        "reassessment_due": "2027-06-30",
        "actions": [
            {
                "description": "Adopt advance data rules",
                "standard_key": "data-quality",
                "due_date": "2027-01-31",
            }
        ],
    }
    moved = _bearer(secretariat).post(url, body, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["reassessment_due"] == "2027-06-30"
    action = request.actions.get()
    assert action.standard is not None and action.standard.key == "data-quality"
    done_url = f"/api/capacity/requests/{request.pk}/actions/{action.pk}/done"
    assert (
        _bearer(focal_b)
        .post(done_url, {"done_on": "2026-02-01"}, content_type="application/json")
        .status_code
        == 404
    )
    done = _bearer(focal_a).post(done_url, {"done_on": "2026-02-01"}, content_type="application/json")
    assert done.status_code == 200 and done.json() == {
        "id": action.pk,
        "description": "Adopt advance data rules",
        "standard_key": "data-quality",
        "due_date": "2027-01-31",
        "done_on": "2026-02-01",
    }


def test_api_expert_roster(schema: dict[str, Any], secretariat: Any, focal_a: Any) -> None:
    body = {
        "name": "Kofi Mensah",
        "status": "accredited",
        "profile": "trainer",
        "languages": ["en", "fr"],
        "region": "wca",
        "administration": "GHA",
    }
    assert (
        _bearer(focal_a).post("/api/capacity/experts", body, content_type="application/json").status_code
        == 403
    )
    created = _bearer(secretariat).post("/api/capacity/experts", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["region"] == "WCA"
    _validate(schema, "/api/capacity/experts", "post", "201", created.json())
    listed = _bearer(secretariat).get("/api/capacity/experts").json()
    assert [e["name"] for e in listed] == ["Kofi Mensah"]
    assert _bearer(focal_a).get("/api/capacity/experts").json() == []
