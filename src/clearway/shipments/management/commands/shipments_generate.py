from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clearway.core.exceptions import ValidationFailed
from clearway.core.management.base import FileCommand
from clearway.shipments.generate import shipments_generate


class Command(FileCommand):
    about = gettext_lazy(
        "Write synthetic e-commerce shipment records (illustrative data with a documented shape and injected "
        "defects) to a .parquet or .csv file, or to a folder of Parquet part files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, required=True, help=_("Number of shipment records."))
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help=_("Random seed; the same seed gives the same data."),
        )
        parser.add_argument(
            "--out", required=True, help=_("A .parquet or .csv file, or a folder for part files.")
        )
        parser.add_argument(
            "--format", choices=["parquet", "csv"], help=_("Format of part files in a folder.")
        )
        parser.add_argument(
            "--start",
            default="2025-01",
            help=_("First month of arrivals, YYYY-MM (default 2025-01)."),
        )
        parser.add_argument(
            "--months", type=int, default=12, help=_("Number of months of arrivals (default 12).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows, months = options["rows"], options["months"]
        if rows < 0 or months < 1:
            raise ValidationFailed(_("--rows must be 0 or more and --months 1 or more."))
        try:
            start = dt.datetime.strptime(options["start"], "%Y-%m").date()
        except ValueError:
            raise ValidationFailed(_("--start must look like 2025-01.")) from None
        out = Path(options["out"])
        console = Console(stderr=True)
        started = time.monotonic()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(_("Generating shipments"), total=rows)
            summary = shipments_generate(
                rows=rows,
                seed=options["seed"],
                out=out,
                fmt=options["format"],
                start=start,
                months=months,
                progress=lambda done: progress.update(task, completed=done),
            )
        seconds = time.monotonic() - started
        self.stdout.write(
            _("%(rows)s rows in %(files)s file(s), %(mb).1f MB, %(s).1f s -> %(out)s")
            % {
                "rows": summary.rows,
                "files": len(summary.files),
                "mb": summary.bytes / 1e6,
                "s": seconds,
                "out": out,
            }
        )
