"""A cycle opened with an English name reads in French on a French reader's pages, documents and exports."""

from __future__ import annotations

import io
from typing import Any

from tests.conftest import PASSWORD

ENGLISH = "Cycle 2027 (illustrative)"
FRENCH = "Cycle 2027 (données d'illustration)"


def test_morocco_reads_its_cycle_and_its_own_name_in_french(page: Any, sign_in: Any, make_user: Any) -> None:
    from openpyxl import load_workbook

    from clearway.assessments.models import AssessmentCycle
    from clearway.members.models import Member

    morocco = Member.objects.get(iso3="MAR")
    make_user("secretariat_staff", username="sec")
    make_user("member_focal_point", member=morocco, username="amina")

    # The secretariat opens the cycle in French, naming it in English only.
    sign_in("sec", PASSWORD)
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    page.goto("/assessments/cycles/new/")
    page.fill("input[name=name]", ENGLISH)
    page.fill("input[name=opens_on]", "2027-01-01")
    page.fill("input[name=closes_on]", "2027-12-31")
    page.select_option("select[name=members]", ["MAR"])
    page.screenshot(path="/tmp/h26/cycle-form-fr.png", full_page=True)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("h1", state="attached")
    assert page.locator("h1").inner_text() == FRENCH
    cycle = AssessmentCycle.objects.get(name_en=ENGLISH)
    assert cycle.name_fr == FRENCH
    page.context.clear_cookies()

    sign_in("amina", PASSWORD)
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assessment = cycle.assessments.get()
    for url in ("/assessments/", f"/assessments/{assessment.pk}/", "/members/MAR/", "/"):
        page.goto(url)
        text = page.locator("main").inner_text()
        assert FRENCH in text, url
        assert "(illustrative)" not in text, url
        if url != "/members/MAR/":  # the Member's page also gives its English name, as such
            assert "Morocco" not in text, url
    page.goto(f"/assessments/{assessment.pk}/")
    assert page.locator("h1").inner_text().startswith("Maroc")
    page.screenshot(path="/tmp/h26/cycle-name-fr.png", full_page=True)

    # The cycle's export, downloaded from the French page, names the cycle in French too.
    response = page.request.get(f"/assessments/cycles/{cycle.pk}/export.xlsx")
    assert response.ok
    cells = [str(c) for ws in load_workbook(io.BytesIO(response.body())) for row in ws.values for c in row]
    assert any(FRENCH in c for c in cells) and not any(ENGLISH in c for c in cells)
