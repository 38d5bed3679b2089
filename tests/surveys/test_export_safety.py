"""Response exports: an answer with a control character or a formula is exported as the text it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from openpyxl import load_workbook

from clearway.surveys.models import Survey
from tests.surveys.conftest import ANSWERS, answer

HOSTILE = '=HYPERLINK("http://evil.example","Kenya")\x1b'


def _survey_with_hostile_answer(make_survey: Callable[..., Survey], secretariat: Any) -> Survey:
    survey = make_survey()
    answer(survey, "KEN", {**ANSWERS["KEN"], "experience": HOSTILE}, actor=secretariat)
    return survey


def test_an_answer_with_a_control_character_and_a_formula_exports_as_text(
    make_survey: Callable[..., Survey], secretariat: Any, client_for: Any
) -> None:
    survey = _survey_with_hostile_answer(make_survey, secretariat)
    client = client_for(secretariat)
    response = client.get(f"/surveys/{survey.pk}/export/?format=xlsx&lang=en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Responses"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Experience [experience]") + 1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","Kenya")', "s")
    text = client.get(f"/surveys/{survey.pk}/export/?format=csv&lang=en").content.decode("utf-8-sig")
    row = dict(zip(*list(csv.reader(io.StringIO(text)))[:2], strict=True))
    assert row["Experience [experience]"] == '\'=HYPERLINK("http://evil.example","Kenya")'


def test_the_response_export_refuses_an_unknown_format(
    make_survey: Callable[..., Survey], secretariat: Any, client_for: Any
) -> None:
    survey = make_survey()
    response = client_for(secretariat).get(f"/surveys/{survey.pk}/export/?format=xlsx%0d%0aX-Evil:1")
    assert response.status_code == 404
    assert "X-Evil" not in response
