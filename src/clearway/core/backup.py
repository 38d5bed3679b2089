"""Backups of a Clearway installation: one .tar.gz holding the database, the media folder and a manifest.

The database copy is consistent while Clearway runs: SQLite's online backup API (which reads through the
write-ahead log), `pg_dump` for PostgreSQL (one snapshot). Media files are read just after the database.

A restore checks the whole archive before it changes anything (a Clearway backup of a known format, taken from
the configured kind of database by this or an older version, no member outside its folder), then replaces the
database, swaps the media folder in and runs `migrate`, which upgrades a backup made by an older version.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from clearway.core.exceptions import Conflict, ProcessingFailed, ValidationFailed

FORMAT = "clearway-backup"
FORMAT_VERSION = 1
FORMATS_READ = (1,)
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database/clearway.sqlite3", "postgresql": "database/clearway.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_MANIFEST_LARGEST = 10_000_000  # bytes; a manifest is a few kilobytes
_CHUNK = 1024 * 1024

Progress = Callable[[str, int, int | None], None]
"""Told what is being done, how much of it is done and how much there is in all (None: unknown)."""


def _progress_ignored(step: str, done: int, total: int | None) -> None:
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    bytes: int


def backup_default_path(*, now: dt.datetime | None = None) -> Path:
    """`clearway-backup-<UTC timestamp>.tar.gz` in the current folder."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return Path.cwd() / f"clearway-backup-{moment:%Y%m%dT%H%M%SZ}.tar.gz"


def database_vendor() -> str:
    return connections["default"].vendor


# --- Backup -------------------------------------------------------------------------------------------------


def backup_create(*, out: Path, progress: Progress = _progress_ignored) -> BackupResult:
    """Write the archive to a temporary file beside `out`, renamed to `out` only once complete: a failed backup
    leaves no half archive under the final name (and an earlier archive of that name stays as it was)."""
    vendor = database_vendor()
    if vendor not in DATABASE_FILES:
        raise ProcessingFailed(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    if not out.parent.is_dir():
        raise ValidationFailed(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".clearway-backup-") as work:
            database = Path(work) / PurePosixPath(DATABASE_FILES[vendor]).name
            database_copy(target=database, progress=progress)
            media = media_files_list(leaving_out=Path(work))
            manifest = backup_manifest_build(vendor=vendor, database=database, media=media)
            partial = _archive_write(
                out=out, manifest=manifest, database=database, media=media, progress=progress
            )
            os.replace(partial, out)
    except OSError as exc:
        raise ProcessingFailed(
            _("Could not write the backup %(path)s: %(detail)s") % {"path": out, "detail": exc}
        ) from exc
    return BackupResult(path=out, manifest=manifest, bytes=out.stat().st_size)


def database_copy(*, target: Path, progress: Progress = _progress_ignored) -> None:
    """A consistent copy of the configured database into the file `target`."""
    if database_vendor() == "sqlite":
        _sqlite_copy(target=target, progress=progress)
    else:
        _postgres_dump(target=target, progress=progress)


def _sqlite_copy(*, target: Path, progress: Progress) -> None:
    # In one step: a backup made in several steps starts again whenever the server writes in between. From a
    # connection of its own: SQLite refuses, again and again, to copy from a connection writing in a transaction.
    progress(_("Copying the database"), 0, None)
    with closing(_sqlite_connect()) as database, closing(sqlite3.connect(target)) as copy:
        database.backup(copy)


def _sqlite_connect() -> sqlite3.Connection:
    """A new connection to the configured SQLite database (also a shared in-memory one, in tests)."""
    name = str(connections["default"].settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=20)


def _postgres_dump(*, target: Path, progress: Progress) -> None:
    command, environment = _postgres_command("pg_dump", "--format=custom", f"--file={target}")
    progress(_("Copying the database (pg_dump)"), 0, None)
    _postgres_run(command, environment)


def media_files_list(*, leaving_out: Path | None = None) -> list[tuple[Path, str]]:
    """The files under MEDIA_ROOT (links followed), each with its name in the archive (`media/...`), but for
    those under `leaving_out` (the backup's own work folder, when the archive is written inside MEDIA_ROOT)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for folder, _folders, names in os.walk(root):
        if leaving_out is not None and Path(folder).is_relative_to(leaving_out):
            continue
        for name in names:
            path = Path(folder) / name
            if path.is_file():  # sockets and pipes are not media
                found.append((path, f"{MEDIA}/{path.relative_to(root).as_posix()}"))
    return sorted(found, key=lambda item: item[1])


def migrations_applied() -> dict[str, list[str]]:
    """The migrations recorded in the configured database, by app."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections["default"]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup_manifest_build(*, vendor: str, database: Path, media: list[tuple[Path, str]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "clearway_version": _clearway_version(),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": DATABASE_FILES[vendor], "bytes": database.stat().st_size},
        "migrations": migrations_applied(),
        "media": {"files": len(media), "bytes": sum(path.stat().st_size for path, _name in media)},
    }


