"""The file of a refused form is kept for its sender only, used once, and cleaned up after a day."""

from __future__ import annotations

import datetime
import os

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clearway.core.housekeeping import held_uploads_prune, storage_files
from clearway.core.uploads import HELD_FOLDER, upload_held, upload_hold, upload_release


def test_a_kept_file_goes_back_to_its_sender_only() -> None:
    held = upload_hold(upload=SimpleUploadedFile("../letter.pdf", b"%PDF-1.4\n"), owner_id=7)
    assert held.name == "letter.pdf"
    again = upload_held(token=held.token, owner_id=7)
    assert again is not None and again.read() == b"%PDF-1.4\n" and again.name == "letter.pdf"
    assert upload_held(token=held.token, owner_id=8) is None
    assert upload_held(token="../../7/" + held.token, owner_id=7) is None
    upload_release(token=held.token, owner_id=7)
    assert upload_held(token=held.token, owner_id=7) is None


def test_kept_files_older_than_a_day_are_cleaned_up() -> None:
    old = upload_hold(upload=SimpleUploadedFile("old.pdf", b"%PDF-1.4\n"), owner_id=1)
    new = upload_hold(upload=SimpleUploadedFile("new.pdf", b"%PDF-1.4\n"), owner_id=1)
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(f"{HELD_FOLDER}/1/{old.token}/old.pdf"), (two_days_ago, two_days_ago))
    assert held_uploads_prune(timezone.now()) == 1
    assert storage_files(HELD_FOLDER) == [f"{HELD_FOLDER}/1/{new.token}/new.pdf"]
