"""`CLEARWAY_EMAIL_BACKEND=file`: each message written to its own file under `$CLEARWAY_DATA_DIR/mail/`, for
inspection (a test, a demonstration, an installation without a mail server). The files are RFC 822 messages
(`.eml`), which mail programs open."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailBackend(BaseEmailBackend):
    def __init__(self, *, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.folder = Path(kwargs.get("file_path") or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            partial = self.folder / f".{name}.part"
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            partial.rename(self.folder / name)  # a reader never sees half a message
        return len(email_messages)
