"""Read an XLSForm with pyxform, the reference implementation, and keep every sheet as pyxform read it.

The sheets (`source`) are what Clearway exports back, so columns it does not use survive a round trip; the
nodes built from pyxform's JSON are what Clearway answers. Every problem is collected and located (sheet, row,
column, value); pyxform's own error, when it refuses a form, is located the same way.
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.etree import ElementTree

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import Definition, DefinitionData, SupportedFileTypes, definition_to_dict

from clearway.core.text_safety import text_error_detail
from clearway.core.uploads import zip_unpacked_check
from clearway.surveys.definition import SCHEMA
from clearway.surveys.xlsform.building import NodeBuilder, question_kind
from clearway.surveys.xlsform.languages import language_key
from clearway.surveys.xlsform.problems import NOTE, Problem, XLSFormRefused, problem_from_pyxform

SOURCE_SHEETS = ("survey", "choices", "settings", "external_choices", "entities", "osm")
_TITLE_KEYS = ("form_title", "set_form_title", "title")
_ID_KEYS = ("form_id", "set_form_id", "id_string")
FORM_NAME = "data"


@dataclass
class XLSFormRead:
    """The definition (None when refused) and every problem found, refusals and notes."""

    definition: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.definition is None or any(p.refusing for p in self.problems)


def xlsform_to_definition(
    data: bytes, *, filename: str = "form.xlsx", attachments: Mapping[str, bytes] | None = None
) -> dict[str, Any]:
    """The definition of an XLSForm, or XLSFormRefused (a ValidationFailed) listing every located problem."""
    result = xlsform_read(data, filename=filename, attachments=attachments)
    if result.refused or result.definition is None:
        raise XLSFormRefused(result.problems)
    return result.definition


def xlsform_read(
    data: bytes, *, filename: str = "form.xlsx", attachments: Mapping[str, bytes] | None = None
) -> XLSFormRead:
    try:
        source = _source(_workbook(data, filename))
    except (PyXFormError, TypeError, ValueError) as exc:  # pyxform's readers fail in their own ways too
        return XLSFormRead(None, [problem_from_pyxform(exc, survey_headers=(), rows={}, reading=True)])
    if not any(source["survey"]["rows"]):
        return XLSFormRead(None, [Problem("no_survey", "survey")])
    stem = PurePath(filename).stem or FORM_NAME
    problems = _type_problems(source)
    try:
        parsed = source_to_pyxform_json(source, stem=stem)
    except (
        PyXFormError,
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:  # pyxform's own failures too
        rows = {name: sheet["rows"] for name, sheet in source.items()}
        problems.append(problem_from_pyxform(exc, survey_headers=source["survey"]["headers"], rows=rows))
        return XLSFormRead(None, _unique(problems))
    _settings_complete(source, parsed)
    definition, building_problems = _definition(source, parsed, attachments or {})
    problems = _unique([*problems, *building_problems])
    definition["notes"] = [p.as_dict() for p in problems if not p.refusing]
    return XLSFormRead(None if any(p.refusing for p in problems) else definition, problems)


def source_to_pyxform_json(source: Mapping[str, Any], *, stem: str = FORM_NAME) -> dict[str, Any]:
    """pyxform's JSON of kept sheets, after pyxform has also written the XForm (where it checks `${}` names).

    A translated title (`form_title::French (fr)`, which Clearway reads) is kept out of pyxform's sight: pyxform
    has no translated titles and fails on one."""
    sheets = copy.deepcopy(dict(source))
    if "settings" in sheets:
        settings = sheets["settings"]
        settings["headers"] = [h for h in settings["headers"] if not _translated_title(h)]
        settings["rows"] = [
            {k: v for k, v in r.items() if not _translated_title(k)} for r in settings["rows"]
        ]
    workbook = DefinitionData(
        fallback_form_name=stem,
        sheet_names=[name for name in SOURCE_SHEETS if name in source],
        **{
            key: value
            for name, sheet in sheets.items()
            for key, value in ((name, sheet["rows"]), (f"{name}_header", [dict.fromkeys(sheet["headers"])]))
        },
    )
    warnings: list[str] = []
    parsed = workbook_to_json(
        workbook_dict=workbook, form_name=FORM_NAME, fallback_form_name=stem, warnings=warnings
    )
    create_survey_element_from_dict(copy.deepcopy(parsed)).to_xml(validate=False, warnings=warnings)
    return parsed


def xlsform_pyxform_json(data: bytes, *, filename: str) -> dict[str, Any]:
    """pyxform's JSON of a file as pyxform reads it (the form named `data`): how two XLSForms are compared."""
    workbook = _workbook(data, filename)
    return workbook_to_json(
        workbook_dict=workbook,
        form_name=FORM_NAME,
        fallback_form_name=workbook.fallback_form_name,
        warnings=[],
    )


