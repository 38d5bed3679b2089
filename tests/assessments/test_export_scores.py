"""The cycle export's Scores sheet names each standard and counts the evidence files each reader may see."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from clearway.assessments import services
from clearway.assessments.models import Indicator


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% evidence\n", content_type="application/pdf")


def test_the_scores_sheet_names_the_standards_and_counts_the_evidence(
    cycle: Any,
    assessment_a: Any,
    focal_a: Any,
    focal_b: Any,
    secretariat: Any,
    answer_all: Any,
    client_for: Any,
) -> None:
    answer_all(assessment_a, focal_a)
    indicators = Indicator.objects.filter(standard__edition=cycle.catalogue.edition)
    public = indicators.filter(disclosure="public").order_by("code").first()
    private = indicators.filter(disclosure="secretariat").order_by("code").first()
    assert public and private
    services.evidence_upload(
        actor=focal_a, assessment=assessment_a, indicator_code=public.code, upload=_pdf("law.pdf")
    )
    services.evidence_upload(
        actor=focal_a, assessment=assessment_a, indicator_code=private.code, upload=_pdf("x.pdf")
    )
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")

    def scores(user: Any) -> tuple[list[Any], dict[str, Any]]:
        book = load_workbook(
            io.BytesIO(client_for(user).get(f"/assessments/cycles/{cycle.pk}/export.xlsx").content)
        )
        rows = list(book["Scores"].iter_rows(values_only=True))
        return list(rows[0]), {row[1]: row for row in rows[1:]}

    headers, by_member = scores(secretariat)
    assert headers[6].startswith("1. ") and not any(str(h).startswith("Standard ") for h in headers)
    assert headers[-1] == "Evidence files"
    assert by_member["KEN"][-1] == 2 and by_member["UGA"][-1] == 0
    _headers, seen_by_uganda = scores(focal_b)
    assert (
        seen_by_uganda["KEN"][-1] == 1
    )  # the file of a secretariat-only indicator is not counted for others
