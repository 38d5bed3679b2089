"""`clearway backup` and `clearway restore` as an operator runs them: subprocesses on the test database.

The subprocesses use the database the tests use (SQLite file or PostgreSQL `test_…`), so the tests that let
them see or replace data are transactional: what a test writes is committed before the command runs.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from clearway.accounts.models import User
from clearway.core import backup
from clearway.core.exceptions import ProcessingFailed, ValidationFailed

CLEARWAY = str(Path(sys.executable).with_name("clearway"))
OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


def _database_url() -> str:
    """The URL of the database the tests use, for a subprocess."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        if not Path(database["NAME"]).is_absolute():
            pytest.skip(
                "the SQLite test database is in memory (CLEARWAY_TEST_DB_ON_DISK=0): no other process sees it"
            )
        return f"sqlite:///{database['NAME']}"
    credentials = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _clearway(*args: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLEARWAY_DATABASE_URL": _database_url(),
        "CLEARWAY_DATA_DIR": str(cwd / "var"),
        "CLEARWAY_MEDIA_DIR": str(settings.MEDIA_ROOT),
        **environment,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([CLEARWAY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _media_write(name: str, content: bytes) -> None:
    _media(name).parent.mkdir(parents=True, exist_ok=True)
    _media(name).write_bytes(content)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_brings_back_the_users_and_media_files_as_they_were(
    make_user: Callable[..., Any], tmp_path: Path
) -> None:
    make_user("secretariat_staff", username="kept", first_name="Kim")
    _media_write("letters/letter.pdf", b"%PDF-1.7 the letter")
    made = _clearway("backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    [archive] = tmp_path.glob("clearway-backup-*.tar.gz")
    assert re.fullmatch(r"clearway-backup-\d{8}T\d{6}Z\.tar\.gz", archive.name)
    assert "1 media file(s)" in made.stdout

    User.objects.filter(username="kept").update(first_name="Changed")
    make_user("observer", username="added-later")
    _media("letters/letter.pdf").unlink()
    _media_write("stray.txt", b"not in the backup")
    restored = _clearway("restore", str(archive), "--yes", cwd=tmp_path)

    assert restored.returncode == 0, restored.stderr
    assert "Restored from" in restored.stdout
    assert dict(User.objects.values_list("username", "first_name")) == {"kept": "Kim"}
    assert _media("letters/letter.pdf").read_bytes() == b"%PDF-1.7 the letter"
    assert not _media("stray.txt").exists()
    leftovers = [
        path.name for path in Path(settings.MEDIA_ROOT).parent.iterdir() if path.name.startswith(".")
    ]
    assert leftovers == []


@pytest.mark.django_db(transaction=True)
def test_the_manifest_says_what_the_backup_holds(make_user: Callable[..., Any], tmp_path: Path) -> None:
    make_user("secretariat_staff", username="someone")
    _media_write("evidence/a.png", b"\x89PNG 13 bytes")
    _media_write("b.txt", b"abc")
    made = _clearway("backup", "--out", str(tmp_path / "b.tar.gz"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr

    manifest = backup.backup_manifest_read(archive=tmp_path / "b.tar.gz")
    assert manifest["format"] == "clearway-backup" and manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["media"] == {"files": 2, "bytes": 16}
    assert "0001_initial" in manifest["migrations"]["accounts"]
    assert manifest["clearway_version"] and manifest["created_at"].startswith("20")
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        assert tar.getnames()[0] == "manifest.json"
        assert {"media/evidence/a.png", "media/b.txt", manifest["database"]["file"]} <= set(tar.getnames())
    assert (tmp_path / "b.tar.gz").stat().st_mode & 0o077 == 0  # it holds password hashes: its owner only


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_holding_users_needs_yes_and_changes_nothing_without_it(
    make_user: Callable[..., Any], tmp_path: Path
) -> None:
    make_user("secretariat_staff", username="before")
    (tmp_path / "backups").mkdir()
    made = _clearway("backup", "--out", str(tmp_path / "backups"), cwd=tmp_path)  # a folder: default name
    assert made.returncode == 0, made.stderr
    [archive] = (tmp_path / "backups").glob("clearway-backup-*.tar.gz")
    make_user("observer", username="after")
    _media_write("new.txt", b"kept")

    refused = _clearway("restore", str(archive), cwd=tmp_path)

    assert refused.returncode == 5
    assert "already holds data (2 user(s))" in refused.stderr and "--yes" in refused.stderr
    assert set(User.objects.values_list("username", flat=True)) == {"before", "after"}
    assert _media("new.txt").read_bytes() == b"kept"


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_an_older_schema_is_migrated_after_the_restore(
    make_user: Callable[..., Any], tmp_path: Path
) -> None:
    """A backup made before the last AEO migrations (as an older Clearway would): the restore runs them."""
    make_user("secretariat_staff", username="from-the-old-days")
    try:
        call_command("migrate", "aeo", "0001", verbosity=0)
        made = _clearway("backup", "--out", str(tmp_path / "old.tar.gz"), cwd=tmp_path)
        assert made.returncode == 0, made.stderr
    finally:
        call_command("migrate", verbosity=0)

    restored = _clearway("restore", str(tmp_path / "old.tar.gz"), "--yes", cwd=tmp_path)

    assert restored.returncode == 0, restored.stderr
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("aeo", "0002_registerupdate") in applied and (
        "aeo",
        "0003_alter_stakeholdercoverage_options",
    ) in applied
    assert "aeo_registerupdate" in connection.introspection.table_names()
    assert User.objects.filter(username="from-the-old-days").exists()


def _manifest(**changes: Any) -> dict[str, Any]:
    vendor = changes.pop("vendor", connection.vendor)
    return {
        "format": "clearway-backup",
        "format_version": 1,
        "clearway_version": "0.1.0",
        "created_at": "2026-01-01T00:00:00+00:00",
        "database": {"vendor": vendor, "file": backup.DATABASE_FILES[vendor], "bytes": 4},
        "migrations": {},
        "media": {"files": 0, "bytes": 0},
        **changes,
    }


def _tampered(path: Path, *, manifest: dict[str, Any] | None, extra: list[tarfile.TarInfo]) -> Path:
    """An archive shaped like a backup: `manifest` (none if None), a database file and the `extra` members."""
    with tarfile.open(path, "w:gz") as tar:
        members: list[tuple[tarfile.TarInfo, bytes]] = []
        if manifest is not None:
            members.append((tarfile.TarInfo("manifest.json"), json.dumps(manifest).encode()))
        vendor = (manifest or {}).get("database", {}).get("vendor", connection.vendor)
        members.append((tarfile.TarInfo(backup.DATABASE_FILES[vendor]), b"data"))
        members += [(info, b"evil") for info in extra]
        for info, data in members:
            if info.isfile():
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return path


def _link(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info


TAMPERED = {
    "a member going up with ..": (_manifest(), [tarfile.TarInfo("media/../../evil.txt")], "unsafe path"),
    "a member with an absolute path": (
        _manifest(),
        [tarfile.TarInfo("/tmp/clearway-evil.txt")],
        "unsafe path",
    ),
    "a symbolic link": (_manifest(), [_link("media/passwd")], "is a link or a special file"),
    "no manifest": (None, [], "is not a Clearway backup: it has no valid manifest.json"),
    "a manifest of another program": (
        {"format": "something-else"},
        [],
        "is not a Clearway backup: it has no valid manifest.json",
    ),
    "an unknown format version": (_manifest(format_version=99), [], "format version 99"),
    "another database vendor": (
        _manifest(vendor=OTHER_VENDOR[connection.vendor]),
        [],
        "but Clearway is configured for",
    ),
    "a damaged database copy": (_manifest(), [], "The database copy in the archive is damaged"),
    "migrations of a newer Clearway": (
        _manifest(migrations={"accounts": ["0001_initial", "9999_from_the_future"]}),
        [],
        "made by a newer version of Clearway (0.1.0)",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", TAMPERED.keys())
def test_a_tampered_or_foreign_archive_is_refused_before_anything_changes(case: str, tmp_path: Path) -> None:
    manifest, extra, message = TAMPERED[case]
    archive = _tampered(tmp_path / "tampered.tar.gz", manifest=manifest, extra=extra)
    _media_write("kept.txt", b"untouched")

    refused = _clearway("restore", str(archive), "--yes", cwd=tmp_path)

    assert refused.returncode == 2, refused.stderr
    assert message in refused.stderr
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/clearway-evil.txt").exists()
    assert _media("kept.txt").read_bytes() == b"untouched"


@pytest.mark.django_db
def test_a_file_that_is_no_archive_at_all_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.tar.gz").write_text("meeting notes")
    with pytest.raises(ValidationFailed, match="cannot be read as a .tar.gz archive") as refused:
        backup.backup_manifest_read(archive=tmp_path / "notes.tar.gz")
    assert refused.value.exit_code == 2


@pytest.mark.django_db
def test_a_failed_backup_leaves_no_half_archive_and_keeps_an_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _media_write("a.txt", b"a")

    def disk_full(**kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_archive_file_add", disk_full)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "nightly.tar.gz").write_bytes(b"last night's backup")

    with pytest.raises(ProcessingFailed, match="No space left on device") as failed:
        call_command("backup", "--out", str(folder / "nightly.tar.gz"))

    assert failed.value.exit_code == 1
    assert [path.name for path in folder.iterdir()] == ["nightly.tar.gz"]
    assert (folder / "nightly.tar.gz").read_bytes() == b"last night's backup"


@pytest.mark.django_db
def test_a_backup_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="does not exist") as refused:
        call_command("backup", "--out", str(tmp_path / "nowhere" / "b.tar.gz"))
    assert refused.value.exit_code == 2


@pytest.mark.django_db
def test_without_pg_dump_a_postgresql_backup_says_so(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is only needed for PostgreSQL")
    (tmp_path / "bin").mkdir()

    failed = _clearway(
        "backup", "--out", str(tmp_path / "b.tar.gz"), cwd=tmp_path, PATH=str(tmp_path / "bin")
    )

    assert failed.returncode == 1
    assert "pg_dump was not found" in failed.stderr
    assert not (tmp_path / "b.tar.gz").exists()
