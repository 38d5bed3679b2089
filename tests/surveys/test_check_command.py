"""`clearway surveys check FILE...`: every problem of every file, exit status 0 or 2, JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.surveys import forms

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_form_that_imports_exits_0_and_lists_what_is_not_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(
        tmp_path,
        "good.xlsx",
        forms.build_xlsform(
            [
                {"type": "text", "name": "t", "label": "T"},
                {"type": "calculate", "name": "p", "calculation": "pulldata('f', 'a', 'b', ${t})"},
            ]
        ),
    )
    call_command("surveys_check", str(good))
    out = capsys.readouterr().out
    assert f"{good}: imports (2 questions)." in out
    assert "row 3, column “calculation”" in out and "pulldata() is not evaluated" in out


def test_a_refused_form_exits_2_with_every_problem_and_json_for_scripts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(
        tmp_path,
        "bad.xlsx",
        forms.build_xlsform(
            [{"type": "selfie", "name": "s", "label": "S"}, {"type": "hologram", "name": "h", "label": "H"}]
        ),
    )
    good = _write(tmp_path, "good.xlsx", forms.single_language_form())
    with pytest.raises(SystemExit) as exit_info:
        call_command("surveys_check", str(good), str(bad), "--json")
    assert exit_info.value.code == 2
    report = json.loads(capsys.readouterr().out)
    assert [f["imports"] for f in report["files"]] == [True, False]
    problems = report["files"][1]["problems"]
    assert [(p["sheet"], p["row"], p["column"], p["value"]) for p in problems] == [
        ("survey", 2, "type", "selfie"),
        ("survey", 3, "type", "hologram"),
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus of XLSForms is not on this machine")
def test_a_workbook_pyxform_refuses_is_refused_with_pyxforms_reason_located(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        call_command("surveys_check", str(CORPUS / "tests_bug_example_xls_calculate_without_calculation.xls"))
    assert "Sheet “survey”, row 34" in capsys.readouterr().out
