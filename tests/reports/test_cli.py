"""`clearway report ptc`: the file is written; bad input exits 2 with a message that says what to fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from clearway.cli import main
from clearway.core.exceptions import ValidationFailed
from clearway.reports.models import Report
from tests.reports.conftest import docx_text, pdf_text

ARGS = [
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


@pytest.mark.django_db(transaction=True)  # the command closes its database connection when it ends
def test_the_cli_writes_the_report_regenerates_it_and_exits_2_on_bad_dates(
    seed_record: Any, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "PC0690.docx"
    assert main(["report", "ptc", *ARGS, "--lang", "en", "--format", "docx", "--out", str(out)]) == 0
    assert "The MENA workshop was held online between 27 and 30 September 2021" in docx_text(out.read_bytes())
    assert "PC0690 (en) version 1 written to" in capsys.readouterr().out
    pdf = tmp_path / "PC0690-fr.pdf"
    assert main(["report", "ptc", *ARGS, "--lang", "fr", "--format", "pdf", "--out", str(pdf)]) == 0
    assert "L'atelier EUR s'est tenu en mode virtuel du 24 au 28 janvier 2022" in pdf_text(pdf.read_bytes())
    assert (
        main(["report", "ptc", *ARGS, "--lang", "en", "--format", "html", "--out", str(tmp_path / "x.html")])
        == 0
    )
    # the DOCX and the HTML of the same text: one version with both files
    assert Report.objects.get(document_number="PC0690", language="en").versions.count() == 1
    bad = [*ARGS]
    bad[bad.index("--from") + 1] = "2021-13-01"
    assert main(["report", "ptc", *bad, "--format", "docx", "--out", str(tmp_path / "bad.docx")]) == 2
    assert "--from: '2021-13-01' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
    assert not (tmp_path / "bad.docx").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--from", "2021-13-01"], "'2021-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--to", "2021-01-01"], "The period must end on or after the day it starts."),
        (["--date", "7 March 2022"], "'7 March 2022' is not a date"),
        (["--session", "next"], "Give the session numbers, e.g. 235th/236th."),
    ],
)
def test_bad_input_is_refused_with_exit_code_2_and_a_clear_message(
    db: Any, tmp_path: Path, change: list[str], message: str
) -> None:
    args = list(ARGS)
    args[args.index(change[0]) + 1] = change[1]
    out = tmp_path / "x.docx"
    with pytest.raises(ValidationFailed) as error:
        call_command("report_ptc", *args, "--format", "docx", "--out", str(out))
    assert error.value.exit_code == 2
    assert any(message in m for messages in error.value.field_errors.values() for m in messages)
    assert not out.exists() and not Report.objects.exists()


def test_an_unknown_format_or_missing_folder_is_refused(db: Any, tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it before Clearway runs
        main(["report", "ptc", *ARGS, "--format", "odt", "--out", str(tmp_path / "x.odt")])
    assert exit_info.value.code == 2
    assert "invalid choice: 'odt' (choose from 'docx', 'html', 'pdf')" in capsys.readouterr().err
    with pytest.raises(ValidationFailed) as error:
        call_command("report_ptc", *ARGS, "--format", "pdf", "--out", str(tmp_path / "missing" / "x.pdf"))
    assert "does not exist" in error.value.field_errors["--out"][0]


@pytest.mark.django_db(transaction=True)
def test_without_lang_the_report_is_in_the_language_of_the_command(
    seed_record: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CLEARWAY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    out = tmp_path / "PC0690.docx"
    assert main(["report", "ptc", *ARGS, "--format", "docx", "--out", str(out)]) == 0
    assert "L'atelier EUR s'est tenu en mode virtuel du 24 au 28 janvier 2022" in docx_text(out.read_bytes())
    assert "PC0690 (fr) version 1 écrite dans" in capsys.readouterr().out
    assert Report.objects.get(document_number="PC0690").language == "fr"
    bad = [*ARGS]
    bad[bad.index("--from") + 1] = "2021-13-01"
    assert main(["report", "ptc", *bad, "--format", "docx", "--out", str(tmp_path / "bad.docx")]) == 2
    assert "--from: '2021-13-01' n'est pas une date" in capsys.readouterr().err
