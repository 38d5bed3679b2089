from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings

from clearway.core.management.base import FileCommand


class Command(FileCommand):
    help = "Compile the translation catalogues (.po -> .mo) with polib; needs no system gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        package = Path(settings.PACKAGE_DIR)
        count = 0
        for po_path in package.glob("**/locale/*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"{count} catalogue(s) compiled")
