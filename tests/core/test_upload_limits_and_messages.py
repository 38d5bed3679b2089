"""ZIP-based uploads (XLSX, DOCX, PPTX) are refused when they unpack to too much, and error messages name no
server folder (issue 30, finding 8)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from clearway.core.exceptions import ClearwayError, ValidationFailed
from clearway.core.text_safety import text_error_detail, text_paths_hidden
from clearway.core.uploads import UNPACKED_MAX_MB, upload_check


def _workbook(padding_mb: int = 0) -> bytes:
    """A real workbook; with `padding_mb`, one more part of that many megabytes of zeros (it packs to ~100 KB)."""
    workbook = Workbook()
    workbook.active.append(["type", "name", "label"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    if padding_mb:
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as package:
            package.writestr("xl/padding.bin", b"\0" * (padding_mb * 1024 * 1024))
    return buffer.getvalue()


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_read() -> None:
    bomb = _workbook(UNPACKED_MAX_MB + 1)
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ValidationFailed, match="unpacks to more than"):
        upload_check(name="evidence.xlsx", size=len(bomb), stream=io.BytesIO(bomb))
    normal = _workbook()
    assert upload_check(
        name="evidence.xlsx", size=len(normal), stream=io.BytesIO(normal)
    ).content_type.endswith("sheet")


def test_an_xlsform_that_unpacks_beyond_the_limit_is_refused(secretariat: Any) -> None:
    from clearway.surveys.services import questionnaire_import_xlsform

    with pytest.raises(ValidationFailed, match="unpacks to more than"):
        questionnaire_import_xlsform(
            file=io.BytesIO(_workbook(UNPACKED_MAX_MB + 1)),
            code="bomb",
            actor=secretariat,
            source_name="f.xlsx",
        )


def test_error_details_name_files_without_their_folders() -> None:
    error = OSError(
        'IO Error: No files found that match the pattern "/srv/clearway/media/shipments/incoming/a1.csv"'
    )
    assert text_error_detail(error) == 'IO Error: No files found that match the pattern "a1.csv"'
    assert text_paths_hidden(r"Cannot open C:\Temp\tmp8x\form.xlsx now") == "Cannot open form.xlsx now"
    assert text_paths_hidden("3/4 of 1/2 kept") == "3/4 of 1/2 kept"


def test_a_shipment_file_that_cannot_be_read_is_refused_without_the_server_folder(tmp_path: Path) -> None:
    from clearway.shipments.pipeline import ComputeRequest, kpis_compute

    broken = tmp_path / "deep" / "folder" / "shipments.parquet"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"PAR1 this is not parquet PAR1")
    with pytest.raises(ClearwayError) as refused:
        kpis_compute(request=ComputeRequest(input=broken))
    assert str(tmp_path) not in str(refused.value.message) and "/deep/folder" not in str(
        refused.value.message
    )
