"""The rows a computation run on the page refused: downloaded by who may see the result, deleted after retention."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clearway.core.models import AuditEvent
from clearway.shipments import services
from clearway.shipments.jobs import quarantine_files_delete
from clearway.shipments.kpis import KpiParameters
from clearway.shipments.models import KpiResult

from .conftest import hand_rows, write_rows


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Files of this test only: the clean-up's counts are exact."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def computed(
    focal_a: Any, member_a: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> KpiResult:
    upload = SimpleUploadedFile("sample.csv", write_rows(hand_rows(), tmp_path / "s.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=upload, params=KpiParameters()
        )
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return KpiResult.objects.get(pk=job.result["kpi_result"])


def _rows(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_refused_rows_download_with_their_reasons_and_values_as_read(
    computed: KpiResult, focal_a: Any, client_for: Any
) -> None:
    assert computed.quarantine_file.startswith(f"{services.QUARANTINE}/") and computed.rows_quarantined == 5
    page = client_for(focal_a).get(f"/shipments/kpis/{computed.pk}/").content.decode()
    assert f'href="/shipments/kpis/{computed.pk}/quarantine.csv"' in page and "5 refused rows" in page
    kept_until = (computed.created_at + datetime.timedelta(days=30)).date()
    assert f"Kept until {kept_until.day} {kept_until:%B %Y} (30 days after the computation)" in page

    response = client_for(focal_a).get(f"/shipments/kpis/{computed.pk}/quarantine.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_id.setdefault(row["shipment_id"], []).append(row)
    assert sorted(by_id) == ["DUP", "Q1", "Q4", "Q5"] and len(by_id["DUP"]) == 2
    assert by_id["Q4"][0]["currency"] == "ABC" and by_id["Q5"][0]["intrinsic_value"].startswith("-5")
    assert all(row["reason"] for row in rows) and ":" in by_id["Q4"][0]["reason"]
    event = AuditEvent.objects.get(action="shipments.kpi_result.quarantine_download")
    assert event.object_id == str(computed.pk) and event.actor_id == focal_a.pk and event.member_iso3 == "KEN"


def test_only_who_may_see_the_result_may_download_its_refused_rows(
    computed: KpiResult, focal_b: Any, secretariat: Any, client_for: Any, anon_client: Any
) -> None:
    url = f"/shipments/kpis/{computed.pk}/quarantine.csv"
    assert client_for(focal_b).get(url).status_code == 404  # another Member's result
    anonymous = anon_client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action="shipments.kpi_result.quarantine_download").exists()
    assert len(_rows(client_for(secretariat).get(url))) == 5


def test_the_daily_clean_up_deletes_the_file_after_its_retention_and_the_page_says_so(
    computed: KpiResult, focal_a: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    name = computed.quarantine_file
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert quarantine_files_delete(now + datetime.timedelta(days=29)) == 0
    assert default_storage.exists(name)

    orphan = default_storage.save(f"{services.QUARANTINE}/orphan.csv", ContentFile(b"shipment_id,reason\n"))
    later = now + datetime.timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert quarantine_files_delete(later) == 2  # the expired file and the one no result names
    computed.refresh_from_db()
    assert not default_storage.exists(name) and not default_storage.exists(orphan)
    assert computed.quarantine_file == "" and computed.quarantine_deleted_at == later
    assert AuditEvent.objects.filter(
        action="shipments.kpi_result.quarantine_expire", object_id=str(computed.pk), actor_id=None
    ).exists()

    client = client_for(focal_a)
    page = client.get(f"/shipments/kpis/{computed.pk}/").content.decode()
    assert "quarantine.csv" not in page
    assert f"was deleted on {later.day} {later:%B %Y}, its 30 days of keeping over" in page
    refused = client.get(f"/shipments/kpis/{computed.pk}/quarantine.csv", follow=True)
    assert "no row was refused, or it was deleted" in refused.content.decode()


def test_a_computation_without_refused_rows_keeps_no_file(
    focal_a: Any, member_a: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any, client_for: Any
) -> None:
    clean = [r for r in hand_rows() if r["shipment_id"] in ("A1", "A2", "M1")]
    upload = SimpleUploadedFile("clean.csv", write_rows(clean, tmp_path / "c.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.kpi_result_compute_submit(
            actor=focal_a, member=member_a, upload=upload, params=KpiParameters()
        )
    job.refresh_from_db()
    result = KpiResult.objects.get(pk=job.result["kpi_result"])
    assert result.quarantine_file == "" and result.rows_quarantined == 0
    page = client_for(focal_a).get(f"/shipments/kpis/{result.pk}/").content.decode()
    assert "The computation refused no row." in page
