"""`clearway jobs workers`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.table import Table

from clearway.core.jobs_operations import WorkerRow, worker_alive_window, worker_rows
from clearway.core.management.base import ClearwayCommand
from clearway.core.management.commands._jobs import table_print, when


class Command(ClearwayCommand):
    about = gettext_lazy(
        "List the `clearway worker` processes: where they run, when they were last heard from, the job each "
        "runs, and whether they are alive."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = worker_rows()
        if not rows:
            self.stdout.write(_("No worker has run yet: start one with `clearway worker`."))
            return
        table_print(self.stdout, self._table(rows))
        self.stdout.write(
            _("A worker is alive when it was heard from in the last %(seconds)s seconds.")
            % {"seconds": int(worker_alive_window().total_seconds())}
        )

    def _table(self, rows: list[WorkerRow]) -> Table:
        table = Table()
        table.add_column(_("Worker"), no_wrap=True)
        table.add_column(_("Host"))
        table.add_column(_("PID"), justify="right")
        for title in (_("Started"), _("Last seen"), _("Current job"), _("State")):
            table.add_column(title)
        for row in rows:
            worker = row.worker
            job = worker.job
            table.add_row(
                worker.worker_id,
                worker.hostname,
                str(worker.pid),
                when(worker.started_at),
                when(worker.seen_at, seconds=True),
                f"{job.kind} {job.pk}" if job else "–",
                row.state,
            )
        return table
