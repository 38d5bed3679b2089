"""Every CSV and XLSX export is written through one path: formula-like text kept as text, control characters
removed, and a format the export does not offer refused."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from clearway.core.audit import audit_record
from clearway.core.exports import rows_to_csv, sheets_to_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_csv_cell_starting_like_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    content = rows_to_csv(["Answer"], [[text]]).decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(content, newline="")))[1:]
    assert row == ["'" + text]


def test_numbers_and_plain_text_are_written_as_they_are_in_csv() -> None:
    content = rows_to_csv(["A", "B", "C"], [[-5, 2.5, "Kenya - Nairobi"]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content)))[1] == ["-5", "2.5", "Kenya - Nairobi"]


def test_a_control_character_is_removed_from_csv_and_xlsx() -> None:
    assert "\x1b" not in rows_to_csv(["A"], [["esc\x1bape"]]).decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(sheets_to_xlsx({"S\x1b": (["A\x07"], [["esc\x1bape"]])}, notes=["n\x1b"]))
    )
    assert book["S"]["A1"].value == "A"
    assert book["S"]["A2"].value == "escape"


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_an_xlsx_cell_starting_like_a_formula_is_stored_as_text(text: str) -> None:
    book = load_workbook(io.BytesIO(sheets_to_xlsx({"S": (["Answer"], [[text], [-5]])})))
    cell = book["S"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert book["S"]["A3"].value == -5


def test_the_audit_export_keeps_a_hostile_token_name_as_text(
    client_for: Any, secretariat: Any, member_a: Any
) -> None:
    audit_record(
        actor=secretariat,
        action="members.reference.deactivate",
        instance=member_a,
        reason="=cmd|' /C calc'!A0\x1b",
    )
    response = client_for(secretariat).get("/audit/export/xlsx/?action=members.reference.deactivate")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["audit"]
    reasons = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=cmd|' /C calc'!A0" in reasons
    csv_text = client_for(secretariat).get("/audit/export/csv/").content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text


def test_the_audit_export_refuses_a_format_it_does_not_offer(client_for: Any, secretariat: Any) -> None:
    response = client_for(secretariat).get("/audit/export/html/")
    assert response.status_code == 404
    assert "Content-Disposition" not in response
