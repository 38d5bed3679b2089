"""Write a questionnaire back as an XLSForm that KoboToolbox, ODK and pyxform reopen.

A form imported by Clearway is written from the sheets it was read from (`source`), cell for cell, so columns
Clearway does not use, settings and metadata come back as they were and pyxform gives the same form. Definitions
written by hand (demo data, forms stored before the sheets were kept) are written from their nodes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook

TRANSLATED_COLUMNS = ("label", "hint", "constraint_message", "required_message")


def definition_to_xlsform(definition: Mapping[str, Any]) -> bytes:
    """The definition as an .xlsx XLSForm: its kept sheets when it has them, else built from its nodes."""
    if definition.get("source"):
        return sheets_to_xlsx(definition["source"])
    return nodes_to_xlsx(definition)


def sheets_to_xlsx(source: Mapping[str, Any]) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, sheet in source.items():
        if name != "survey" and not sheet["headers"]:
            continue
        ws = workbook.create_sheet(name)
        ws.append(list(sheet["headers"]))
        for row in sheet["rows"]:
            ws.append([row.get(h) for h in sheet["headers"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_HEADER_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ar": "Arabic",
    "pt": "Portuguese",
    "ru": "Russian",
}


def _language_header(code: str) -> str:
    return f"{_HEADER_NAMES[code]} ({code})" if code in _HEADER_NAMES else code


def nodes_to_xlsx(definition: Mapping[str, Any]) -> bytes:
    """An XLSForm (survey, choices, settings) built from the nodes of a definition."""
    languages = list(definition.get("languages") or ["en"])
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None
    survey.title = "survey"
    translated = [f"{col}::{_language_header(lang)}" for col in TRANSLATED_COLUMNS for lang in languages]
    headers = ["type", "name", *translated, "relevant", "constraint", "required", "appearance"]
    survey.append(headers)
    for row in _survey_rows(definition["children"], languages):
        survey.append([row.get(h, "") for h in headers])
    choices = workbook.create_sheet("choices")
    choice_headers = ["list_name", "name", *[f"label::{_language_header(lang)}" for lang in languages]]
    choices.append(choice_headers)
    for list_name, items in definition.get("choice_lists", {}).items():
        for item in items:
            choices.append(
                [list_name, item["name"], *[item.get("label", {}).get(lang, "") for lang in languages]]
            )
    settings = workbook.create_sheet("settings")
    title = definition.get("title", {})
    default = definition.get("default_language", "en")
    extra = [lang for lang in languages if lang != default and title.get(lang)]
    settings.append(
        [
            "form_title",
            *[f"form_title::{_language_header(lang)}" for lang in extra],
            "form_id",
            "version",
            "default_language",
        ]
    )
    settings.append(
        [
            title.get(default, ""),
            *[title[lang] for lang in extra],
            definition.get("form_id", ""),
            definition.get("form_version", ""),
            _language_header(default),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _node_row(node: Mapping[str, Any], languages: list[str], kind: str) -> dict[str, Any]:
    row: dict[str, Any] = {"type": kind, "name": node["name"]}
    for column in TRANSLATED_COLUMNS:
        for lang in languages:
            row[f"{column}::{_language_header(lang)}"] = (node.get(column) or {}).get(lang, "")
    row["relevant"] = node.get("relevant", "")
    row["constraint"] = node.get("constraint", "")
    row["required"] = "yes" if node.get("required") else ""
    row["appearance"] = node.get("appearance", "")
    return row


def _survey_rows(nodes: list[dict[str, Any]], languages: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for node in nodes:
        kind = node["type"]
        if kind in ("group", "repeat"):
            rows.append(_node_row(node, languages, f"begin {kind}"))
            rows.extend(_survey_rows(node.get("children", []), languages))
            rows.append({"type": f"end {kind}"})
        elif kind == "matrix":
            rows.append(_node_row(node, languages, "begin group"))
            if node.get("header"):
                header = {**node["header"], "appearance": "label"}
                rows.append(_node_row(header, languages, f"select_one {node['list']}"))
            for row in node["rows"]:
                rows.append(_node_row(row, languages, f"select_one {row['list']}"))
            rows.append({"type": "end group"})
        elif kind in ("select_one", "select_multiple"):
            suffix = " or_other" if node.get("or_other") else ""
            rows.append(_node_row(node, languages, f"{kind} {node['list']}{suffix}"))
        else:
            rows.append(_node_row(node, languages, kind))
    return rows
