"""The AEO and e-commerce questionnaire Clearway ships: a readable YAML source and the XLSForm built from it.

The workbook (`questionnaires/aeo_ecommerce.xlsx`) is the artefact the surveys app imports, exactly as a
KoboToolbox or ODK user would upload it; the YAML beside it is what people review and edit.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"
SOURCE_YAML = QUESTIONNAIRE_DIR / "aeo_ecommerce.yaml"
WORKBOOK_XLSX = QUESTIONNAIRE_DIR / "aeo_ecommerce.xlsx"
QUESTIONNAIRE_CODE = "aeo-ecommerce"

LANGUAGES = (("en", "English (en)"), ("fr", "French (fr)"))
TRANSLATED = ("label", "hint", "constraint_message")
SURVEY_PLAIN = ("required", "relevant", "constraint", "appearance")
SETTINGS_COLUMNS = ("form_title", "form_title::French (fr)", "form_id", "version", "default_language")

Sheets = dict[str, list[list[Any]]]


def _translated_headers(column: str) -> list[str]:
    return [f"{column}::{language}" for _code, language in LANGUAGES]


def questionnaire_sheets(*, source: Path = SOURCE_YAML) -> Sheets:
    """The three XLSForm sheets (survey, choices, settings) as rows of cell values, built from the YAML."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    survey_headers = ["type", "name"]
    for column in TRANSLATED:
        survey_headers += _translated_headers(column)
    survey_headers += list(SURVEY_PLAIN)
    survey = [survey_headers]
    for row in data["survey"]:
        cells: list[Any] = [row["type"], row.get("name", "")]
        for column in TRANSLATED:
            texts = row.get(column) or {}
            cells += [texts.get(code, "") for code, _language in LANGUAGES]
        cells += [row.get(column, "") for column in SURVEY_PLAIN]
        survey.append(cells)
    choices = [["list_name", "name", *_translated_headers("label")]]
    for list_name, options in data["choices"].items():
        for option in options:
            choices.append([list_name, option["name"], *(option["label"][code] for code, _l in LANGUAGES)])
    settings = [list(SETTINGS_COLUMNS), [data["settings"][c] for c in SETTINGS_COLUMNS]]
    return {"survey": survey, "choices": choices, "settings": settings}


def questionnaire_workbook_build(*, source: Path = SOURCE_YAML) -> bytes:
    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for title, rows in questionnaire_sheets(source=source).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([value if value != "" else None for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_sheets_read(*, content: bytes) -> Sheets:
    """The cell values of an XLSForm workbook, blanks as "", to compare with `questionnaire_sheets`."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheets: Sheets = {}
    for sheet in workbook.worksheets:
        sheets[sheet.title] = [
            ["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)
        ]
    return sheets
