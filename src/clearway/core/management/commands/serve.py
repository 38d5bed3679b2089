from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Clearway with gunicorn (a production WSGI server); static files are served locally by WhiteNoise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="processes; background jobs run in each")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.urls import get_resolver
        from gunicorn.app.base import BaseApplication

        from clearway.core.jobs import jobs_resume
        from clearway.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        # Every view and what it imports (Ibis for the KPI pages among them) loaded once, here: the workers fork
        # with them, so no worker's first request waits for the imports.
        get_resolver().url_patterns  # noqa: B018
        stdout = self.stdout

        def resume_jobs(worker: Any) -> None:
            # In the worker, not the master: job threads do not survive gunicorn's fork.
            resumed = jobs_resume()
            if resumed:
                stdout.write(f"re-queued {resumed} background job(s) left by a previous run")

        bind = f"{options['host']}:{options['port']}"

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                self.cfg.set("bind", bind)
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("timeout", 120)
                self.cfg.set("accesslog", "-")
                self.cfg.set("post_worker_init", resume_jobs)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Clearway is serving on http://{bind}/")
        Server().run()
