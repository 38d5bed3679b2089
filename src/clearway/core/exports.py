"""Tabular exports users open in Excel: XLSX (typed cells, frozen header, widths) and CSV (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Row = Sequence[Any]


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
    """One sheet per entry (name -> (headers, rows)); `notes` go to a first 'About' sheet when given."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if notes:
        first.title = "About"
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
