"""Tabular exports users open in Excel: XLSX (typed cells, frozen header, widths) and CSV (UTF-8 with BOM).

The one path for every CSV and XLSX export: an app supplies a `TabularExport` (its formats and, per format, its
sheets); `core` validates the format, writes the file and the response. Every text cell is written defused: no
character XML cannot hold, and a text a spreadsheet would read as a formula (`= + - @`, tab, CR) kept as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from clearway.core.audit_labels import audit_action_label, audit_actor_label, audit_object_type_label
from clearway.core.exceptions import NotFound
from clearway.core.text_safety import text_formula_neutralise, text_is_formula_like, text_xml_safe

Row = Sequence[Any]
Table = tuple[Sequence[str], Iterable[Row]]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIT_COLUMNS = (
    "at",
    "actor",
    "action",
    "action_label",
    "object_type",
    "object_type_label",
    "object_id",
    "object_label",
    "member_iso3",
    "before",
    "after",
    "reason",
)


@dataclass(frozen=True)
class Sheets:
    """What an export holds: named tables (CSV writes the first) and, in XLSX, notes on a first 'About' sheet."""

    tables: dict[str, Table]
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class TabularFormat:
    key: str
    content_type: str
    write: Callable[[Sheets], bytes]


@dataclass(frozen=True)
class TabularExport:
    """An app's export: a file name (without extension), the formats it offers, its sheets for a format and the
    language the file is written in (the 'About' sheet's name), the active one when None."""

    filename: str
    sheets: Callable[[str], Sheets]
    formats: Sequence[str] = field(default=("csv", "xlsx"))
    language: str | None = None


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    return text_formula_neutralise(text_xml_safe(value)) if isinstance(value, str) else value


def rows_to_csv(headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    # The BOM makes Excel read UTF-8 (accents in French names) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheets_to_xlsx(
    sheets: dict[str, tuple[Sequence[str], Iterable[Row]]], *, notes: Sequence[str] = ()
) -> bytes:
    """One sheet per entry (name -> (headers, rows)); `notes` go to a first 'About' sheet when given, named in
    the active language."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if notes:
        first.title = _sheet_title(pgettext("spreadsheet sheet", "About"))
        for line in notes:
            first.append([_xlsx_cell(first, str(line))])
    else:
        workbook.remove(first)
    for name, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name))
        sheet.append([_xlsx_cell(sheet, str(h)) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [_cell(v) for v in row]
            sheet.append([_xlsx_cell(sheet, v) for v in values])
            widths = [
                max(w, min(len(str(v)) if v is not None else 0, 60))
                for w, v in zip(widths, values, strict=False)
            ]
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Worksheet, value: Any) -> Any:
    """A text cell stays text: openpyxl would store '=...' as a formula; the quote prefix keeps Excel from
    turning any formula-like text into one when the cell is edited."""
    if not isinstance(value, str):
        return value
    value = text_xml_safe(value)
    if not text_is_formula_like(value):
        return value
    cell = Cell(sheet, value=None)
    cell.value, cell.data_type = value, "s"
    cell.quotePrefix = True
    return cell


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value if hasattr(value, "isoformat") else str(value)


def _sheet_title(name: str) -> str:
    cleaned = "".join(c for c in text_xml_safe(str(name)) if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"


def _write_csv(sheets: Sheets) -> bytes:
    headers, rows = next(iter(sheets.tables.values()))
    return rows_to_csv(headers, rows)


def _write_xlsx(sheets: Sheets) -> bytes:
    return sheets_to_xlsx(sheets.tables, notes=sheets.notes)


FORMATS: dict[str, TabularFormat] = {
    "csv": TabularFormat("csv", "text/csv; charset=utf-8", _write_csv),
    "xlsx": TabularFormat("xlsx", XLSX_CONTENT_TYPE, _write_xlsx),
}


def tabular_format_get(*, export: TabularExport, fmt: str) -> TabularFormat:
    """The format asked for, if the export offers it: anything else is refused, never served as another format."""
    if fmt not in export.formats or fmt not in FORMATS:
        raise NotFound()
    return FORMATS[fmt]


def tabular_render(*, export: TabularExport, fmt: str) -> tuple[bytes, TabularFormat]:
    tabular = tabular_format_get(export=export, fmt=fmt)
    with translation.override(export.language or translation.get_language()):
        return tabular.write(export.sheets(fmt)), tabular


def tabular_response(*, export: TabularExport, fmt: str) -> HttpResponse:
    """The file as a download, named from the export's file name (letters, digits, '.', '_' and '-' only)."""
    content, tabular = tabular_render(export=export, fmt=fmt)
    response = HttpResponse(content, content_type=tabular.content_type)
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", export.filename) or "export"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{tabular.key}"'
    return response


def audit_events_export(*, events: QuerySet[Any]) -> TabularExport:
    """Audit events as CSV or XLSX: times in the server's time zone, values as JSON."""

    def as_json(value: Any) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    rows = (
        (
            timezone.localtime(e.at).replace(tzinfo=None),
            audit_actor_label(e.actor_label),
            e.action,
            audit_action_label(e.action),
            e.object_type,
            audit_object_type_label(e.object_type),
            e.object_id,
            e.object_label,
            e.member_iso3,
            as_json(e.before),
            as_json(e.after),
            e.reason,
        )
        for e in events.iterator()
    )
    return TabularExport(
        filename="clearway-audit", sheets=lambda fmt: Sheets({"audit": (AUDIT_COLUMNS, rows)})
    )
