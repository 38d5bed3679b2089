"""Checks on uploaded letters and documents: allowed types (by extension and by content) and size."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, field_errors={field: [message]})


_ZIP = b"PK\x03\x04"
# extension -> (content type, leading bytes the content must start with)
ALLOWED_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


def upload_check(*, upload: UploadedFile, field: str) -> str:
    """Raise ValidationFailed unless the file is an allowed type within the size limit; return its content type."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise _refuse(
            field,
            _("“%(name)s” is not an accepted type. Accepted: %(allowed)s.")
            % {"name": name, "allowed": allowed},
        )
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if (upload.size or 0) > limit:
        raise _refuse(
            field, _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": settings.MAX_UPLOAD_MB}
        )
    if not upload.size:
        raise _refuse(field, _("“%(name)s” is empty.") % {"name": name})
    content_type, magic = ALLOWED_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise _refuse(field, _("“%(name)s” does not contain what its extension says.") % {"name": name})
    return content_type
