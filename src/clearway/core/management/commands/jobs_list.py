"""`clearway jobs list [--status S] [--kind K] [--limit N]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.table import Table

from clearway.core.actors import SYSTEM
from clearway.core.exceptions import ValidationFailed
from clearway.core.i18n import percent_format
from clearway.core.jobs import job_list
from clearway.core.jobs_operations import JobRow, job_rows
from clearway.core.management.base import ClearwayCommand
from clearway.core.management.commands._jobs import table_print, when
from clearway.core.models import JobStatus


class Command(ClearwayCommand):
    about = gettext_lazy(
        "List background jobs, newest first: kind, status, attempts, progress, worker, and why those that failed "
        "or are stuck did not finish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--status", choices=JobStatus.values, help=_("only jobs with this status"))
        parser.add_argument("--kind", help=_("only jobs of this kind (e.g. reports.generate)"))
        parser.add_argument("--limit", type=int, default=50, help=_("at most this many jobs (default 50)"))

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 1:
            raise ValidationFailed(field_errors={"--limit": [_("Give a whole number of 1 or more.")]})
        # The command line acts as Clearway itself: every job, whoever asked for it.
        jobs = job_list(viewer=SYSTEM, status=options["status"], kind=options["kind"])
        total = jobs.count()
        if not total:
            self.stdout.write(_("No jobs."))
            return
        table_print(self.stdout, self._table(job_rows(jobs[:limit])))
        if total > limit:
            self.stdout.write(
                _("%(shown)d of %(total)d jobs shown; --limit shows more.") % {"shown": limit, "total": total}
            )

    def _table(self, rows: list[JobRow]) -> Table:
        table = Table()
        table.add_column(_("ID"), no_wrap=True)
        for title in (_("Kind"), _("Status")):
            table.add_column(title)
        for title in (_("Attempts"), _("Progress")):
            table.add_column(title, justify="right")
        for title in (_("Created"), _("Worker"), _("Reason")):
            table.add_column(title)
        for row in rows:
            job = row.job
            status = job.get_status_display()
            table.add_row(
                str(job.pk),
                job.kind,
                _("%(status)s (stuck)") % {"status": status} if row.stuck else status,
                f"{job.attempts}/{job.max_attempts}",
                percent_format(job.progress),
                when(job.created_at),
                job.worker or "–",
                row.stuck or row.reason,
            )
        return table
