"""The one upload check every document goes through: type proven by content, extension agreeing, size limited."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.test import override_settings

from clearway.core.exceptions import ValidationFailed
from clearway.core.uploads import DOCUMENTS, EVIDENCE, PPTX, upload_check


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


DOCX_BYTES = _office("word/document.xml")
XLSX_BYTES = _office("xl/workbook.xml")
PPTX_BYTES = _office("ppt/presentation.xml")


def _check(name: str, content: bytes, accepted: tuple[str, ...] = DOCUMENTS) -> str:
    return upload_check(
        name=name, size=len(content), stream=io.BytesIO(content), field="letter", accepted=accepted
    ).content_type


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("letter.pdf", b"%PDF-1.7 body", "application/pdf"),
        ("photo.JPG", b"\xff\xd8\xff\xe0 jpeg", "image/jpeg"),
        ("chart.png", b"\x89PNG\r\n\x1a\n...", "image/png"),
        ("notes.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("table.xlsx", XLSX_BYTES, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("slides.pptx", PPTX_BYTES, PPTX),
    ],
)
def test_accepted_files_get_the_type_their_content_proves(
    name: str, content: bytes, content_type: str
) -> None:
    assert _check(name, content) == content_type


def test_the_digest_is_of_the_whole_content() -> None:
    content = b"%PDF-1.7 " + b"x" * 200_000
    checked = upload_check(name="big.pdf", size=len(content), stream=io.BytesIO(content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "accepted", "message"),
    [
        ("empty.pdf", b"", DOCUMENTS, "“empty.pdf” is empty."),
        ("tool.pdf", b"MZ\x90\x00", DOCUMENTS, "“tool.pdf” is not an accepted file"),
        ("broken.docx", b"PK\x03\x04 not a zip", DOCUMENTS, "“broken.docx” is not an accepted file"),
        ("plain.zip", _office("other.xml"), DOCUMENTS, "“plain.zip” is not an accepted file"),
        ("slides.pptx", PPTX_BYTES, EVIDENCE, "send a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file"),
        ("report.pdf", DOCX_BYTES, DOCUMENTS, "its content is Word (DOCX)"),
        ("scan.png", b"%PDF-1.7", DOCUMENTS, "its content is PDF"),
    ],
)
def test_refused_files_say_why(name: str, content: bytes, accepted: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _check(name, content, accepted)
    assert message in refused.value.field_errors["letter"][0]


@override_settings(MAX_UPLOAD_MB=1)
def test_files_over_the_limit_are_refused_before_reading() -> None:
    content = b"%PDF-1.7" + b"x" * (1024 * 1024)
    with pytest.raises(ValidationFailed, match="larger than the limit of 1 MB"):
        _check("huge.pdf", content)
