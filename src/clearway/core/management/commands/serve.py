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


def base_url_for(*, host: str, port: int) -> str:
    """Where e-mail links point: CLEARWAY_BASE_URL when set, else this server's own address and port."""
    if os.environ.get("CLEARWAY_BASE_URL", "").strip():
        return str(settings.CLEARWAY_BASE_URL)
    reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    return f"http://{reachable}:{port}"


def gunicorn_options(*, bind: str, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings. Its control socket (gunicorn 24+) goes in the data folder, one per instance: by
    default every instance of every project on the machine would share one path in the home folder.

    Idle connections are kept open 30 seconds (gunicorn's default is 2): a browser or a reverse proxy reuses its
    connection after a pause, and with 2 seconds the server closed it as the next request was sent, which under
    load failed requests with "connection closed without response" (100 users: 96 of 400 sign-ins in one run). Idle
    connections wait in each process's poller, not in its threads."""
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 120,
        "keepalive": 30,
        "accesslog": "-",
        "control_socket": str(settings.DATA_DIR / "gunicorn.ctl"),
    }


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
        gunicorn_settings = gunicorn_options(bind=bind, workers=workers, threads=options["threads"])
        # The web processes fork from this one: the links of the e-mails they send name this port.
        settings.CLEARWAY_BASE_URL = base_url_for(host=options["host"], port=options["port"])

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for name, value in gunicorn_settings.items():
                    if name in self.cfg.settings:  # control_socket: gunicorn 24+ only
                        self.cfg.set(name, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Clearway is serving on http://{bind}/ with {workers} web processes")
        Server().run()
