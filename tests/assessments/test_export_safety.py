"""The cycle export: a Member's comment cannot become a formula nor break the file; an unknown format is refused."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from clearway.assessments.selectors import indicator_list
from clearway.assessments.services import answer_save
from tests.assessments.conftest import answer_values

HOSTILE = '=HYPERLINK("http://evil.example","Kenya\x1b")'


def test_a_hostile_comment_is_exported_as_plain_text(
    cycle: Any, assessment_a: Any, focal_a: Any, client_for: Any
) -> None:
    indicator = indicator_list(catalogue=cycle.catalogue)[0]
    answer_save(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code=indicator.code,
        base_version=0,
        comment=HOSTILE,
        **answer_values(indicator),
    )
    response = client_for(focal_a).get(f"/assessments/cycles/{cycle.pk}/export.xlsx")
    assert response.status_code == 200
    answers = load_workbook(io.BytesIO(response.content))["Answers"]
    comments = [row[-1] for row in answers.iter_rows(min_row=2)]
    (cell,) = [c for c in comments if c.value]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","Kenya")', "s")


def test_the_cycle_export_refuses_a_format_it_does_not_offer(
    cycle: Any, focal_a: Any, client_for: Any
) -> None:
    response = client_for(focal_a).get(f"/assessments/cycles/{cycle.pk}/export.html")
    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert client_for(focal_a).get(f"/assessments/cycles/{cycle.pk}/export.csv").status_code == 200
