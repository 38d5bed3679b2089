"""How tests compare two XLSForms: by pyxform's own JSON of each, as the issue asks."""

from __future__ import annotations

from typing import Any

from pyxform.xls2json import workbook_to_json

from clearway.surveys.xlsform.reading import FORM_NAME, _workbook


def pyxform_json(data: bytes, filename: str) -> dict[str, Any]:
    """pyxform's JSON of a workbook; the form's name fixed, so only what the workbook says is compared."""
    workbook = _workbook(data, filename)
    return workbook_to_json(
        workbook_dict=workbook,
        form_name=FORM_NAME,
        fallback_form_name=workbook.fallback_form_name,
        warnings=[],
    )
