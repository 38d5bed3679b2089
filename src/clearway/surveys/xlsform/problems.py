"""What is wrong with an XLSForm, located by sheet, row, column and value, and said in the reader's language.

A problem is stored as a code and its parameters (never as text), so the same problem reads in English on one page
and in French on another. Refusals stop an import; notes (an expression Clearway keeps but does not evaluate, a
choices file not uploaded) are kept on the questionnaire version and shown with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed

REFUSAL = "refusal"
NOTE = "note"


def _messages() -> dict[str, Callable[[Mapping[str, Any]], str]]:
    return {
        "unreadable": lambda p: (
            _("This file is not an XLSForm that can be read (.xlsx, .xls, .csv or .md): %(error)s") % p
        ),
        "no_survey": lambda p: _("The workbook has no “survey” sheet, or it is empty."),
        "pyxform": lambda p: _("pyxform refuses the form: %(error)s") % p,
        "type_unsupported": lambda p: _("the question type “%(type)s” is not supported by Clearway.") % p,
        "expression_syntax": lambda p: (
            _("Clearway cannot read this expression (%(error)s): it is kept and exported, but not evaluated.")
            % p
        ),
        "expression_function": lambda p: (
            _(
                "%(function)s() is not evaluated by Clearway: the expression is kept and exported, but ignored "
                "when answering."
            )
            % p
        ),
        "trigger_not_evaluated": lambda p: _(
            "the trigger column is kept and exported, but Clearway recalculates every calculation at each change."
        ),
        "file_missing": lambda p: (
            _("the file “%(file)s” was not uploaded with the form: the question has no choices until it is.")
            % p
        ),
        "file_unreadable": lambda p: _("the file “%(file)s” cannot be read as choices: %(error)s") % p,
    }


@dataclass(frozen=True)
class Problem:
    """One located problem. `row` is the spreadsheet row (the header is row 1); 0 when the whole file is meant."""

    code: str
    sheet: str = ""
    row: int = 0
    column: str = ""
    value: str = ""
    severity: str = REFUSAL
    params: dict[str, str] = field(default_factory=dict)

    @property
    def refusing(self) -> bool:
        return self.severity == REFUSAL

    def message(self) -> str:
        """What is wrong, in the active language (without the location)."""
        maker = _messages().get(self.code)
        return maker(self.params) if maker else self.code

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        if self.value:
            parts.append(_("value “%(value)s”") % {"value": _shorten(self.value)})
        return ", ".join(parts)

    def text(self) -> str:
        where = self.location()
        if not where:
            return self.message()
        where = where[0].upper() + where[1:]
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message()}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def report(self) -> dict[str, Any]:
        """For scripts (`clearway surveys check --json`) and the API: the location and the message."""
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row or None,
            "column": self.column,
            "value": self.value,
            "message": self.message(),
        }


def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    return Problem(**{k: v for k, v in data.items() if k in Problem.__dataclass_fields__})


def _shorten(value: str, limit: int = 60) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class XLSFormRefused(ValidationFailed):
    """An import refused: every refusing problem found, each located, in `problems`."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = [p for p in problems if p.refusing]
        texts = [p.text() for p in self.problems]
        summary = _("This XLSForm cannot be imported: %(count)s problem(s).") % {"count": len(texts)}
        super().__init__(summary + "\n" + "\n".join(f"- {t}" for t in texts), field_errors={"file": texts})


_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
_PYXFORM_SHEET = re.compile(r"(?:On the|in the|the)\s+'(\w+)'\s+sheet", re.IGNORECASE)
_PYXFORM_QUOTED = re.compile(r"'([^']+)'")


_KNOWN_COLUMNS = (
    "name",
    "calculation",
    "type",
    "label",
    "list_name",
    "choice_filter",
    "repeat_count",
    "constraint",
)
_DUPLICATE_HEADER = re.compile(r"Duplicate column header:\s*(.+)$")


def problem_from_pyxform(
    error: Exception,
    *,
    survey_headers: Iterable[str],
    rows: Mapping[str, list[dict[str, Any]]],
    reading: bool = False,
) -> Problem:
    """A pyxform error, located: its own `[row : N]` and sheet where it gives them, else what its text quotes."""
    text = str(error).strip()
    duplicate = _DUPLICATE_HEADER.search(text)
    if duplicate:
        return Problem("pyxform", "survey", 1, duplicate.group(1).strip(), params={"error": text})
    if reading:
        return Problem("unreadable", params={"error": text})
    context = getattr(error, "context", {}) or {}
    row = int(context.get("row") or 0)
    match = _PYXFORM_ROW.search(text)
    if match and not row:
        row = int(match.group(1))
    text = _PYXFORM_ROW.sub("", text).strip()
    sheet = str(context.get("sheet") or "")
    sheet_match = _PYXFORM_SHEET.search(text)
    if not sheet and sheet_match:
        sheet = sheet_match.group(1).lower()
    if not sheet and (row or "header" in text.lower()):
        sheet = "survey"
    column = str(context.get("column") or "")
    headers = [*survey_headers, *_KNOWN_COLUMNS]
    if not column:
        quoted = [q for q in _PYXFORM_QUOTED.findall(text) if q in headers]
        words = set(re.findall(r"[\w:]+", text.lower()))
        column = quoted[0] if quoted else next((h for h in headers if h and h.lower() in words), "")
    value = ""
    sheet_rows = rows.get(sheet or "survey") or []
    if (
        not row
    ):  # "The survey element named 'a' ...", "Unknown question type 'x'": the row holding what it quotes
        for quoted in _PYXFORM_QUOTED.findall(text):
            found = next(
                (
                    (n, k)
                    for n, cells in enumerate(sheet_rows, start=2)
                    for k, v in cells.items()
                    if str(v) == quoted
                ),
                None,
            )
            if found:
                sheet, row = sheet or "survey", found[0]
                column = column or found[1]
                break
    if not row:  # "Parameter location-priority must be...": the row whose parameters set it
        words = {w for w in re.findall(r"[a-z][a-z\-]{3,}", text.lower())}
        for number, cells in enumerate(sheet_rows, start=2):
            setting = str(cells.get("parameters", "") or "").lower()
            if any(f"{w}=" in setting.replace(" =", "=") for w in words):
                sheet, row, column = sheet or "survey", number, "parameters"
                break
    if row and column and 0 <= row - 2 < len(sheet_rows):
        value = str(sheet_rows[row - 2].get(column, "") or "")
    return Problem(
        "pyxform", sheet, row, column, value, params={"error": text.splitlines()[0] if text else ""}
    )
