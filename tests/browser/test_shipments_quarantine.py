"""A focal point downloads the rows its computation refused, in French, until the retention deletes them."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from tests.conftest import PASSWORD
from tests.shipments.conftest import hand_rows, write_rows


def test_the_refused_rows_are_downloaded_from_the_result_page_then_deleted(
    page: Any, sign_in: Any, make_user: Any, tmp_path: Path
) -> None:
    from django.utils import timezone

    from clearway.members.models import Member
    from clearway.shipments.jobs import quarantine_files_delete
    from clearway.shipments.models import KpiResult

    make_user("member_focal_point", member=Member.objects.get(iso3="KEN"), username="kofi")
    sample = write_rows(hand_rows(), tmp_path / "envois.csv")
    sign_in("kofi", PASSWORD)
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    page.goto("/shipments/kpis/")
    page.set_input_files("#compute-result input[type=file]", str(sample))
    # The computation runs with the request here (jobs are eager in tests): the page may take a while.
    page.click("#compute-result button[type=submit]", no_wait_after=True)
    page.wait_for_url("**/shipments/kpis/*/", timeout=120_000)
    section = page.locator("#quarantine")
    link = section.get_by_role("link", name="Télécharger les 5 lignes refusées (CSV)")
    result = KpiResult.objects.get()
    until = timezone.localtime(result.created_at + datetime.timedelta(days=30)).date()
    assert f"Conservé jusqu'au {until.day}" in section.inner_text()
    section.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/h26/quarantine-fr.png", full_page=False)

    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 5 and {r["shipment_id"] for r in rows} == {"DUP", "Q1", "Q4", "Q5"}
    assert all(r["reason"] for r in rows)

    later = timezone.now() + datetime.timedelta(days=31)
    assert quarantine_files_delete(later) == 1
    page.reload()
    text = page.locator("#quarantine").inner_text()
    assert "a été supprimé le" in text and "ses 30 jours de conservation" in text
    assert page.locator("#quarantine a").count() == 0
    page.locator("#quarantine").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/h26/quarantine-deleted-fr.png", full_page=False)
