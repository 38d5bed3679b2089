"""A Member uploads a KPI result, attaches it to its assessment, and sees where its self-assessment contradicts it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearway.core.exceptions import PermissionDenied, ValidationFailed
from clearway.shipments import selectors, services
from clearway.shipments.kpis import KpiParameters
from clearway.shipments.models import KpiResult
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

from .conftest import hand_rows, write_rows


@pytest.fixture(scope="module")
def result_json(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = write_rows(hand_rows(), tmp_path_factory.mktemp("res") / "hand.parquet")
    # Two operators only: nothing suppressed, so the breakdowns and the AEO differences carry values.
    params = KpiParameters(min_operators=1)
    return json.dumps(kpis_compute(request=ComputeRequest(input=path, params=params))).encode()


@pytest.fixture
def assessment_a(secretariat: Any, member_a: Any, member_b: Any) -> Any:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create

    cycle = cycle_create(
        actor=secretariat,
        name="KPI cycle",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )
    return cycle.assessments.get(member=member_a)


def _indicator(assessment: Any, **filters: Any) -> Any:
    return (
        assessment.cycle.catalogue.indicators.filter(**filters).order_by("standard__number", "order").first()
    )


def test_upload_attach_and_contradiction(
    focal_a: Any, member_a: Any, assessment_a: Any, result_json: bytes
) -> None:
    from clearway.assessments.services import answer_save
    from clearway.core.models import AuditEvent

    result = services.kpi_result_upload(
        actor=focal_a, member=member_a, content=result_json, label="2025 data"
    )
    assert (result.rows_read, result.rows_accepted) == (12, 7)
    attached = services.kpi_result_attach(actor=focal_a, kpi_result=result, assessment=assessment_a)
    by_measure = {a.measure: a.value for a in attached}
    assert by_measure["advance_data_share"] == Decimal("71.4300")  # 0.7143 in an indicator held in %
    assert by_measure["release_time_median_hours"] == Decimal("10.0000")  # hours stay hours
    assert by_measure["aeo_inspection_rate_difference"] == Decimal("-33.3300")  # pp
    assert by_measure["volume"] == Decimal("7.0000")
    # Duties and taxes are in national currency; the catalogue keeps REV.4 in USD: never mixed up.
    assert (
        "duties_taxes_per_shipment" not in by_measure and result.kpis["duties_taxes_per_shipment"] is not None
    )
    rows = {r.measure: r for r in selectors.kpi_measure_rows(kpi_result=result, assessment=assessment_a)}
    assert "does not convert" in rows["duties_taxes_per_shipment"].unusable and not rows["volume"].unusable
    numeric = _indicator(assessment_a, measure="advance_data_share", kind="numeric")
    answer = assessment_a.answers.get(indicator=numeric)
    assert answer.value == Decimal("71.4300")
    assert answer.provenance["dataset_fingerprint"] == result.fingerprint
    assert answer.provenance["engine"]["name"] == "duckdb" and answer.provenance["rows_read"] == 12
    assert AuditEvent.objects.filter(action="shipments.kpi_result.attach", object_id=str(result.pk)).exists()

    maturity = _indicator(assessment_a, kind="maturity", expected_measure__measure="advance_data_share")
    answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code=maturity.code, base_version=0, stage="full"
    )
    checks = {
        c.indicator.code: c for c in selectors.kpi_stage_checks(kpi_result=result, assessment=assessment_a)
    }
    flagged = checks[maturity.code]
    assert (flagged.verdict, flagged.claimed, flagged.measured, flagged.supported) == (
        "contradiction",
        "full",
        0.7143,
        "partial",
    )
    assert flagged.minimum == maturity.expected_measure["full"]


def test_result_files_must_hold_aggregates_only(focal_a: Any, member_a: Any, result_json: bytes) -> None:
    data = json.loads(result_json)
    data["groups"][0]["shipment_id"] = "CW1"
    with pytest.raises(ValidationFailed) as caught:
        services.kpi_result_upload(actor=focal_a, member=member_a, content=json.dumps(data).encode())
    assert "only aggregates" in str(caught.value.field_errors["file"][0])
    with pytest.raises(ValidationFailed):
        services.kpi_result_upload(actor=focal_a, member=member_a, content=b"shipment_id,channel\nA,postal\n")
    with pytest.raises(ValidationFailed):
        services.kpi_result_upload(
            actor=focal_a, member=member_a, content=json.dumps({"format": "x"}).encode()
        )
    assert not KpiResult.objects.exists()


def test_compute_from_a_small_file(
    focal_a: Any, member_a: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = write_rows(hand_rows(), tmp_path / "s.csv")
    upload = SimpleUploadedFile("sample.csv", path.read_bytes(), content_type="text/csv")
    from clearway.shipments.kpis import KpiParameters

    with django_capture_on_commit_callbacks(execute=True):
        job = services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=upload, params=KpiParameters()
        )
    job.refresh_from_db()
    result = KpiResult.objects.get(pk=job.result["kpi_result"])
    assert result.kpis["volume"] == 7 and result.source == "computed" and result.label == "sample.csv"
    assert "groups" in result.result and not any("shipment_id" in g for g in result.result["groups"])


def test_compute_in_the_background_keeps_only_the_aggregates(
    focal_a: Any, focal_b: Any, member_a: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.storage import default_storage

    from clearway.core.models import AuditEvent
    from clearway.shipments.kpis import KpiParameters

    upload = SimpleUploadedFile("sample.csv", write_rows(hand_rows(), tmp_path / "s.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=upload, params=KpiParameters(period="quarter")
        )
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    result = KpiResult.objects.get(pk=job.result["kpi_result"])
    assert result.kpis["volume"] == 7 and result.label == "sample.csv" and result.member == member_a
    assert result.result["parameters"]["period"] == "quarter"
    assert job.result["url"] == f"/shipments/kpis/{result.pk}/"
    assert default_storage.listdir(services.INCOMING)[1] == []  # the shipment file is gone
    assert AuditEvent.objects.filter(action="shipments.compute.submit", object_id=str(job.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.kpi_result_compute_submit(
            actor=focal_b, member=member_a, upload=upload, params=KpiParameters()
        )


def test_a_bad_file_fails_its_job_with_the_reason_and_is_deleted(
    focal_a: Any, member_a: Any, django_capture_on_commit_callbacks: Any, client_for: Any
) -> None:
    from django.core.files.storage import default_storage

    from clearway.shipments.kpis import KpiParameters

    bad = SimpleUploadedFile("wrong.csv", b"shipment_id;channel\nA;postal\n")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=bad, params=KpiParameters()
        )
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("wrong.csv: ") and "another delimiter" in job.error
    assert default_storage.listdir(services.INCOMING)[1] == [] and not KpiResult.objects.exists()
    page = client_for(focal_a).get(f"/shipments/kpis/?job={job.pk}").content.decode()
    assert 'id="compute-job"' in page and "another delimiter than a comma" in page
    assert "Nothing was computed" in page and "the computation goes on" not in page
    with pytest.raises(ValidationFailed) as refused:
        services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=SimpleUploadedFile("x.xlsx", b"PK"), params=KpiParameters()
        )
    assert ".parquet or .csv" in refused.value.field_errors["file"][0]


def test_the_page_queues_the_computation_and_follows_it(
    focal_a: Any, member_a: Any, tmp_path: Path, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(focal_a)
    sample = write_rows(hand_rows(), tmp_path / "s.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/shipments/kpis/",
            {
                "kind": "compute",
                "file": SimpleUploadedFile("s.csv", sample),
                "period": "month",
                "de_minimis": "150",
                "label": "",
            },
        )
    assert response.status_code == 302 and "?job=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "data-job-follow" in page
    job_id = response["Location"].split("job=")[1]
    status = client.get(f"/jobs/{job_id}/").json()
    assert status["status"] == "succeeded" and status["result"]["url"].startswith("/shipments/kpis/")
    # The page of a computation that succeeded says so and links its result; it holds no failure text, not even
    # hidden, and no "goes on".
    assert "The KPIs were computed." in page and f'href="{status["result"]["url"]}"' in page
    assert "Nothing was computed" not in page and "the computation goes on" not in page


def test_member_b_cannot_see_or_use_member_a_results(
    focal_a: Any,
    focal_b: Any,
    member_a: Any,
    assessment_a: Any,
    result_json: bytes,
    client_for: Any,
    regional_esa: Any,
    secretariat: Any,
) -> None:
    result = services.kpi_result_upload(actor=focal_a, member=member_a, content=result_json)
    with pytest.raises(PermissionDenied):
        services.kpi_result_upload(actor=focal_b, member=member_a, content=result_json)
    with pytest.raises(PermissionDenied):
        services.kpi_result_attach(actor=focal_b, kpi_result=result, assessment=assessment_a)
    for url in (f"/shipments/kpis/{result.pk}/", f"/shipments/kpis/{result.pk}/checks/"):
        assert client_for(focal_b).get(url).status_code == 404
        assert client_for(regional_esa).get(url).status_code == 404
        assert client_for(secretariat).get(url).status_code == 200
        assert client_for(focal_a).get(url).status_code == 200
    assert client_for(focal_b).post(f"/shipments/kpis/{result.pk}/attach/").status_code == 404
    listing = client_for(focal_b).get("/shipments/kpis/").content.decode()
    assert str(result.fingerprint[:20]) not in listing
    assert result.fingerprint[:20] in client_for(focal_a).get("/shipments/kpis/").content.decode()


def test_pages_upload_attach_and_flag(
    focal_a: Any, assessment_a: Any, result_json: bytes, client_for: Any
) -> None:
    from clearway.assessments.services import answer_save

    client = client_for(focal_a)
    response = client.post(
        "/shipments/kpis/",
        {"kind": "upload", "label": "Year 2025", "file": SimpleUploadedFile("r.json", result_json)},
    )
    assert response.status_code == 302
    result = KpiResult.objects.get(label="Year 2025")
    page = client.get(response["Location"]).content.decode()
    assert "71.4" in page and "Attach these values" in page
    # Days and numbers as people read them, not stored instants or Decimal padding.
    assert "10 January 2025 – 5 March 2025" in page and "+00:00" not in page
    assert ">71.43<" in page and "71.4286" not in page
    french = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "10 janvier 2025 – 5 mars 2025" in french and ">71,43<" in french
    # The result was computed in English; its quality summary reads in the reader's language.
    assert "intrinsic_value est négatif." in french and "intrinsic_value is negative." not in french
    assert (
        "<dt>Exhaustivité</dt>" in french and "<td>Cohérence</td>" in french and "consistency" not in french
    )
    assert "<dt>Completeness</dt>" in page and "intrinsic_value is negative." in page
    # Units of the catalogue's indicators are codes in the data; people read them in their language.
    assert "<td>envois</td>" in french and "<td>shipments</td>" not in french and "<td>pt</td>" in french
    assert "<td>shipments</td>" in page and "<td>pp</td>" in page
    codes = [r.indicator.code for r in selectors.kpi_measure_rows(kpi_result=result, assessment=assessment_a)]
    assert client.post(f"/shipments/kpis/{result.pk}/attach/", {"indicator": codes}).status_code == 302
    maturity = _indicator(assessment_a, kind="maturity", expected_measure__measure="advance_data_share")
    answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code=maturity.code, base_version=0, stage="full"
    )
    checks = client.get(f"/shipments/kpis/{result.pk}/checks/").content.decode()
    assert 'data-verdict="contradiction"' in checks and "Claimed stage above what the data show" in checks
    assert "<td>Fully implemented</td>" in checks and "<td>full</td>" not in checks
    bad = client.post("/shipments/kpis/", {"kind": "upload", "file": SimpleUploadedFile("r.json", b"{}")})
    assert bad.status_code == 200 and "not a Clearway KPI result" in bad.content.decode()


def test_demo_is_illustrative_and_idempotent(db: Any, member_a: Any) -> None:
    from clearway.shipments.demo import demo_load

    assert demo_load() == "1 illustrative KPI result(s) created"
    assert demo_load() == "0 illustrative KPI result(s) created"
    result = KpiResult.objects.get(member=member_a)
    assert result.illustrative and result.rows_read == 20_000 and result.result["provenance"]["illustrative"]


def test_member_page_panel_only_for_own_users(
    focal_a: Any, focal_b: Any, member_a: Any, result_json: bytes, client_for: Any
) -> None:
    from clearway.shipments.member_panels import member_panels

    services.kpi_result_upload(actor=focal_a, member=member_a, content=result_json)
    panels = member_panels(member=member_a, viewer=focal_a)
    assert len(panels) == 1 and "71.4%" in panels[0].html
    assert member_panels(member=member_a, viewer=focal_b) == []


def test_api_upload_list_and_scoping(
    focal_a: Any, focal_b: Any, secretariat: Any, result_json: bytes, client_for: Any, anon_client: Any
) -> None:
    schema = client_for(secretariat).get("/api/openapi.json").json()
    assert "/api/shipments/kpi-results" in schema["paths"]
    body = {"label": "From the script", "result": json.loads(result_json)}
    created = client_for(focal_a).post("/api/shipments/kpi-results", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["member"] == "KEN" and data["kpis"]["volume"] == 7 and data["rows_read"] == 12
    assert [r["id"] for r in client_for(focal_a).get("/api/shipments/kpi-results").json()] == [data["id"]]
    assert client_for(focal_b).get("/api/shipments/kpi-results").json() == []
    assert client_for(focal_b).get(f"/api/shipments/kpi-results/{data['id']}").status_code == 404
    assert client_for(secretariat).get(f"/api/shipments/kpi-results/{data['id']}").status_code == 200
    assert anon_client.get("/api/shipments/kpi-results").status_code == 401
    body["result"]["groups"][0]["seller_id"] = "S1"
    refused = client_for(focal_a).post("/api/shipments/kpi-results", body, content_type="application/json")
    assert refused.status_code == 400 and "only aggregates" in refused.content.decode()
    assert (
        client_for(secretariat)
        .post("/api/shipments/kpi-results", body, content_type="application/json")
        .status_code
        == 400
    )


def test_de_minimis_threshold_is_written_and_read_the_readers_way() -> None:
    from django.utils import translation

    from clearway.shipments.forms import ShipmentFileForm

    with translation.override("fr"):
        files = {"file": SimpleUploadedFile("s.csv", b"shipment_id\n")}
        form = ShipmentFileForm(data={"period": "month", "de_minimis": "150,5"}, files=files)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["de_minimis"] == 150.5
        assert 'value="150,0"' in str(ShipmentFileForm()["de_minimis"])


def test_a_result_shows_its_breakdowns_and_charts_in_the_readers_language(
    focal_a: Any, member_a: Any, result_json: bytes, client_for: Any
) -> None:
    result = services.kpi_result_upload(actor=focal_a, member=member_a, content=result_json, label="2025")
    breakdowns = {b.dimension: b for b in selectors.kpi_result_breakdowns(kpi_result=result)}
    assert list(breakdowns) == ["channel", "operator_type", "aeo_status"]
    # values in the contract's order, each with its measures over all periods (hand-computed: 4 postal rows,
    # 2 express, 1 cargo; median release times 10, 1 and 48 hours)
    channel = [(row.value, dict(row.values)) for row in breakdowns["channel"].rows]
    assert [(v, m["volume"], m["release_time_median_hours"]) for v, m in channel] == [
        ("postal", 4, 10.0),
        ("express", 2, 1.0),
        ("cargo", 1, 48.0),
    ]
    assert [row.value for row in breakdowns["aeo_status"].rows] == ["aeo", "non_aeo", "unknown"]
    series = selectors.kpi_result_series(
        kpi_result=result, dimension="aeo_status", measure="release_time_median_hours"
    )
    assert [(r["period"], r["value"], r["measure"]) for r in series] == [
        ("2025-01", "aeo", 1.0),
        ("2025-01", "non_aeo", 2.0),
        ("2025-01", "unknown", 48.0),
        ("2025-03", "aeo", 20.5),
        ("2025-03", "non_aeo", 10.0),
    ]

    client = client_for(focal_a)
    page = client.get(f"/shipments/kpis/{result.pk}/").content.decode()
    assert 'id="breakdown-channel"' in page and '<th scope="row">Express carrier</th>' in page
    assert 'id="volume-chart"' in page and 'id="release-chart"' in page and page.count("<svg") >= 2
    french = client.get(f"/shipments/kpis/{result.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<th scope="col">Canal</th>' in french and '<th scope="row">Non OEA</th>' in french
    assert '<th scope="row">Transporteur express</th>' in french and "Express carrier" not in french
    assert "Délai médian de mainlevée par période" in french
    # February had no shipment: it keeps its place on the time axis instead of March following January.
    assert selectors.kpi_result_periods(kpi_result=result) == ["2025-01", "2025-02", "2025-03"]
    assert (
        "Axe X\u00a0: Période, 3 valeurs\u00a0: 2025-01, 2025-02, 2025-03" in french and ">2025-02<" in french
    )


def test_the_page_attaches_only_the_values_chosen(
    focal_a: Any, member_a: Any, assessment_a: Any, result_json: bytes, client_for: Any
) -> None:
    result = services.kpi_result_upload(actor=focal_a, member=member_a, content=result_json, label="2025")
    rows = [
        r for r in selectors.kpi_measure_rows(kpi_result=result, assessment=assessment_a) if not r.unusable
    ]
    chosen, left = rows[0].indicator, rows[1].indicator
    client = client_for(focal_a)
    page = client.get(f"/shipments/kpis/{result.pk}/").content.decode()
    assert f'name="indicator" value="{chosen.code}"' in page and f'value="{left.code}"' in page

    refused = client.post(f"/shipments/kpis/{result.pk}/attach/", follow=True).content.decode()
    assert "Choose at least one value to attach." in refused
    assert not assessment_a.answers.filter(indicator__in=[chosen, left], value__isnull=False).exists()

    client.post(f"/shipments/kpis/{result.pk}/attach/", {"indicator": [chosen.code]})
    assert assessment_a.answers.get(indicator=chosen).value is not None
    assert not assessment_a.answers.filter(indicator=left, value__isnull=False).exists()
