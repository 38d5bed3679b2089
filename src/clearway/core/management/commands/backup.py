from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from clearway.core.backup import VENDOR_NAMES, backup_create, backup_default_path
from clearway.core.backup import Progress as BackupProgress
from clearway.core.management.base import ClearwayCommand


@contextmanager
def progress_shown() -> Iterator[BackupProgress]:
    """A progress bar on the terminal's error stream (none when it is not a terminal), as a backup callback."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def report(step: str, done: int, total: int | None) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield report


class Command(ClearwayCommand):
    about = gettext_lazy(
        "Back up Clearway into one .tar.gz archive: a consistent copy of the database (Clearway may keep "
        "running), the media files and a manifest. Restore it with `clearway restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            help=_(
                "The archive to write, or a folder to write it in (default: clearway-backup-<UTC time>.tar.gz "
                "in the current folder)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        default = backup_default_path()
        out = Path(options["out"] or default)
        if out.is_dir():
            out = out / default.name
        with progress_shown() as progress:
            result = backup_create(out=out, progress=progress)
        database, media = result.manifest["database"], result.manifest["media"]
        self.stdout.write(
            _(
                "Backup written to %(path)s (%(size).1f MB): the %(vendor)s database (%(database).1f MB) and "
                "%(files)s media file(s) (%(media).1f MB)."
            )
            % {
                "path": result.path,
                "size": result.bytes / 1e6,
                "vendor": VENDOR_NAMES[database["vendor"]],
                "database": database["bytes"] / 1e6,
                "files": media["files"],
                "media": media["bytes"] / 1e6,
            }
        )
