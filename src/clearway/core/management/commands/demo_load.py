from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clearway.core.demo_scale import (
    SCALES,
    ProgressFactory,
    ScaleProgress,
    demo_data_load,
    demo_environment_check,
)


class _Bar:
    """One app's line of the progress display."""

    def __init__(self, progress: Progress, description: str) -> None:
        self._progress = progress
        self._task = progress.add_task(description, total=0)

    def add(self, total: int) -> None:
        task = self._progress.tasks[self._task]
        self._progress.update(self._task, total=(task.total or 0) + total)

    def advance(self, done: int = 1) -> None:
        self._progress.advance(self._task, done)


@contextmanager
def _progress_shown(*, shown: bool) -> Iterator[ProgressFactory]:
    """A line per app on the terminal's error stream (nothing when it is not a terminal)."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # App names in the language the command speaks, read before the data is loaded in the default language.
    names = {config.label: str(config.verbose_name) for config in apps.get_app_configs()}
    with Progress(*columns, console=console, disable=not (shown and console.is_terminal)) as progress:

        @contextmanager
        def bar(app: str) -> Iterator[ScaleProgress]:
            yield _Bar(progress, names.get(app, app))

        yield bar


class Command(BaseCommand):
    help = (
        "Load the illustrative demo data (idempotent: running it twice changes nothing). "
        "--scale full loads a whole programme on top of it, for measuring pages at their real size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small (default): a few dozen Members. full: all 187 Members, five closed cycles and the open "
            "one, 50 surveys of 187 responses, 1,000 activities, 300 requests, 200 AEO programmes, "
            "400 arrangements, 40 KPI results, 20 reports, 100,000 audit events (a few minutes).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        demo_environment_check()  # before the reference data: nothing at all is written in production
        # What is stored does not depend on the shell's locale (the command otherwise speaks it: clearway.cli).
        with translation.override(settings.LANGUAGE_CODE):
            call_command("reference_load", stdout=self.stdout)
        with _progress_shown(shown=scale.extends) as progress, translation.override(settings.LANGUAGE_CODE):
            done = demo_data_load(scale=scale, progress=progress)
        for app, result, seconds in done:
            self.stdout.write(f"{app}: {result}" + (f" ({seconds:.1f} s)" if scale.extends else ""))
