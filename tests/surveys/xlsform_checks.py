"""How tests compare two XLSForms: by pyxform's own JSON of each, as the issue asks."""

from __future__ import annotations

from typing import Any

from clearway.surveys.xlsform.reading import xlsform_pyxform_json


def pyxform_json(data: bytes, filename: str) -> dict[str, Any]:
    return xlsform_pyxform_json(data, filename=filename)
