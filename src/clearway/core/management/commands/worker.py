from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.management.base import ClearwayCommand


class Command(ClearwayCommand):
    about = gettext_lazy(
        "Run queued background jobs and scheduled work (reports, KPI computations, reminders, clean-ups) until "
        "stopped with Ctrl-C or SIGTERM, which let the current job finish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=1,
            help=_("worker processes, each running one job at a time (default 1)"),
        )
        parser.add_argument(
            "--poll", type=float, default=1.0, help=_("seconds between looks at an empty queue (default 1)")
        )
        parser.add_argument("--max-jobs", type=int, default=None, help=_("stop after this many jobs"))

    def handle(self, *args: Any, **options: Any) -> None:
        from clearway.core.worker import Worker, worker_id_new, worker_supervise

        concurrency = options["concurrency"]
        if concurrency < 1:
            raise CommandError(_("--concurrency must be 1 or more."))
        logging.getLogger("clearway.worker").setLevel(logging.INFO)
        if concurrency > 1:
            argv = ["worker", "--poll", str(options["poll"])]
            if options["max_jobs"]:
                argv += ["--max-jobs", str(options["max_jobs"])]
            raise SystemExit(worker_supervise(concurrency=concurrency, argv=argv))
        Worker(worker_id=worker_id_new(), poll_seconds=options["poll"], max_jobs=options["max_jobs"]).run()