def _clearway_version() -> str:
    try:
        return metadata.version("clearway")
    except metadata.PackageNotFoundError:
        return "unknown"


def _archive_write(
    *, out: Path, manifest: dict[str, Any], database: Path, media: list[tuple[Path, str]], progress: Progress
) -> Path:
    """The archive written to a new temporary file beside `out` (readable by its owner only); its path."""
    handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    partial = Path(name)
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
        ):
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            files = [(database, manifest["database"]["file"]), *media]
            total = manifest["database"]["bytes"] + manifest["media"]["bytes"]
            counted = _Counter(step=_("Writing the archive"), total=total, progress=progress)
            for path, arcname in files:
                _archive_file_add(tar=tar, path=path, arcname=arcname, counter=counted)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


class _Counter:
    """Reports the bytes read so far through `read` (each megabyte: tarfile reads 16 kB at a time)."""

    def __init__(self, *, step: str, total: int, progress: Progress) -> None:
        self.step, self.total, self.progress, self.done, self.reported = step, total, progress, 0, 0
        self.source: IO[bytes] | None = None

    def read(self, size: int = -1) -> bytes:
        assert self.source is not None
        data = self.source.read(size)
        self.done += len(data)
        if self.done - self.reported >= _CHUNK or self.done >= self.total:
            self.progress(self.step, self.done, self.total)
            self.reported = self.done
        return data


def _archive_file_add(*, tar: tarfile.TarFile, path: Path, arcname: str, counter: _Counter) -> None:
    with path.open("rb") as source:
        info = tarfile.TarInfo(arcname)
        status = os.fstat(source.fileno())
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
        counter.source = source
        tar.addfile(info, counter)


# --- Reading and checking an archive ------------------------------------------------------------------------


@contextmanager
def _archive_open(archive: Path) -> Iterator[tarfile.TarFile]:
    """The archive open for reading; a file that is not a readable .tar.gz is said to be no Clearway backup."""
    if not archive.is_file():
        raise ValidationFailed(_("%(path)s does not exist or is not a file.") % {"path": archive})
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ValidationFailed(
            _("%(path)s is not a Clearway backup: it cannot be read as a .tar.gz archive (%(detail)s).")
            % {"path": archive, "detail": exc}
        ) from exc


def backup_members_check(*, members: list[tarfile.TarInfo]) -> None:
    """Refuse absolute paths, `..` (a path out of the restore folder) and anything but plain files and folders."""
    for member in members:
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts:
            raise ValidationFailed(
                _(
                    "The archive is refused: its member %(name)s has an unsafe path (absolute, or going up "
                    "with '..'). A Clearway backup only holds paths inside its own folders."
                )
                % {"name": repr(member.name)}
            )
        if not (member.isfile() or member.isdir()):
            raise ValidationFailed(
                _(
                    "The archive is refused: its member %(name)s is a link or a special file. A Clearway backup "
                    "only holds plain files and folders."
                )
                % {"name": repr(member.name)}
            )


def backup_manifest_read(*, archive: Path) -> dict[str, Any]:
    """The manifest of a Clearway backup, once every member is found safe and the format known."""
    with _archive_open(archive) as tar:
        members = tar.getmembers()
        backup_members_check(members=members)
        manifest = _manifest_load(tar=tar, archive=archive)
        names = {PurePosixPath(member.name).as_posix() for member in members if member.isfile()}
    database = manifest["database"]["file"]
    if database not in names:
        raise ValidationFailed(
            _("%(path)s is not a complete Clearway backup: its database copy (%(file)s) is missing.")
            % {"path": archive, "file": database}
        )
    return manifest


