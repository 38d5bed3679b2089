from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clearway.core.exceptions import ValidationFailed
from clearway.core.management.base import FileCommand
from clearway.shipments.engines import engine_names
from clearway.shipments.kpis import PERIODS, KpiParameters
from clearway.shipments.measures import MEASURES_V1
from clearway.shipments.pipeline import STEPS, ComputeRequest, kpis_compute, result_write
from clearway.shipments.templatetags.shipment_tags import measure_label, measure_value

_STEP_LABELS = {
    "read": gettext_lazy("Reading the input"),
    "duplicates": gettext_lazy("Finding duplicate shipment ids"),
    "quality": gettext_lazy("Checking data quality"),
    "quarantine": gettext_lazy("Writing quarantined rows"),
    "kpis": gettext_lazy("Computing KPIs"),
}


class Command(FileCommand):
    about = gettext_lazy(
        "Compute the shipment KPIs from Parquet or CSV shipment records (a file or a folder) and write the "
        "aggregates (JSON or Parquet). Rows that break the data contract go to a quarantine file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help=_("A .parquet or .csv file, or a folder of them."))
        parser.add_argument(
            "--engine",
            default="duckdb",
            choices=engine_names(),
            help=_("Where the KPIs are computed (default: duckdb, on this machine)."),
        )
        parser.add_argument(
            "--period",
            default="month",
            choices=PERIODS,
            help=_("Period of the breakdowns (default: month)."),
        )
        parser.add_argument(
            "--de-minimis",
            type=float,
            default=150.0,
            help=_("De minimis threshold in national currency (customs_value at or below it)."),
        )
        parser.add_argument(
            "--min-operators",
            type=int,
            default=3,
            help=_(
                "Blank a breakdown's group that fewer distinct operators make up, as it could show one "
                "operator's figures (default: 3; 1 blanks nothing)."
            ),
        )
        parser.add_argument("--out", required=True, help=_("Result file: .json or .parquet."))
        parser.add_argument(
            "--quarantine",
            help=_("Rejected rows file (.parquet or .csv); default beside --out."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix.lower() not in (".json", ".parquet"):
            raise ValidationFailed(_("The output must end in .json or .parquet."))
        quarantine = (
            Path(options["quarantine"])
            if options["quarantine"]
            else out.with_name(f"{out.stem}.quarantine.parquet")
        )
        if quarantine.suffix.lower() not in (".parquet", ".csv"):
            raise ValidationFailed(_("The quarantine file must end in .parquet or .csv."))
        request = ComputeRequest(
            input=Path(options["input"]),
            engine=options["engine"],
            quarantine=quarantine,
            params=KpiParameters(
                period=options["period"],
                de_minimis=options["de_minimis"],
                min_operators=options["min_operators"],
            ),
        )
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(_("Starting"), total=len(STEPS))

            def report(step: str, index: int) -> None:
                progress.update(task, completed=index, description=str(_STEP_LABELS[step]))

            result = kpis_compute(request=request, progress=report)
            progress.update(task, completed=len(STEPS))
        result_write(result=result, out=out)
        self._summary(console, result, out)

    def _summary(self, console: Console, result: dict[str, Any], out: Path) -> None:
        prov, k = result["provenance"], result["kpis"]
        table = Table(title=_("Shipment KPIs (all periods)"), show_header=True)
        table.add_column(_("Measure"))
        table.add_column(_("Value"), justify="right")
        table.add_column(_("Key"), style="dim", overflow="fold")
        for name, value in k.items():
            if name not in MEASURES_V1:
                continue  # the measures of the first result format; the file holds every one
            table.add_row(measure_label(name), measure_value(value, name), name)
        console.print(table)
        self.stdout.write(
            _(
                "%(read)s rows read, %(ok)s accepted, %(bad)s quarantined%(qfile)s; engine %(engine)s %(version)s; "
                "result -> %(out)s"
            )
            % {
                "read": prov["rows_read"],
                "ok": prov["rows_accepted"],
                "bad": prov["rows_quarantined"],
                "qfile": f" ({prov['quarantine_file']})" if prov["quarantine_file"] else "",
                "engine": prov["engine"]["name"],
                "version": prov["engine"]["version"],
                "out": out,
            }
        )
