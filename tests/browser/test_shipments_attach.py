from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from clearway.shipments.pipeline import ComputeRequest, kpis_compute
from tests.conftest import PASSWORD
from tests.shipments.conftest import hand_rows, write_rows


def test_upload_result_attach_and_see_the_contradiction(
    page: Any, sign_in: Any, make_user: Any, tmp_path: Path
) -> None:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import answer_save, cycle_create
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    staff = make_user("secretariat_staff", username="sam")
    focal = make_user("member_focal_point", member=kenya, username="kofi")
    catalogue = Catalogue.objects.get(code="clearway-2022-v2")
    cycle = cycle_create(
        actor=staff,
        name="Browser cycle",
        catalogue=catalogue,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[kenya],
    )
    assessment = cycle.assessments.get()
    maturity = catalogue.indicators.filter(
        kind="maturity", expected_measure__measure="advance_data_share"
    ).first()
    answer_save(
        actor=focal, assessment=assessment, indicator_code=maturity.code, base_version=0, stage="full"
    )
    result = tmp_path / "kpis.json"
    result.write_text(
        json.dumps(
            kpis_compute(request=ComputeRequest(input=write_rows(hand_rows(), tmp_path / "s.parquet")))
        )
    )

    sign_in("kofi", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Shipment KPIs").click()
    page.wait_for_url("**/shipments/kpis/")
    page.set_input_files("#upload-result input[type=file]", str(result))
    page.fill("#upload-result input[name=label]", "Year 2025")
    page.click("#upload-result button[type=submit]")
    page.wait_for_selector("#kpis")
    assert page.locator("td[data-measure=advance_data_share]").inner_text() == "71.4%"
    page.click("#attach")
    page.wait_for_selector(".msg")
    assert "indicator values attached" in page.locator(".msg").inner_text()
    assert page.locator("#measure-rows .badge.ok").count() >= 5
    page.locator("a.badge.bad").click()
    page.wait_for_url("**/checks/")
    row = page.locator("tr[data-verdict=contradiction]").first
    assert maturity.code in row.inner_text() and "Fully implemented" in row.inner_text()
    assert "71.4%" in row.inner_text()


def test_compute_from_a_small_file_in_the_background(
    page: Any, sign_in: Any, make_user: Any, tmp_path: Path, worker_processes: Any
) -> None:
    """Through a real `clearway worker` process, as in production."""
    from clearway.members.models import Member

    worker_processes()
    focal = make_user("member_focal_point", member=Member.objects.get(iso3="KEN"), username="kofi")
    sample = write_rows(hand_rows(), tmp_path / "sample.csv")
    sign_in(focal.username, PASSWORD)
    page.goto("/shipments/kpis/")
    page.set_input_files("#compute-result input[type=file]", str(sample))
    page.click("#compute-result button[type=submit]")
    # The page follows the background job and opens the result it made.
    page.wait_for_url("**/shipments/kpis/*/")
    page.wait_for_selector("#kpis")
    assert page.locator("td[data-measure=volume]").inner_text() == "7"


def test_a_file_the_computation_refuses_says_why_and_names_the_file_once(
    page: Any, sign_in: Any, make_user: Any, tmp_path: Path, worker_processes: Any
) -> None:
    from clearway.members.models import Member

    worker_processes()
    focal = make_user("member_focal_point", member=Member.objects.get(iso3="KEN"), username="kofi")
    sample = tmp_path / "semicolons.csv"
    sample.write_text("shipment_id;channel;arrival_at\nS1;postal;2025-01-02T10:00:00Z\n", encoding="utf-8")
    sign_in(focal.username, PASSWORD)
    page.goto("/shipments/kpis/")
    page.set_input_files("#compute-result input[type=file]", str(sample))
    page.click("#compute-result button[type=submit]")
    page.wait_for_selector("#compute-job.failed")
    message = page.locator("#compute-job [data-job-message]").inner_text()
    assert "delimiter" in message and "semicolons.csv" in message
    # The error names the file; the line does not name it a second time.
    assert page.locator("#compute-job p").first.inner_text().count("semicolons.csv") == 1
    # No "the computation goes on" once it has failed: what to do instead.
    assert not page.locator("#compute-job [data-job-running]").is_visible()
    assert "Correct the file" in page.locator("#compute-job [data-job-failed]").inner_text()
    page.reload()
    page.wait_for_selector("#compute-job.failed")
    assert page.locator("#compute-job p").first.inner_text().count("semicolons.csv") == 1
    assert not page.locator("#compute-job [data-job-running]").is_visible()
    assert page.locator("#compute-job [data-job-failed]").is_visible()


def test_a_followed_computation_that_fails_stops_saying_it_goes_on(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    from django.utils import timezone

    from clearway.core.models import Job, JobStatus
    from clearway.members.models import Member

    focal = make_user("member_focal_point", member=Member.objects.get(iso3="KEN"), username="wanjiru")
    # A computation still running when the page opens, which fails while the page follows it.
    job = Job.objects.create(
        kind="shipments.compute",
        params={"name": "late.csv"},
        status=JobStatus.RUNNING,
        lease_expires_at=timezone.now(),
        created_by=focal,
    )
    sign_in(focal.username, PASSWORD)
    page.goto(f"/shipments/kpis/?job={job.pk}")
    assert page.locator("#compute-job [data-job-running]").is_visible()
    assert not page.locator("#compute-job [data-job-failed]").is_visible()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="late.csv: the header is one single column."
    )
    page.wait_for_selector("#compute-job.failed")
    assert (
        "late.csv: the header is one single column."
        in page.locator("#compute-job [data-job-message]").inner_text()
    )
    assert not page.locator("#compute-job [data-job-running]").is_visible()
    assert page.locator("#compute-job [data-job-failed]").is_visible()


def test_a_followed_computation_that_succeeds_never_says_it_failed(
    page: Any, sign_in: Any, make_user: Any, tmp_path: Path
) -> None:
    from django.utils import timezone

    from clearway.core.models import Job, JobStatus
    from clearway.members.models import Member
    from clearway.shipments.services import kpi_result_upload

    kenya = Member.objects.get(iso3="KEN")
    focal = make_user("member_focal_point", member=kenya, username="wanjiru")
    computed = kpis_compute(request=ComputeRequest(input=write_rows(hand_rows(), tmp_path / "s.parquet")))
    result = kpi_result_upload(actor=focal, member=kenya, content=json.dumps(computed).encode(), label="Q1")
    job = Job.objects.create(
        kind="shipments.compute",
        params={"name": "q1.csv"},
        status=JobStatus.RUNNING,
        lease_expires_at=timezone.now(),
        created_by=focal,
    )
    sign_in(focal.username, PASSWORD)
    page.goto(f"/shipments/kpis/?job={job.pk}")
    assert page.locator("#compute-job [data-job-running]").is_visible()
    # While it runs, the page holds no failure text, not even hidden.
    assert "Nothing was computed" not in page.locator("#compute-job").text_content()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, progress=1.0, result={"url": f"/shipments/kpis/{result.pk}/"}
    )
    # The page follows the job to its result.
    page.wait_for_url(f"**/shipments/kpis/{result.pk}/")
    page.wait_for_selector("#kpis")
