"""Shared fixtures: reference data loaded once, and personas (secretariat, focal points of Members A and B, ...)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from clearway.core.actors import SYSTEM

os.environ.setdefault("CLEARWAY_ENV", "test")
os.environ.setdefault("CLEARWAY_JOBS_EAGER", "1")
# Commands run as subprocesses speak English whatever the locale of the machine running the tests; tests of
# the command's language set their own environment.
os.environ["CLEARWAY_LANGUAGE"] = "en"

PASSWORD = "persona-password-2026"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.JOBS_EAGER = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast in tests only
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """Cached page parts are keyed by audit event ids, which a rolled-back test gives out again: start empty."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A page read in French leaves French active in the thread; the next test starts in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Reference data (editions, standards, regions, Members, catalogues) once per test session."""
    with django_db_blocker.unblock():
        call_command("reference_load", verbosity=0)


def _wants_transactional_db(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])):
        return True
    return "transactional_db" in request.fixturenames or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live server, on_commit jobs) start from a flushed database: reload reference data."""
    if not _wants_transactional_db(request):
        return
    request.getfixturevalue("transactional_db")
    from clearway.members.models import Member

    if not Member.objects.exists():
        call_command("reference_load", verbosity=0)


@pytest.fixture
def member_a(db: Any) -> Any:
    from clearway.members.models import Member

    return Member.objects.get(iso3="KEN")


@pytest.fixture
def member_b(db: Any) -> Any:
    from clearway.members.models import Member

    return Member.objects.get(iso3="UGA")


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from clearway.accounts.services import user_create

    counter = {"n": 0}

    def make(
        role: str, *, member: Any = None, region: Any = None, username: str | None = None, **kw: Any
    ) -> Any:
        counter["n"] += 1
        return user_create(
            actor=SYSTEM,
            username=username or f"{role}-{counter['n']}",
            password=PASSWORD,
            role=role,
            member=member,
            region=region,
            email=f"{role}{counter['n']}@example.org",
            **kw,
        )

    return make


@pytest.fixture
def secretariat(make_user: Callable[..., Any]) -> Any:
    return make_user("secretariat_staff", username="sec", first_name="Sam")


@pytest.fixture
def focal_a(make_user: Callable[..., Any], member_a: Any) -> Any:
    return make_user("member_focal_point", member=member_a, username="focal-a")


@pytest.fixture
def contributor_a(make_user: Callable[..., Any], member_a: Any) -> Any:
    return make_user("member_contributor", member=member_a, username="contrib-a")


@pytest.fixture
def focal_b(make_user: Callable[..., Any], member_b: Any) -> Any:
    return make_user("member_focal_point", member=member_b, username="focal-b")


@pytest.fixture
def observer(make_user: Callable[..., Any]) -> Any:
    return make_user("observer", username="obs")


@pytest.fixture
def regional_esa(make_user: Callable[..., Any], db: Any) -> Any:
    from clearway.members.models import Region

    return make_user("regional_office", region=Region.objects.get(code="ESA"), username="rocb-esa")


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    return _client_for


@pytest.fixture
def anon_client() -> Client:
    return Client()


# Short enough for the tests of a killed worker to wait little; long enough that a heartbeat (every third of it)
# is never late on a busy machine (CI runs two suites and browsers side by side on two cores).
LEASE_IN_TESTS = 6


@pytest.fixture
def worker_processes(settings: Any, transactional_db: Any) -> Iterator[Callable[..., Any]]:
    """Start real `clearway worker` processes on the test database and media folder, with short leases and
    this suite's job kinds (tests/core/worker_kinds.py); jobs enqueued by the test go to the database queue.
    Each started process is stopped (SIGTERM, then SIGKILL) at the end of the test."""
    import subprocess
    import sys

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_LEASE_SECONDS = LEASE_IN_TESTS
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "CLEARWAY_DATABASE_URL": url,
        "CLEARWAY_MEDIA_DIR": str(settings.MEDIA_ROOT),
        "CLEARWAY_JOBS_EAGER": "0",
        "CLEARWAY_JOBS_LEASE_SECONDS": str(LEASE_IN_TESTS),
        "CLEARWAY_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "clearway.settings",
    }
    root = Path(__file__).resolve().parent.parent
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, schedule_log: Path | None = None) -> subprocess.Popen[str]:
        # With `schedule_log`, the workers also run the suite's two-second schedule, writing each run there.
        code = "import django; django.setup(); import tests.core.worker_kinds; from clearway.cli import main; main()"
        process = subprocess.Popen(
            [sys.executable, "-c", code, "worker", "--poll", "0.1", *args],
            cwd=root,
            env={**env, "CLEARWAY_TEST_SCHEDULE_LOG": str(schedule_log)} if schedule_log else env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # Shown by pytest when the test fails.
        print(
            f"--- worker {process.pid} (exit {process.returncode}) ---\n{process.stdout.read() if process.stdout else ''}"
        )
