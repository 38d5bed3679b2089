"""Tabular exports users open in Excel: XLSX (typed cells, frozen header, widths) and CSV (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from clearway.core.audit_labels import audit_action_label, audit_actor_label, audit_object_type_label

Row = Sequence[Any]

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


def rows_to_csv(headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
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
            first.append([str(line)])
    else:
        workbook.remove(first)
    for name, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name))
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [_cell(v) for v in row]
            sheet.append(values)
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


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value if hasattr(value, "isoformat") else str(value)


def _sheet_title(name: str) -> str:
    cleaned = "".join(c for c in str(name) if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"


def audit_events_export(*, events: QuerySet[Any], fmt: str) -> tuple[bytes, str]:
    """Audit events as CSV or XLSX (content, content type): times in the server's time zone, values as JSON."""

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
    if fmt == "csv":
        return rows_to_csv(AUDIT_COLUMNS, rows), "text/csv; charset=utf-8"
    return sheets_to_xlsx({"audit": (AUDIT_COLUMNS, rows)}), XLSX_CONTENT_TYPE
