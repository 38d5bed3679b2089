"""Pages under load: Clearway served as `clearway serve` serves it, N signed-in users at once, each page against a
bare endpoint on the same stack measured in the same run.

    python benchmarks/web.py [--database-url postgres://postgres@127.0.0.1:5432/clearway_bench] [--scale full]
                             [--users 20,100] [--seconds 15] [--pages home,members,...] [--json]

It prepares the database (migrate, reference and demo data at the chosen scale; skipped with --no-load when it is
loaded already), starts `clearway serve` on a free port, and for each number of users and each page runs Locust
(as a library) with that many users requesting the page without pause, then the bare endpoint (`/ping/`: a
signed-in view that renders nothing, through the same middleware, sessions and authentication). It prints per
page requests per second, p50 and p95 in milliseconds, errors, and the ratio of the page's throughput to the
bare endpoint's of the same round. The ratios are what count: machines here are shared and noisy.
"""

from __future__ import annotations

# Locust runs on gevent, which must patch the standard library before anything else imports it.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLEARWAY = str(ROOT / ".venv" / "bin" / "clearway")
PASSWORD = "clearway-demo-2026"
PERSONAS = {"secretariat": "secretariat", "focal": "focal.ken"}


@dataclass(frozen=True)
class Page:
    key: str
    persona: str
    path: str


@dataclass
class Measure:
    users: int
    page: str
    path: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    bare_rps: float
    bare_p95_ms: float

    @property
    def ratio(self) -> float:
        return self.rps / self.bare_rps if self.bare_rps else 0.0


def pages_resolve(env: dict[str, str]) -> list[Page]:
    """The 15 pages users open most, with ids from the loaded data (read in a subprocess: this one runs gevent)."""
    script = (
        "import json, django; django.setup(); "
        "from clearway.most_opened import most_opened_pages; "
        "print(json.dumps(most_opened_pages()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return [Page(key, persona, path) for key, persona, path in json.loads(out.strip().splitlines()[-1])]


def user_class(host: str, username: str, path: str) -> type[HttpUser]:
    """A signed-in user requesting one path again and again."""

    class Visitor(HttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            login = self.client.get("/accounts/login/", name="(sign in)")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
            self.client.post(
                "/accounts/login/",
                {
                    "username": username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                },
                headers={"Referer": host + "/accounts/login/"},
                name="(sign in)",
            )

        @task
        def visit(self) -> None:
            with self.client.get(path, name=path, catch_response=True) as response:
                if response.status_code == 0:  # no answer: say why (reset, refused, timed out)
                    response.failure(f"no response: {response.error!r}")
                elif response.status_code != 200 or "/accounts/login/" in response.url:
                    response.failure(f"{response.status_code} {response.url}")

    Visitor.host = host
    return Visitor


def load_run(
    host: str, username: str, path: str, users: int, seconds: float
) -> tuple[int, int, float, float, float]:
    """(requests, errors, requests/s, p50 ms, p95 ms) for `users` users on `path` for `seconds` after sign-in."""
    env = Environment(user_classes=[user_class(host, username, path)])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + 120
    while runner.user_count < users and time.monotonic() < deadline:  # all spawned...
        gevent.sleep(0.1)
    while (
        env.stats.get("(sign in)", "POST").num_requests < users and time.monotonic() < deadline
    ):  # signed in
        gevent.sleep(0.1)
    env.stats.reset_all()
    gevent.sleep(seconds)
    entry = env.stats.get(path, "GET")
    for error in sorted(env.stats.errors.values(), key=lambda e: -e.occurrences)[:3]:
        print(f"      {error.occurrences} x {error.method} {error.name}: {error.error}", file=sys.stderr)
    result = (
        entry.num_requests,
        entry.num_failures,
        entry.num_requests / seconds,
        float(entry.get_response_time_percentile(0.5) or 0),
        float(entry.get_response_time_percentile(0.95) or 0),
    )
    runner.quit()
    return result


def server_start(
    env: dict[str, str], workers: int | None, log: str = ""
) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = [CLEARWAY, "serve", "--port", str(port)] + (["--workers", str(workers)] if workers else [])
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115  (the server's, closed with it)
    server = subprocess.Popen(args, env=env, stdout=output, stderr=output)
    host = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(host + "/api/health", timeout=2):
                return server, host
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def data_prepare(env: dict[str, str], scale: str) -> None:
    for args in (["migrate", "--no-input"], ["reference", "load"], ["demo", "load", "--scale", scale]):
        print("$ clearway", " ".join(args), file=sys.stderr)
        subprocess.run([CLEARWAY, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/clearway_bench")
    parser.add_argument("--scale", default="full", choices=["small", "full"])
    parser.add_argument("--no-load", action="store_true", help="the database holds the data already")
    parser.add_argument("--users", default="20,100")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--workers", type=int, default=None, help="web processes (default: as clearway serve)"
    )
    parser.add_argument("--pages", default="", help="comma list of page keys (default: all 15)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--server-log", default="", help="append the server's output (errors) to this file")
    options = parser.parse_args()

    env = {
        **os.environ,
        "CLEARWAY_DATABASE_URL": options.database_url,
        "DJANGO_SETTINGS_MODULE": "clearway.settings",
    }
    env.setdefault("CLEARWAY_DATA_DIR", str(ROOT / "var" / "bench"))
    env["CLEARWAY_LOGIN_FAILURE_LIMIT"] = "1000"
    if options.database_url.startswith("postgres"):
        name = options.database_url.rsplit("/", 1)[1]
        subprocess.run(
            [
                "psql",
                options.database_url.rsplit("/", 1)[0] + "/postgres",
                "-qc",
                f'CREATE DATABASE "{name}"',
            ],
            capture_output=True,
        )
    if not options.no_load:
        data_prepare(env, options.scale)
    pages = pages_resolve(env)
    if options.pages:
        wanted = set(options.pages.split(","))
        pages = [p for p in pages if p.key in wanted]
    server, host = server_start(env, options.workers, options.server_log)
    measures: list[Measure] = []
    try:
        for users in (int(u) for u in options.users.split(",")):
            for page in pages:
                username = PERSONAS[page.persona]
                requests, errors, rps, p50, p95 = load_run(host, username, page.path, users, options.seconds)
                _b_requests, _b_errors, bare_rps, _b50, bare_p95 = load_run(
                    host, username, "/ping/", users, options.seconds
                )
                measure = Measure(
                    users, page.key, page.path, requests, errors, rps, p50, p95, bare_rps, bare_p95
                )
                measures.append(measure)
                if not options.json:
                    print(
                        f"{users:>4} users  {page.key:<18} {rps:7.1f} req/s  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms"
                        f"  errors {errors:<4} bare {bare_rps:7.1f} req/s (p95 {bare_p95:4.0f} ms)"
                        f"  ratio {measure.ratio:6.1%}",
                        flush=True,
                    )
    finally:
        server.terminate()
        server.wait(timeout=60)
    if options.json:
        print(json.dumps([{**asdict(m), "ratio": m.ratio} for m in measures], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
