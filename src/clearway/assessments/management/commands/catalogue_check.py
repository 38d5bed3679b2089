"""`clearway catalogue check FILE…`: validate KPI catalogue files before publishing them (nothing is written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearway.assessments.reference import catalogue_check
from clearway.core.exceptions import NotFound


class Command(BaseCommand):
    help = "Check KPI catalogue files (YAML): every problem is reported with file, line and field."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="catalogue files, e.g. clearway-2022-v3.yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise NotFound(f"{name}: no such file")
            spec = catalogue_check(path)  # raises ValidationFailed listing every problem (exit code 2)
            kinds: dict[str, int] = {}
            for _standard, values in spec.indicators:
                kinds[values["kind"]] = kinds.get(values["kind"], 0) + 1
            summary = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            self.stdout.write(
                f"{path.name}: valid – {spec.code} v{spec.version}, edition {spec.edition.code}, "
                f"{len(spec.indicators)} indicators ({summary})"
            )