def _translated_title(header: str) -> bool:
    return "::" in header and header.split("::", 1)[0].strip().lower() in _TITLE_KEYS


def _workbook(data: bytes, filename: str) -> DefinitionData:
    suffix = PurePath(filename).suffix.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        file_type: SupportedFileTypes | None = SupportedFileTypes.xls
    elif data[:2] == b"PK":
        zip_unpacked_check(stream=io.BytesIO(data), name=PurePath(filename).name)
        file_type = SupportedFileTypes.xlsx
    else:
        file_type = SupportedFileTypes(suffix) if suffix in (".md", ".csv") else None
    stem = PurePath(filename).stem or FORM_NAME
    definition = Definition(data=io.BytesIO(data), file_type=file_type, file_path_stem=stem)
    return definition_to_dict(definition, file_type=file_type.value if file_type else None)


def _source(workbook: DefinitionData) -> dict[str, Any]:
    source: dict[str, Any] = {}
    for name in SOURCE_SHEETS:
        rows = getattr(workbook, name, None)
        if rows is None:
            continue
        header_rows = getattr(workbook, f"{name}_header", None) or [{}]
        headers = [str(h) for h in header_rows[0] if str(h or "").strip()]
        if not headers and not any(rows):
            continue
        source[name] = {
            "headers": headers,
            "rows": [{str(k): str(v) for k, v in row.items()} for row in rows],
        }
    source.setdefault("survey", {"headers": [], "rows": []})
    return source


def _settings_complete(source: dict[str, Any], parsed: Mapping[str, Any]) -> None:
    """Write the title and form id pyxform took from the file name into the settings, so an export (whatever
    its file name) gives the same form."""
    settings = source.setdefault("settings", {"headers": [], "rows": [{}]})
    if not settings["rows"]:
        settings["rows"].append({})
    row = settings["rows"][0]
    present = {str(k).strip().lower() for k, v in row.items() if v not in (None, "")}
    for keys, value in ((_TITLE_KEYS, parsed.get("title")), (_ID_KEYS, parsed.get("id_string"))):
        if not present & set(keys) and value:
            settings["headers"].append(keys[0])
            row[keys[0]] = str(value)


def _type_problems(source: Mapping[str, Any]) -> list[Problem]:
    """Unsupported question types, from the sheet itself: reported even when pyxform stops at another error."""
    problems = []
    headers = source["survey"]["headers"]
    type_column = next((h for h in headers if h.strip().lower() == "type"), "type")
    for number, row in enumerate(source["survey"]["rows"], start=2):
        raw = str(row.get(type_column, "") or "").strip()
        if not raw:
            continue
        head = " ".join(raw.split()).lower()
        if head.startswith(("begin", "end", "select")) or head in ("repeat", "group"):
            continue
        if question_kind(head)[0] or question_kind(raw)[0] or question_kind(head.split()[0])[0]:
            continue
        if head.replace("_", " ") in {"begin group", "end group"}:
            continue
        problems.append(Problem("type_unsupported", "survey", number, type_column, raw, params={"type": raw}))
    return problems


