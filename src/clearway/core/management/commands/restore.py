from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.backup import backup_restore
from clearway.core.management.base import ClearwayCommand
from clearway.core.management.commands.backup import progress_shown


class Command(ClearwayCommand):
    about = gettext_lazy(
        "Restore a backup made by `clearway backup`: replace the database and the media folder by the "
        "archive's, then migrate (a backup from an older version is upgraded). Stop Clearway first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help=_("The .tar.gz archive written by `clearway backup`."))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Replace the data the database already holds (refused without it)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        with progress_shown() as progress:
            manifest = backup_restore(archive=archive, replace=options["yes"], progress=progress)
        self.stdout.write(
            _(
                "Restored from %(path)s: the database and %(files)s media file(s) of the backup made on "
                "%(created)s by Clearway %(version)s."
            )
            % {
                "path": archive,
                "files": manifest["media"].get("files", "?"),
                "created": manifest.get("created_at", "?"),
                "version": manifest.get("clearway_version", "?"),
            }
        )
