"""`clearway jobs cancel ID`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.actors import SYSTEM
from clearway.core.jobs import job_cancel
from clearway.core.management.base import ClearwayCommand
from clearway.core.management.commands._jobs import job_by_argument


class Command(ClearwayCommand):
    about = gettext_lazy(
        "Cancel a queued or running background job: a running one stops at its next progress report and keeps "
        "nothing of its work."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", help=_("the job's id, as `clearway jobs list` shows it"))

    def handle(self, *args: Any, **options: Any) -> None:
        # No actor: the command line acts as Clearway itself (the audit trail names it so).
        job = job_cancel(job=job_by_argument(options["job"]), actor=SYSTEM)
        self.stdout.write(_("Job %(id)s: %(status)s.") % {"id": job.pk, "status": job.get_status_display()})
