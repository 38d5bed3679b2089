"""`clearway report ptc`: the file is written; bad input exits 2 with a message that says what to fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clearway.cli import main
from clearway.reports.models import Report
from tests.reports.conftest import docx_text, pdf_text

ARGS = [
    "report",
    "ptc",
    "--session",
    "235th/236th",
    "--from",
    "2021-09-01",
    "--to",
    "2022-03-07",
    "--document-number",
    "PC0690",
    "--date",
    "2022-03-07",
    "--previous-session",
    "233rd/234th",
]


def test_the_cli_writes_the_report_and_regenerates_it_on_a_second_run(
    seed_record: Any, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "PC0690.docx"
    assert main([*ARGS, "--lang", "en", "--format", "docx", "--out", str(out)]) == 0
    text = docx_text(out.read_bytes())
    assert "The MENA workshop was held online between 27 and 30 September 2021" in text
    assert "PC0690 (en) version 1 written to" in capsys.readouterr().out
    pdf = tmp_path / "PC0690-fr.pdf"
    assert main([*ARGS, "--lang", "fr", "--format", "pdf", "--out", str(pdf)]) == 0
    assert "L'atelier EUR s'est tenu en mode virtuel du 24 au 28 janvier 2022" in pdf_text(pdf.read_bytes())
    assert main([*ARGS, "--lang", "en", "--format", "html", "--out", str(tmp_path / "PC0690.html")]) == 0
    report = Report.objects.get(document_number="PC0690", language="en")
    assert report.versions.count() == 2  # the same definition, regenerated


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--from", "2021-13-01"], "--from: '2021-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--to", "2021-01-01"], "--to: The period must end on or after the day it starts."),
        (["--date", "7 March 2022"], "--date: '7 March 2022' is not a date"),
        (["--session", "next"], "session: Give the session numbers, e.g. 235th/236th."),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    db: Any, tmp_path: Path, capsys: Any, change: list[str], message: str
) -> None:
    args = list(ARGS)
    args[args.index(change[0]) + 1] = change[1]
    out = tmp_path / "x.docx"
    assert main([*args, "--lang", "en", "--format", "docx", "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not Report.objects.exists()


def test_an_unknown_format_or_missing_folder_is_refused(db: Any, tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it before Clearway runs
        main([*ARGS, "--format", "odt", "--out", str(tmp_path / "x.odt")])
    assert exit_info.value.code == 2
    assert "invalid choice: 'odt' (choose from 'docx', 'html', 'pdf')" in capsys.readouterr().err
    assert main([*ARGS, "--format", "pdf", "--out", str(tmp_path / "missing" / "x.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