def _definition(
    source: Mapping[str, Any], parsed: Mapping[str, Any], attachments: Mapping[str, bytes]
) -> tuple[dict[str, Any], list[Problem]]:
    settings = source["settings"]["rows"][0] if source.get("settings", {}).get("rows") else {}
    default_name = str(parsed.get("default_language") or "default")
    default_lang = language_key(default_name, default="en")
    builder = NodeBuilder(
        survey_rows=source["survey"]["rows"],
        default_lang=default_lang,
        choice_lists=parsed.get("choices") or {},
        external_rows=(source.get("external_choices") or {}).get("rows", []),
    )
    children = builder.nodes(list(parsed.get("children", [])))
    choice_lists = {
        name: [_choice(builder, c) for c in items]
        for name, items in sorted((parsed.get("choices") or {}).items())
    }
    for row in (source.get("external_choices") or {}).get("rows", []):
        if row.get("list_name") and row.get("name"):
            choice_lists.setdefault(f"external:{row['list_name']}", []).append(_external_choice(builder, row))
    problems = list(builder.problems)
    for name in sorted(builder.files):
        row, cell = next(
            (
                (n, str(r["type"]))
                for n, r in enumerate(source["survey"]["rows"], 2)
                if name in str(r.get("type", ""))
            ),
            (0, name),
        )
        choices, problem = _file_choices(name, attachments.get(name), builder, row, cell)
        if problem:
            problems.append(problem)
        choice_lists[name] = choices
    title = builder.texts(
        {
            k.split("::", 1)[1]: v
            for k, v in settings.items()
            if k.lower().startswith(("form_title::", "title::"))
        }
    )
    title.setdefault(default_lang, str(parsed.get("title") or ""))
    if default_lang not in builder.languages:
        builder.languages[default_lang] = default_name if default_name != "default" else default_lang
    definition: dict[str, Any] = {
        "schema": SCHEMA,
        "form_id": str(parsed.get("id_string") or ""),
        "form_version": str(parsed.get("version") or ""),
        "title": {k: v for k, v in sorted(title.items()) if v},
        "default_language": default_lang,
        "languages": sorted(builder.languages),
        "language_names": dict(sorted(builder.languages.items())),
        "choice_lists": choice_lists,
        "children": children,
        "settings": {k: v for k, v in parsed.items() if k not in ("children", "choices", "type", "name")},
        "source": source,
    }
    return definition, problems


def _choice(builder: NodeBuilder, item: Mapping[str, Any]) -> dict[str, Any]:
    choice: dict[str, Any] = {"name": str(item["name"]), "label": builder.texts(item.get("label"))}
    raw_media = item.get("media") or {}
    media = {
        str(k): builder.texts(v)
        for k, v in (raw_media if isinstance(raw_media, Mapping) else {"": raw_media}).items()
    }
    if media:
        choice["media"] = media
    extra = {str(k): str(v) for k, v in item.items() if k not in ("name", "label", "media")}
    if extra:
        choice["columns"] = extra
    return choice


def _external_choice(builder: NodeBuilder, row: Mapping[str, Any]) -> dict[str, Any]:
    labels = {
        k.split("::", 1)[1] if "::" in k else "default": v
        for k, v in row.items()
        if k.lower().startswith("label")
    }
    extra = {
        k: v for k, v in row.items() if k not in ("list_name", "name") and not k.lower().startswith("label")
    }
    choice: dict[str, Any] = {"name": str(row["name"]), "label": builder.texts(labels)}
    if extra:
        choice["columns"] = extra
    return choice


def _file_choices(
    name: str, data: bytes | None, builder: NodeBuilder, row: int, cell: str
) -> tuple[list[dict[str, Any]], Problem | None]:
    """Choices of select_one_from_file: a CSV with name and label columns, or XML items with name and label."""
    if data is None:
        return [], Problem("file_missing", "survey", row, "type", cell, NOTE, {"file": name})
    try:
        if name.lower().endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        else:
            rows = [
                {child.tag: (child.text or "") for child in item}
                for item in ElementTree.fromstring(data).iter("item")
            ]
    except (UnicodeDecodeError, csv.Error, ElementTree.ParseError) as exc:
        return [], Problem(
            "file_unreadable",
            "survey",
            row,
            "type",
            cell,
            params={"file": name, "error": text_error_detail(exc)},
        )
    if rows and "name" not in rows[0]:
        return [], Problem(
            "file_unreadable", "survey", row, "type", cell, params={"file": name, "error": "no “name” column"}
        )
    return [
        _external_choice(builder, {k: v for k, v in r.items() if k and v}) for r in rows if r.get("name")
    ], None


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once, refusals first, in sheet order; pyxform's refusal of a cell Clearway has already refused
    is not repeated."""
    problems = sorted(problems, key=lambda p: (not p.refusing, p.sheet != "survey", p.sheet, p.row or 10**9))
    seen: set[tuple[Any, ...]] = set()
    refused_cells = {(p.sheet, p.row, p.column) for p in problems if p.refusing and p.code != "pyxform"}
    kept = []
    for problem in problems:
        key = (problem.code, problem.sheet, problem.row, problem.column, problem.value)
        if (
            problem.code == "pyxform"
            and problem.row
            and (problem.sheet, problem.row, problem.column) in refused_cells
        ):
            continue
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept
