"""pyxform's own test workbooks (../shared/xlsforms/): those pyxform converts import, export to a workbook pyxform
reads as the same form, and re-import unchanged; those pyxform refuses are refused with a located message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from clearway.surveys.xlsform import definition_to_xlsform, xlsform_read
from tests.surveys.xlsform_checks import pyxform_json

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"
FILES = sorted(p for p in CORPUS.glob("*.xls*")) if CORPUS.is_dir() else []


def _pyxform_converts(path: Path) -> bool:
    try:
        convert(xlsform=str(path))
    except Exception:  # noqa: BLE001  (whatever pyxform raises, it refuses the form)
        return False
    return True


@pytest.mark.skipif(not FILES, reason="the shared corpus of XLSForms is not on this machine")
def test_the_corpus_is_the_57_workbooks() -> None:
    assert len(FILES) == 57


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_corpus_workbook_imports_round_trips_and_reimports_or_is_refused_with_a_location(
    path: Path,
) -> None:
    data = path.read_bytes()
    result = xlsform_read(data, filename=path.name)
    if not _pyxform_converts(path):
        assert result.refused
        refusals = [p for p in result.problems if p.refusing]
        assert refusals and all(p.row or p.column for p in refusals[:1]) or any(p.row for p in refusals)
        return
    assert not result.refused, [p.text() for p in result.problems]
    assert result.definition is not None
    exported = definition_to_xlsform(result.definition)
    assert pyxform_json(exported, "export.xlsx") == pyxform_json(data, path.name)
    again = xlsform_read(exported, filename="export.xlsx")
    assert again.definition == result.definition
