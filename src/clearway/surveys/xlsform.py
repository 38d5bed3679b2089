"""XLSForm in and out: pyxform parses and validates a workbook; we keep a normalised definition (see `definition`).

Forms built in KoboToolbox or ODK import unchanged when they use the supported features. Anything else is refused
with a message naming the sheet and row, so a user knows exactly what to change.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from clearway.core.exceptions import ValidationFailed
from clearway.surveys import xpath
from clearway.surveys.definition import SCHEMA

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ar": "Arabic",
    "pt": "Portuguese",
    "ru": "Russian",
}
_NAME_TO_CODE = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "français": "fr",
    "francais": "fr",
}

SUPPORTED_TYPES = {"select_one", "select_multiple", "text", "integer", "decimal", "date", "note"}
STRUCTURE_TYPES = {"begin group", "end group", "begin repeat", "end repeat"}
# Filled in by ODK Collect itself; harmless here, so forms keep them but nobody answers them.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "email",
    "start-geopoint",
}
_TYPE_ALIASES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select_all_that_apply": "select_multiple",
    "select multiple": "select_multiple",
    "int": "integer",
    "string": "text",
    "begin_group": "begin group",
    "end_group": "end group",
    "begin_repeat": "begin repeat",
    "end_repeat": "end repeat",
}
TRANSLATED_COLUMNS = ("label", "hint", "constraint_message", "required_message")
PLAIN_COLUMNS = ("type", "name", "relevant", "constraint", "required", "appearance")
# Columns that tools add for their own bookkeeping and that change nothing in the form.
IGNORED_COLUMN_PREFIXES = (
    "$",
    "kobo--locking",
    "guidance_hint",
    "read_only",
    "readonly",
    "media::audio",
    "audio",
    "tags",
    "instance::",
    "bind::",
)


@dataclass
class _Row:
    sheet: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)


def _error(sheet: str, row: int, message: str) -> ValidationFailed:
    text = _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {"sheet": sheet, "row": row, "message": message}
    return ValidationFailed(text, field_errors={"file": [text]})


def _language_code(key: str, default: str) -> str:
    if key in ("default", ""):
        return default
    match = re.search(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$", key)
    if match:
        return match.group(1).lower()
    lowered = key.strip().lower()
    if len(lowered) in (2, 3) and lowered.isalpha():
        return lowered
    return _NAME_TO_CODE.get(lowered, lowered)


def _sheet_rows(workbook: Any, sheet_name: str) -> tuple[list[str], list[_Row]]:
    sheet = next((ws for ws in workbook.worksheets if ws.title.strip().lower() == sheet_name), None)
    if sheet is None:
        return [], []
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return [], []
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    found = []
    for number, raw in enumerate(rows[1:], start=2):
        values = {h: v for h, v in zip(headers, raw, strict=False) if h and v not in (None, "")}
        if values:
            found.append(_Row(sheet.title, number, values))
    return headers, found


def _column_base(header: str) -> str:
    return header.split("::", 1)[0].strip().lower()


def _scan_survey(headers: list[str], rows: list[_Row]) -> dict[str, int]:
    """Refuse unsupported types and columns, row by row; return the row number of each named element."""
    rows_by_name: dict[str, int] = {}
    for row in rows:
        for header, value in row.values.items():
            base = _column_base(header)
            if (
                base in TRANSLATED_COLUMNS
                or base in PLAIN_COLUMNS
                or base == "label"
                or not str(value).strip()
            ):
                continue
            if any(header.lower().startswith(p) for p in IGNORED_COLUMN_PREFIXES):
                continue
            raise _error(
                row.sheet,
                row.number,
                _("the column “%(column)s” is not supported (value “%(value)s”).")
                % {"column": header, "value": str(value)[:40]},
            )
        kind = _normalised_type(str(row.values.get("type", "")))
        head = kind.split(" ")[0] if kind.startswith(("select_one", "select_multiple")) else kind
        if head in SUPPORTED_TYPES or kind in STRUCTURE_TYPES or kind in METADATA_TYPES:
            if head.startswith("select") and len(kind.split()) > 2 and kind.split()[2] != "or_other":
                raise _error(row.sheet, row.number, _("“%(type)s” is not supported.") % {"type": kind})
            name = str(row.values.get("name", "")).strip()
            if name:
                rows_by_name[name] = row.number
            continue
        if not kind:
            raise _error(row.sheet, row.number, _("the type is empty."))
        raise _error(
            row.sheet,
            row.number,
            _(
                "the question type “%(type)s” is not supported. Supported: "
                "select_one, select_multiple, text, integer, decimal, date, note, groups and repeat groups."
            )
            % {"type": kind},
        )
    return rows_by_name


def _check_expressions(rows: list[_Row], *, known: set[str]) -> None:
    """Every relevant and constraint parses in our XPath subset and names only questions of the form."""
    for row in rows:
        for column in ("relevant", "constraint"):
            expression = str(row.values.get(column, "") or "").strip()
            if not expression:
                continue
            try:
                missing = xpath.references(expression) - known
            except xpath.XPathError as exc:
                raise _error(row.sheet, row.number, f"{column}: {exc}") from exc
            if missing:
                raise _error(
                    row.sheet,
                    row.number,
                    _("%(column)s refers to unknown questions: %(names)s.")
                    % {"column": column, "names": ", ".join(sorted(missing))},
                )


def _normalised_type(raw: str) -> str:
    kind = " ".join(raw.strip().split())
    lowered = kind.lower()
    for alias, canonical in sorted(_TYPE_ALIASES.items(), key=lambda item: -len(item[0])):
        if lowered == alias or lowered.startswith(alias + " "):
            return canonical + kind[len(alias) :]
    return kind


def _settings(workbook: Any) -> dict[str, Any]:
    _headers, rows = _sheet_rows(workbook, "settings")
    return dict(rows[0].values) if rows else {}


def xlsform_to_definition(data: bytes) -> dict[str, Any]:
    """Parse an XLSForm (.xlsx bytes) into the normalised definition, or raise ValidationFailed."""
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationFailed(
            _("This file is not an .xlsx workbook (%(error)s).") % {"error": exc},
            field_errors={"file": [_("Upload an XLSForm saved as .xlsx.")]},
        ) from exc
    headers, rows = _sheet_rows(workbook, "survey")
    if not rows:
        raise ValidationFailed(
            _("The workbook has no “survey” sheet, or it is empty."),
            field_errors={"file": [_("An XLSForm needs a “survey” sheet.")]},
        )
    rows_by_name = _scan_survey(headers, rows)
    _check_expressions(rows, known=set(rows_by_name))
    settings = _settings(workbook)
    try:
        warnings: list[str] = []
        parsed = workbook_to_json(
            get_xlsform(xlsform=io.BytesIO(data), file_type=".xlsx"), form_name="data", warnings=warnings
        )
    except PyXFormError as exc:
        raise ValidationFailed(
            _("The XLSForm is not valid: %(error)s") % {"error": exc}, field_errors={"file": [str(exc)]}
        ) from exc
    default_lang = _language_code(str(settings.get("default_language", "") or "en"), "en")
    builder = _Builder(default_lang=default_lang, rows_by_name=rows_by_name)
    children = builder.nodes(parsed.get("children", []))
    choice_lists = {
        name: [{"name": str(c["name"]), "label": builder.texts(c.get("label"))} for c in items]
        for name, items in sorted((parsed.get("choices") or {}).items())
    }
    title = {
        _language_code(k.split("::", 1)[1], default_lang): str(v)
        for k, v in settings.items()
        if k.lower().startswith("form_title::")
    }
    title.setdefault(default_lang, str(settings.get("form_title") or ""))
    definition: dict[str, Any] = {
        "schema": SCHEMA,
        "form_id": str(settings.get("form_id") or parsed.get("id_string") or ""),
        "form_version": str(settings.get("version") or ""),
        "title": {k: v for k, v in sorted(title.items()) if v},
        "default_language": default_lang,
        "languages": sorted(builder.languages | {default_lang}),
        "choice_lists": choice_lists,
        "children": children,
    }
    return definition


class _Builder:
    """pyxform's JSON → our nodes, recognising the matrix idiom and checking every supported feature."""

    def __init__(self, *, default_lang: str, rows_by_name: dict[str, int]) -> None:
        self.default_lang = default_lang
        self.rows_by_name = rows_by_name
        self.languages: set[str] = set()
        self.repeat_depth = 0

    def row_of(self, name: str) -> int:
        return self.rows_by_name.get(name, 0)

    def texts(self, value: Any) -> dict[str, str]:
        if value in (None, ""):
            return {}
        if isinstance(value, str):
            self.languages.add(self.default_lang)
            return {self.default_lang: value}
        texts = {}
        for key, text in value.items():
            if text in (None, ""):
                continue
            code = _language_code(str(key), self.default_lang)
            self.languages.add(code)
            texts[code] = str(text)
        return dict(sorted(texts.items()))

    def nodes(self, children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for child in children:
            node = self.node(child)
            if node is not None:
                out.append(node)
        return out

    def node(self, item: dict[str, Any]) -> dict[str, Any] | None:
        kind = item.get("type", "")
        if kind in METADATA_TYPES or kind == "calculate" and item.get("name") == "instanceID":
            return None
        if kind == "group" and item.get("name") == "meta" and (item.get("control") or {}).get("bodyless"):
            return None
        kind = {"select one": "select_one", "select all that apply": "select_multiple"}.get(kind, kind)
        bind = item.get("bind") or {}
        control = item.get("control") or {}
        node: dict[str, Any] = {
            "type": kind,
            "name": str(item["name"]),
            "label": self.texts(item.get("label")),
        }
        hint = self.texts(item.get("hint"))
        if hint:
            node["hint"] = hint
        if bind.get("relevant"):
            # pyxform writes the `or_other` follow-up question's relevance as a path (`selected(../q, 'other')`).
            node["relevant"] = re.sub(r"\.\./([A-Za-z_][\w.\-]*)", r"${\1}", str(bind["relevant"]))
        if bind.get("constraint"):
            node["constraint"] = str(bind["constraint"])
            message = self.texts(bind.get("jr:constraintMsg"))
            if message:
                node["constraint_message"] = message
        required = str(bind.get("required", "") or "").strip().lower()
        if required in ("yes", "true", "true()", "1"):
            node["required"] = True
            message = self.texts(bind.get("jr:requiredMsg"))
            if message:
                node["required_message"] = message
        elif required not in ("", "no", "false", "false()", "0"):
            raise _error(
                "survey",
                self.row_of(node["name"]),
                _("a conditional “required” (%(expr)s) is not supported; use yes or no.")
                % {"expr": required},
            )
        if control.get("appearance"):
            node["appearance"] = str(control["appearance"])
        if kind in ("select_one", "select_multiple"):
            node["list"] = str(item.get("list_name") or item.get("itemset") or "")
            if item.get("or_other") or "other" in (item.get("parameters") or {}):
                node["or_other"] = True
        elif kind in ("group", "repeat"):
            if kind == "repeat" and self.repeat_depth:
                raise _error(
                    "survey",
                    self.row_of(node["name"]),
                    _("a repeat group inside a repeat group is not supported."),
                )
            self.repeat_depth += kind == "repeat"
            node["children"] = self.nodes(item.get("children", []))
            self.repeat_depth -= kind == "repeat"
            if kind == "repeat" and item.get("control", {}).get("jr:count"):
                raise _error("survey", self.row_of(node["name"]), _("repeat_count is not supported."))
            if kind == "group":
                return self.as_matrix(node) or node
        elif kind not in SUPPORTED_TYPES:
            raise _error(
                "survey",
                self.row_of(node["name"]),
                _("the question type “%(type)s” is not supported.") % {"type": kind},
            )
        return node

    def as_matrix(self, group: dict[str, Any]) -> dict[str, Any] | None:
        """The ODK/Kobo idiom: a field-list (or table-list) group of select_one questions sharing one list,
        the first possibly with appearance `label` (the header row), the others `list-nolabel`."""
        appearance = group.get("appearance", "")
        children = group["children"]
        if not children or not ({"field-list", "table-list"} & set(appearance.split())):
            return None
        if any(c["type"] != "select_one" for c in children) or len({c["list"] for c in children}) != 1:
            return None
        header = children[0] if children[0].get("appearance") == "label" else None
        rows = children[1:] if header else children
        row_appearances = {r.get("appearance", "") for r in rows}
        if not rows or ("table-list" not in appearance and row_appearances != {"list-nolabel"}):
            return None
        matrix: dict[str, Any] = {k: v for k, v in group.items() if k != "children"}
        matrix["type"] = "matrix"
        matrix["list"] = children[0]["list"]
        if header:
            matrix["header"] = {"name": header["name"], "label": header["label"]}
        matrix["rows"] = rows
        return matrix


# ---------------------------------------------------------------- export


def _language_header(code: str) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def definition_to_xlsform(definition: Mapping[str, Any]) -> bytes:
    """Write `definition` as an XLSForm (survey, choices, settings) that imports back to the same definition."""
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