def _manifest_load(*, tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    not_ours = ValidationFailed(
        _("%(path)s is not a Clearway backup: it has no valid %(manifest)s.")
        % {"path": archive, "manifest": MANIFEST}
    )
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise not_ours from None
    source = tar.extractfile(member) if member.size <= _MANIFEST_LARGEST else None
    try:
        manifest = json.loads(source.read()) if source is not None else None
    except ValueError:
        raise not_ours from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise not_ours
    if manifest.get("format_version") not in FORMATS_READ:
        raise ValidationFailed(
            _(
                "%(path)s is a Clearway backup of format version %(version)s, which this version of Clearway "
                "cannot read (it reads version %(known)s)."
            )
            % {
                "path": archive,
                "version": manifest.get("format_version"),
                "known": ", ".join(str(known) for known in FORMATS_READ),
            }
        )
    if not _manifest_complete(manifest):
        raise not_ours
    return manifest


def _manifest_complete(manifest: dict[str, Any]) -> bool:
    """What a restore reads from a manifest of this format is there, with the expected types."""
    database, media, migrations = (manifest.get(key) for key in ("database", "media", "migrations"))
    return (
        isinstance(database, dict)
        and database.get("file") in DATABASE_FILES.values()
        and isinstance(database.get("bytes"), int)
        and isinstance(media, dict)
        and isinstance(media.get("bytes"), int)
        and isinstance(migrations, dict)
        and all(isinstance(names, list) for names in migrations.values())
    )


def backup_manifest_check(*, manifest: dict[str, Any]) -> None:
    """Refuse a backup of another kind of database than the configured one, or made by a newer Clearway."""
    vendor, configured = manifest["database"].get("vendor"), database_vendor()
    if vendor != configured or DATABASE_FILES.get(vendor) != manifest["database"]["file"]:
        raise ValidationFailed(
            _(
                "This backup holds a %(vendor)s database but Clearway is configured for %(configured)s: "
                "restore it into a %(vendor)s database (CLEARWAY_DATABASE_URL)."
            )
            % {
                "vendor": VENDOR_NAMES.get(str(vendor), str(vendor)),
                "configured": VENDOR_NAMES.get(configured, configured),
            }
        )
    unknown = _migrations_unknown(manifest["migrations"])
    if unknown:
        raise ValidationFailed(
            _(
                "This backup was made by a newer version of Clearway (%(version)s): its database has "
                "migrations this version does not know (%(migrations)s). Upgrade Clearway, then restore."
            )
            % {"version": manifest.get("clearway_version"), "migrations": ", ".join(unknown[:5])}
        )


def _migrations_unknown(applied: dict[str, list[str]]) -> list[str]:
    """Applied migrations, of apps that have migrations here, that are not on disk."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        if app in loader.migrated_apps
        for name in names
        if (app, name) not in loader.disk_migrations
    ]


# --- Restore ------------------------------------------------------------------------------------------------


def database_user_count() -> int:
    """Users in the configured database (0 when it is not set up): a database with users holds data."""
    user_model = get_user_model()
    connection = connections["default"]
    if user_model._meta.db_table not in connection.introspection.table_names():
        return 0
    return user_model.objects.count()


def backup_restore(
    *, archive: Path, replace: bool = False, progress: Progress = _progress_ignored
) -> dict[str, Any]:
    """Replace the database and the media folder by those of `archive`, then migrate; the manifest.

    Refused, before anything changes, when the archive is not a Clearway backup this version can restore, and
    when the database holds data (users) and `replace` is not given. Called outside any transaction: the
    database is replaced from other connections (pg_restore, SQLite's backup), which would wait for it.
    """
    if connections["default"].in_atomic_block:
        raise RuntimeError("backup_restore replaces the database: call it outside a transaction")
    manifest = backup_manifest_read(archive=archive)
    backup_manifest_check(manifest=manifest)
    users = database_user_count()
    if users and not replace:
        raise Conflict(
            _(
                "The database already holds data (%(count)s user(s)); restoring replaces all of it. Nothing "
                "was changed. Run the restore again with --yes to replace it."
            )
            % {"count": users}
        )
    media_root = Path(settings.MEDIA_ROOT)
    try:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".clearway-restore-"))
        try:
            database = _archive_extract(archive=archive, manifest=manifest, work=work, progress=progress)
            database_restore(source=database, progress=progress)
            media_swap(extracted=work / MEDIA, media_root=media_root, work=work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        raise ProcessingFailed(
            _("Could not restore %(path)s: %(detail)s") % {"path": archive, "detail": exc}
        ) from exc
    progress(_("Upgrading the database (migrate)"), 0, None)
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _archive_extract(*, archive: Path, manifest: dict[str, Any], work: Path, progress: Progress) -> Path:
    """The database copy and the media files written under `work` (`work/media`); the database copy's path.

    Members are written by name under `work` after `backup_members_check`, never with tarfile's extract.
    """
    (work / MEDIA).mkdir()
    database_name = manifest["database"]["file"]
    total = manifest["database"]["bytes"] + manifest["media"]["bytes"]
    step, done = _("Reading the archive"), 0
    with _archive_open(archive) as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if name.as_posix() != database_name and name.parts[:1] != (MEDIA,):
                continue  # the manifest, or what a later format may add
            target = work.joinpath(*name.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None  # a plain file (backup_members_check)
            with target.open("wb") as copy:
                shutil.copyfileobj(source, copy, _CHUNK)
            done += member.size
            progress(step, done, total)
    return work.joinpath(*PurePosixPath(database_name).parts)


def database_restore(*, source: Path, progress: Progress = _progress_ignored) -> None:
    """The configured database replaced by the copy in `source` (a file of the configured vendor's kind)."""
    if database_vendor() == "sqlite":
        _sqlite_restore(source=source, progress=progress)
    else:
        _postgres_restore(source=source, progress=progress)
    ContentType.objects.clear_cache()  # ids may differ in the restored database


def _sqlite_restore(*, source: Path, progress: Progress) -> None:
    """Every page of the configured database replaced by those of `source` (the file keeps its name and mode),
    once `source` is found to be an SQLite database with Django's table of migrations."""
    progress(_("Restoring the database"), 0, None)
    with closing(sqlite3.connect(source)) as copy:
        try:
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise _copy_damaged(str(exc)) from exc
        if MigrationRecorder.Migration._meta.db_table not in tables:
            raise _copy_damaged(_("it has no table of migrations"))
        with closing(_sqlite_connect()) as database:
            copy.backup(database)


def _copy_damaged(detail: str) -> ValidationFailed:
    return ValidationFailed(
        _("The database copy in the archive is damaged (%(detail)s); nothing was changed.")
        % {"detail": detail}
    )


def _postgres_restore(*, source: Path, progress: Progress) -> None:
    """`pg_restore` in one transaction (a failure leaves the tables it would replace as they were), after
    dropping Clearway's tables that the backup lacks: those of migrations newer than the backup, which
    `migrate` creates again (they would otherwise block pg_restore and migrate)."""
    progress(_("Restoring the database (pg_restore)"), 0, None)
    listing, environment = _postgres_command("pg_restore", "--list", str(source), connect=False)
    try:
        dumped = _postgres_run(listing, environment)
    except ProcessingFailed as exc:
        raise _copy_damaged(str(exc.message)) from exc
    _postgres_tables_drop(keep=_postgres_tables_listed(dumped))
    command, environment = _postgres_command(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)
    )
    _postgres_run(command, environment)


def _postgres_tables_listed(listing: str) -> set[str]:
    """Table names in a `pg_restore --list` table of contents (`215; 1259 16390 TABLE public name owner`)."""
    tables = set()
    for line in listing.splitlines():
        fields = line.split(";", 1)[-1].split()
        if not line.startswith(";") and len(fields) >= 5 and fields[2] == "TABLE" and fields[3] != "DATA":
            tables.add(fields[4])
    return tables


def _postgres_tables_drop(*, keep: set[str]) -> None:
    connection = connections["default"]
    stale = sorted(set(connection.introspection.django_table_names(only_existing=True)) - keep)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in stale:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def media_swap(*, extracted: Path, media_root: Path, work: Path) -> None:
    """`extracted` becomes MEDIA_ROOT by two renames; the folder it replaces is put back if the second fails."""
    replaced = work / "media-replaced"
    had_media = media_root.exists()
    if had_media:
        os.replace(media_root, replaced)
    try:
        os.replace(extracted, media_root)
    except OSError:
        if had_media:
            os.replace(replaced, media_root)
        raise


# --- PostgreSQL client programs -----------------------------------------------------------------------------


def _postgres_command(
    program: str, *arguments: str, connect: bool = True
) -> tuple[list[str], dict[str, str]]:
    """`program` with the configured database's connection arguments, and its environment (PGPASSWORD: a
    password is never on the command line, where other users of the machine could read it)."""
    executable = shutil.which(program)
    if executable is None:
        raise ProcessingFailed(
            _(
                "%(program)s was not found: install the PostgreSQL client programs (pg_dump and pg_restore, "
                "Debian package postgresql-client) of the server's version or newer."
            )
            % {"program": program}
        )
    environment = dict(os.environ)
    if not connect:
        return [executable, *arguments], environment
    database = connections["default"].settings_dict
    command = [executable, "--no-password", f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(database["OPTIONS"]["sslmode"])
    return [*command, *arguments], environment


def _postgres_run(command: list[str], environment: dict[str, str]) -> str:
    """The standard output of `command`; its error output in the message if it fails."""
    program = Path(command[0]).name
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ProcessingFailed(
            _("%(program)s could not be run: %(detail)s") % {"program": program, "detail": exc}
        ) from exc
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit code {done.returncode}"
        raise ProcessingFailed(_("%(program)s failed: %(detail)s") % {"program": program, "detail": detail})
    return done.stdout
