from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def web_processes_default(cores: int | None = None) -> int:
    """gunicorn's rule of thumb, two processes per core plus one, at most 12: pages spend part of their time
    waiting on the database, and each process also runs a few threads."""
    return min(2 * (cores or os.cpu_count() or 1) + 1, 12)


class Command(BaseCommand):
    help = (
        "Serve Clearway with gunicorn (a production WSGI server); static files are served locally by WhiteNoise. "
        "Background jobs run in `clearway worker` processes, not here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"web processes (default: 2 x cores + 1, at most 12; {web_processes_default()} here)",
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per web process (default 4)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.urls import get_resolver
        from gunicorn.app.base import BaseApplication

        from clearway.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        # Every view and what it imports (Ibis for the KPI pages among them) loaded once, here: the workers fork
        # with them, so no worker's first request waits for the imports.
        get_resolver().url_patterns  # noqa: B018
        bind = f"{options['host']}:{options['port']}"
        workers = options["workers"] or web_processes_default()
        control_socket = str(settings.DATA_DIR / "gunicorn.ctl")

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("timeout", 120)
                self.cfg.set("accesslog", "-")
                if "control_socket" in self.cfg.settings:  # gunicorn 24+: one per data folder, not per home
                    self.cfg.set("control_socket", control_socket)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Clearway is serving on http://{bind}/ with {workers} web processes")
        Server().run()
