"""Bad input answers 4xx with a message, never a server error (issue 30, finding 7): each case found by probing."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from clearway.core.actors import SYSTEM

HUGE = 2**70  # above what a 64-bit database integer holds


@pytest.fixture
def api(client_for: Any, secretariat: Any) -> Client:
    return client_for(secretariat)


def _refused(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    body = response.json()
    assert body.get("message") or body.get("detail"), body
    return body


@pytest.fixture
def support_request(secretariat: Any, member_a: Any) -> Any:
    from clearway.capacity.services import request_create

    return request_create(
        actor=secretariat, member=member_a, intention_date=datetime.date(2026, 1, 5), needs="Training"
    )


@pytest.mark.parametrize(
    "extra",
    [{"expert_ids": [HUGE]}, {"funder_id": HUGE}, {"expert_ids": [-HUGE]}],
    ids=["expert_ids", "funder_id", "negative"],
)
def test_ids_beyond_64_bits_in_a_transition_are_refused(
    api: Client, support_request: Any, extra: Any
) -> None:
    response = api.post(
        f"/api/capacity/requests/{support_request.pk}/transitions",
        {"to_state": "approved", **extra},
        content_type="application/json",
    )
    _refused(response)


def test_programme_ids_beyond_64_bits_are_refused(api: Client) -> None:
    response = api.post(
        "/api/aeo/mras",
        {"kind": "bilateral", "programme_ids": [HUGE, 1], "status": "signed"},
        content_type="application/json",
    )
    _refused(response)


def test_an_id_beyond_64_bits_in_the_path_is_not_found_or_refused(api: Client) -> None:
    for path in (
        f"/api/capacity/requests/{HUGE}",
        f"/api/aeo/programmes/{HUGE}",
        f"/api/surveys/surveys/{HUGE}",
    ):
        response = api.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)


def test_a_negative_expected_version_is_refused(api: Client, member_a: Any) -> None:
    from clearway.aeo.services import programme_create

    programme = programme_create(
        actor=SYSTEM, member=member_a, facts={"name_en": "Kenya AEO", "status": "operational"}
    )
    response = api.put(
        f"/api/aeo/programmes/{programme.pk}",
        {"name_en": "Kenya AEO", "status": "operational", "expected_version": -1},
        content_type="application/json",
    )
    _refused(response)


def test_a_negative_expected_version_of_a_survey_answer_is_refused(api: Client, member_a: Any) -> None:
    response = api.put(
        "/api/surveys/surveys/1/response?member=KEN",
        {"answers": {}, "expected_version": -1},
        content_type="application/json",
    )
    body = _refused(response)
    assert response.status_code == 422 and body["error"] == "ValidationFailed"


@pytest.fixture
def cycle(secretariat: Any, member_a: Any) -> Any:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create

    return cycle_create(
        actor=secretariat,
        name="Cycle",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a],
    )


def test_a_version_or_standard_that_is_not_a_number_in_a_page_form_is_a_message(
    client_for: Any, focal_a: Any, cycle: Any
) -> None:
    assessment = cycle.assessments.get()
    client = client_for(focal_a)
    for data in ({"version": "abc"}, {"version": str(HUGE)}):
        response = client.post(
            f"/assessments/{assessment.pk}/edit/", {"indicator": "1.1", "value": "1", **data}, follow=True
        )
        assert response.status_code == 200
        assert "Enter a whole number" in response.content.decode()
    response = client.post("/assessments/commitments/?member=KEN", {"standard": "abc"}, follow=True)
    assert response.status_code == 200 and "Enter a whole number" in response.content.decode()


def test_a_number_too_large_for_the_database_in_a_page_is_a_400_page(
    client_for: Any, secretariat: Any
) -> None:
    response = client_for(secretariat).get(f"/capacity/requests/{HUGE}/")
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("fmt", ["pdf", "csv\r\nX-Injected: 1", "xlsx%0d%0a"])
def test_an_export_in_a_format_it_does_not_offer_is_not_found_and_not_echoed(
    client_for: Any, secretariat: Any, cycle: Any, fmt: str
) -> None:
    client = client_for(secretariat)
    for path in (f"/assessments/cycles/{cycle.pk}/export.{fmt}", f"/audit/export/{fmt}/"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert "X-Injected" not in str(response.headers) and "Content-Disposition" not in response.headers


@pytest.fixture(scope="module")
def kpi_result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from clearway.shipments.kpis import KpiParameters
    from clearway.shipments.pipeline import ComputeRequest, kpis_compute
    from tests.shipments.conftest import hand_rows, write_rows

    path = write_rows(hand_rows(), tmp_path_factory.mktemp("res") / "hand.parquet")
    return kpis_compute(request=ComputeRequest(input=path, params=KpiParameters(min_operators=1)))


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["kpis"].update(volume="many"),
        lambda r: r["kpis"].update(volume=1e308),
        lambda r: r["groups"][0].update(volume="many"),
        lambda r: r["groups"][0].update(volume=1e308),
        lambda r: r["provenance"].update(rows_read=HUGE, rows_accepted=HUGE),
    ],
    ids=["string", "huge", "group-string", "group-huge", "rows-huge"],
)
def test_kpi_results_with_values_that_are_not_numbers_are_refused(
    client_for: Any, focal_a: Any, kpi_result: dict[str, Any], change: Any
) -> None:
    result = json.loads(json.dumps(kpi_result))
    change(result)
    response = client_for(focal_a).post(
        "/api/shipments/kpi-results", {"result": result}, content_type="application/json"
    )
    _refused(response)
    assert client_for(focal_a).get("/api/shipments/kpi-results").status_code == 200
