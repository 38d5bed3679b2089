"""Checks on every uploaded document (evidence, letters, activity documents): size, and a type proven by content.

The type is read from the bytes, not trusted from the name: an Office file is a ZIP package whose parts say
whether it is a Word, Excel or PowerPoint document, and the extension must agree with what the content is.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed
from clearway.core.exports import XLSX_CONTENT_TYPE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = XLSX_CONTENT_TYPE
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    label: str  # how users name it, e.g. "Word (DOCX)"


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("application/pdf", (".pdf",), "PDF"),
    "docx": FileKind(DOCX, (".docx",), "Word (DOCX)"),
    "xlsx": FileKind(XLSX, (".xlsx",), "Excel (XLSX)"),
    "pptx": FileKind(PPTX, (".pptx",), "PowerPoint (PPTX)"),
    "png": FileKind("image/png", (".png",), "PNG"),
    "jpeg": FileKind("image/jpeg", (".jpg", ".jpeg"), "JPEG"),
}
# What each kind of upload accepts.
EVIDENCE = ("pdf", "docx", "xlsx", "png", "jpeg")
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "png", "jpeg")

# An Office file (a ZIP package) whose parts unpack to more than this, or that holds more parts, is refused
# before any library unpacks it: a 313 KB workbook unpacking to 300 MB was imported.
UNPACKED_MAX_MB = 100
PACKAGE_PARTS_MAX = 10_000

# Part names that identify an Office Open XML package.
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    sha256: str


def field_invalid(field: str, message: str) -> ValidationFailed:
    """A one-field error whose message also says what is wrong (shown as is by pages, the API and the CLI)."""
    return ValidationFailed(message, field_errors={field: [message]})


def kind_sniff(stream: IO[bytes]) -> str | None:
    """The kind (a key of KINDS) that the bytes prove, or None."""
    stream.seek(0)
    head = stream.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" in names:
            for kind, part in _OFFICE_PARTS.items():
                if part in names:
                    return kind
    return None


def zip_unpacked_check(*, stream: IO[bytes], name: str, field: str = "file") -> None:
    """Raise ValidationFailed when the ZIP package (XLSX, DOCX, PPTX) would unpack to more than UNPACKED_MAX_MB or
    holds more than PACKAGE_PARTS_MAX parts. The sizes its directory declares bound what Python's zipfile (used by
    openpyxl, python-docx and pyxform) unpacks: it never reads a part past its declared size."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError):
        raise field_invalid(field, _("“%(name)s” is not a readable file.") % {"name": name}) from None
    finally:
        stream.seek(0)
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > PACKAGE_PARTS_MAX or unpacked > UNPACKED_MAX_MB * 1024 * 1024:
        raise field_invalid(
            field,
            _("“%(name)s” unpacks to more than %(mb)s MB: send a smaller file.")
            % {"name": name, "mb": UNPACKED_MAX_MB},
        )


def _kinds_text(kinds: tuple[str, ...]) -> str:
    labels = [KINDS[k].label for k in kinds]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def upload_check(
    *, name: str, size: int, stream: IO[bytes], field: str = "file", accepted: tuple[str, ...] = DOCUMENTS
) -> CheckedUpload:
    """Raise ValidationFailed (naming the file and the reason) unless the upload is acceptable."""
    if not size:
        raise field_invalid(field, _("“%(name)s” is empty.") % {"name": name})
    limit_mb = settings.MAX_UPLOAD_MB
    if size > limit_mb * 1024 * 1024:
        raise field_invalid(
            field, _("“%(name)s” is larger than the limit of %(mb)s MB.") % {"name": name, "mb": limit_mb}
        )
    kind = kind_sniff(stream)
    if kind is None or kind not in accepted:
        raise field_invalid(
            field,
            _("“%(name)s” is not an accepted file: send a %(kinds)s file.")
            % {"name": name, "kinds": _kinds_text(accepted)},
        )
    if kind in _OFFICE_PARTS:
        zip_unpacked_check(stream=stream, name=name, field=field)
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS[kind].extensions:
        raise field_invalid(
            field,
            _("“%(name)s” does not contain what its extension says: its content is %(kind)s.")
            % {"name": name, "kind": KINDS[kind].label},
        )
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(65536), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedUpload(content_type=KINDS[kind].content_type, sha256=digest.hexdigest())


def uploaded_file_check(
    upload: UploadedFile, *, field: str = "file", accepted: tuple[str, ...] = DOCUMENTS
) -> CheckedUpload:
    """`upload_check` on a file received by a form or the API."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    return upload_check(name=name, size=upload.size or 0, stream=upload, field=field, accepted=accepted)


# ------------------------------------------------------------------ files of a refused form, kept for the next try

HELD_FOLDER = "held"
HELD_KEPT_HOURS = 24
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass(frozen=True)
class HeldUpload:
    token: str
    name: str


def _held_folder(*, owner_id: int, token: str) -> str:
    return f"{HELD_FOLDER}/{int(owner_id)}/{token}"


def upload_hold(*, upload: UploadedFile, owner_id: int) -> HeldUpload:
    """Keep the file of a form that was refused for another reason, so that its sender need not choose it again.

    Only its sender gets it back (`upload_held` with the same owner); a daily clean-up removes what is left.
    """
    from django.core.files.storage import default_storage
    from django.utils.text import get_valid_filename

    token = secrets.token_urlsafe(24)
    name = get_valid_filename(PurePath(upload.name or "file").name) or "file"
    upload.seek(0)
    default_storage.save(f"{_held_folder(owner_id=owner_id, token=token)}/{name}", upload)
    upload.seek(0)
    return HeldUpload(token=token, name=name)


def upload_held(*, token: str, owner_id: int) -> UploadedFile | None:
    """The file kept under `token` for `owner_id`, or None (unknown, someone else's or cleaned up)."""
    from django.core.files.storage import default_storage

    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _held_folder(owner_id=owner_id, token=token)
    if not default_storage.exists(folder):
        return None
    names = default_storage.listdir(folder)[1]
    if not names:
        return None
    stored = default_storage.open(f"{folder}/{names[0]}", "rb")
    return UploadedFile(file=stored, name=names[0], size=stored.size)


def upload_release(*, token: str, owner_id: int) -> None:
    """Forget a kept file once the form that needed it was accepted."""
    from django.core.files.storage import default_storage

    if not _TOKEN.fullmatch(token or ""):
        return
    folder = _held_folder(owner_id=owner_id, token=token)
    if default_storage.exists(folder):
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")
