"""Evidence files: the type is read from the content (not trusted from the name) and the size is limited."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# content type -> extensions a file of that type may carry
ACCEPTED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


def field_invalid(field: str, message: str) -> ValidationFailed:
    """A one-field error whose message also says what is wrong (shown as is by pages, the API and the CLI)."""
    return ValidationFailed(message, field_errors={field: [message]})


def content_type_sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The content type that the bytes prove, or None. Office files are ZIP packages: look inside."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(stream.read())) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
    return None


def evidence_check(*, name: str, size: int, stream: IO[bytes]) -> tuple[str, str]:
    """Raise ValidationFailed unless the file is an accepted type within the limit; return (content type, sha256)."""
    if not size:
        raise field_invalid("file", _("“%(name)s” is empty.") % {"name": name})
    limit_mb = settings.MAX_UPLOAD_MB
    if size > limit_mb * 1024 * 1024:
        raise field_invalid(
            "file", _("“%(name)s” is larger than the limit of %(mb)s MB.") % {"name": name, "mb": limit_mb}
        )
    stream.seek(0)
    head = stream.read(16)
    content_type = content_type_sniff(head, stream)
    suffix = PurePath(name).suffix.lower()
    if content_type is None:
        raise field_invalid(
            "file",
            _("“%(name)s” is not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file.") % {"name": name},
        )
    if suffix not in ACCEPTED[content_type]:
        raise field_invalid(
            "file",
            _("“%(name)s” has the extension %(suffix)s but its content is %(kind)s.")
            % {"name": name, "suffix": suffix or "-", "kind": ACCEPTED[content_type][0]},
        )
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(65536), b""):
        digest.update(chunk)
    stream.seek(0)
    return content_type, digest.hexdigest()
