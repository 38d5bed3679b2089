"""One service generates a report in the formats asked for: one version, a file per format, for the CLI (run here
as a real subprocess on its own database), the API and the page."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearway.core.exceptions import ValidationFailed
from clearway.reports.models import ReportFile
from clearway.reports.production import report_produce
from tests.reports.conftest import docx_text, pdf_text

ROOT = Path(__file__).resolve().parents[2]
CLEARWAY = Path(sys.executable).parent / "clearway"
ARGS = [
    "report",
    "ptc",
    "--session",
    "241st/242nd",
    "--from",
    "2024-07-01",
    "--to",
    "2024-12-31",
    "--document-number",
    "PC0750",
    "--lang",
    "fr",
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    # A RAM-backed directory when there is one: migrating a fresh SQLite file is mostly waiting for the disk.
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path / "var"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _clearway(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLEARWAY), *args], env=env, cwd=ROOT, capture_output=True, text=True)


def test_the_cli_writes_every_format_of_one_version_as_a_subprocess(data_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CLEARWAY_DATA_DIR": str(data_dir),
        "CLEARWAY_ENV": "development",
        "CLEARWAY_LANGUAGE": "fr",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("CLEARWAY_DATABASE_URL", None)  # its own SQLite database in the data directory
    for setup in (["migrate"], ["reference", "load"]):
        done = _clearway(env, *setup)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "PC0750.docx"
    done = _clearway(env, *ARGS, "--format", "docx,pdf,html", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("PC0750 (fr) version 1 écrite dans") == 3
    docx = docx_text(out.read_bytes())
    pdf = pdf_text(out.with_suffix(".pdf").read_bytes())
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    for text in (docx, pdf, html):
        assert "PC0750" in text and "241e/242e" in text
    again = _clearway(env, *ARGS, "--format", "pdf", "--out", str(tmp_path / "again.pdf"))
    assert again.returncode == 0 and "version 1 écrite" in again.stdout  # the same text: the same version
    database = sqlite3.connect(data_dir / "clearway.sqlite3")
    formats = database.execute(
        "SELECT v.number, f.format FROM reports_reportfile f JOIN reports_reportversion v ON v.id = f.version_id"
    ).fetchall()
    database.close()
    assert sorted(formats) == [(1, "docx"), (1, "html"), (1, "pdf"), (1, "pdf")]
    refused = _clearway(env, *ARGS, "--format", "docx,odt", "--out", str(tmp_path / "x.docx"))
    assert refused.returncode == 2 and "'docx,odt'" in refused.stderr


def test_one_generation_keeps_one_version_with_a_file_per_format(
    make_report: Any, secretariat: Any, db: Any
) -> None:
    report = make_report(document_number="PC0751")
    produced = report_produce(report=report, actor=secretariat, formats=["docx", "PDF", "docx", "html"])
    assert [f.format for f in produced.files] == ["docx", "pdf", "html"]
    assert {f.version_id for f in produced.files} == {produced.version.pk}
    assert report.versions.count() == 1
    assert produced.files[0].file.name.rsplit("/", 1)[-1].startswith("PC0751EN-v1")
    again = report_produce(report=report, actor=secretariat, formats=["pdf"])
    assert again.version.pk == produced.version.pk and "PC0751EN-v1" in again.files[0].file.name
    with pytest.raises(ValidationFailed) as error:
        report_produce(report=report, actor=secretariat, formats=["pdf", "odt"])
    assert "Unknown format odt" in error.value.field_errors["format"][0]
    assert ReportFile.objects.filter(report=report).count() == 4  # the refused call wrote nothing


def test_the_api_generates_several_formats_in_one_version(
    make_report: Any, secretariat: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = make_report(document_number="PC0752")
    api = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post(
            f"/api/reports/{report.pk}/generate",
            {"formats": ["docx", "pdf", "html"]},
            content_type="application/json",
        )
    assert job.status_code == 202, job.content
    result = api.get(job.json()["status_url"]).json()["result"]
    assert result["version"] == 1 and [f["format"] for f in result["files"]] == ["docx", "pdf", "html"]
    assert report.versions.count() == 1 and report.files.count() == 3
    pdf = b"".join(api.get(result["files"][1]["api_download_url"]).streaming_content)
    assert "PC0752" in pdf_text(pdf)
    refused = api.post(
        f"/api/reports/{report.pk}/generate", {"formats": ["odt"]}, content_type="application/json"
    )
    assert refused.status_code == 400 and "Unknown format odt" in refused.content.decode()


def test_the_page_generates_every_format_in_one_version(
    make_report: Any, secretariat: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = make_report(document_number="PC0753")
    client = client_for(secretariat)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert '<option value="all">Every format (one version, a file each)</option>' in page
    with django_capture_on_commit_callbacks(execute=True):
        generated = client.post(f"/reports/{report.pk}/generate/", {"format": "all", "regenerate": "on"})
    assert generated.status_code == 302
    assert report.versions.count() == 1
    assert sorted(report.files.values_list("format", flat=True)) == ["docx", "html", "pdf"]
    page = client.get(generated.headers["Location"]).content.decode()
    assert page.count('data-format="') == 3
