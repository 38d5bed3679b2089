"""`clearway surveys summary`: once as a real subprocess on its own database, and in-process for every format."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.surveys.models import Survey

ROOT = Path(__file__).resolve().parents[2]
CLEARWAY = Path(sys.executable).parent / "clearway"


def test_summary_command_as_a_subprocess(tmp_path: Path) -> None:
    # A RAM-backed directory when there is one: migrating a fresh SQLite file is mostly waiting for the disk.
    shm = Path("/dev/shm")
    data_dir = (
        Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path / "var"
    )
    try:
        _run_summary_subprocess(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _run_summary_subprocess(data_dir: Path) -> None:
    env = {**os.environ, "CLEARWAY_DATA_DIR": str(data_dir), "CLEARWAY_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop(
        "CLEARWAY_DATABASE_URL", None
    )  # its own SQLite database in the data directory, whatever the test DB
    subprocess.run([str(CLEARWAY), "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-m", "tests.surveys.seed_for_cli"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [str(CLEARWAY), "surveys", "summary", "CLI/2026/1", "--format", "json", "--lang", "fr"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["targeted"], data["respondents"]) == (5, 3)
    cover = next(q for q in data["questions"] if q["name"] == "cover")
    express_now = cover["rows"][0]["choices"][0]
    assert (express_now["label"], express_now["count"], express_now["by_region"]) == (
        "Couvert",
        2,
        {"ESA": 2},
    )


def test_summary_command_formats(answered_survey: Survey, tmp_path: Path, capsys: Any) -> None:
    call_command("surveys_summary", answered_survey.reference, "--format", "md")
    markdown = capsys.readouterr().out
    assert "Respondents: 3 of 5 Members targeted (60.0%)." in markdown
    assert "| Covered now | 2 | 66.7% | 2 | 0 |" in markdown
    out = tmp_path / "summary.xlsx"
    call_command(
        "surveys_summary", str(answered_survey.pk), "--format", "xlsx", "--lang", "fr", "--out", str(out)
    )
    workbook = load_workbook(io.BytesIO(out.read_bytes()))
    assert workbook.sheetnames == ["À propos", "Répondants", "Réponses"]
    rows = list(workbook["Réponses"].iter_rows(values_only=True))
    assert rows[0][6:] == ("ESA", "MENA", "EUR", "AM")  # regions with targeted Members, in WCO order
    assert ("Couverture", "Express", "Couvert", 2, 0.6667, 0.4, 2, 0, 0, 0) in rows
    overview = list(workbook["Répondants"].iter_rows(values_only=True))
    assert overview[1] == ("Toutes les régions", 5, 3, 0.6)
    with pytest.raises(ValidationFailed):
        call_command("surveys_summary", answered_survey.reference, "--format", "xlsx")
    with pytest.raises(NotFound):
        call_command("surveys_summary", "999999", "--format", "json")


@pytest.mark.django_db(transaction=True)  # the command closes its database connection when it ends
def test_without_lang_the_summary_is_in_the_language_of_the_command(
    answered_survey: Survey, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearway.cli import main

    for name in ("CLEARWAY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["surveys", "summary", answered_survey.reference, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cover = next(q for q in data["questions"] if q["name"] == "cover")
    assert cover["rows"][0]["choices"][0]["label"] == "Couvert"
    assert main(["surveys", "summary", "NO/SUCH/1", "--format", "json"]) == 4
    assert "Aucune enquête de référence ou d'identifiant «\u00a0NO/SUCH/1\u00a0»." in capsys.readouterr().err
