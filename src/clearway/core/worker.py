"""`clearway worker`: the process that runs queued jobs and scheduled work.

One worker process runs one job at a time. Its loop: take the next ready queue entry (django-tasks-db's own
claim: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite) and run it; every
third of a lease, do the shared housekeeping (take back jobs whose worker died, queue due scheduled work, say
it is alive). `--concurrency N` starts N such processes under one supervisor, which starts again any that
dies. A database that stops answering (a PostgreSQL restart) pauses the loop, which retries with a growing
wait and carries on when it is back.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clearway.core.jobs import CONNECTION_ERRORS, jobs_reap
from clearway.core.models import WorkerProcess
from clearway.core.schedules import schedules_run_due
from clearway.core.tasks import current_worker

logger = logging.getLogger("clearway.worker")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def worker_id_new() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(self, *, worker_id: str, poll_seconds: float = 1.0, max_jobs: int | None = None) -> None:
        self.worker_id = worker_id
        self.poll_seconds = poll_seconds
        self.max_jobs = max_jobs
        self.stopping = threading.Event()
        self.busy = False
        self.interrupted = False
        self.jobs_run = 0
        self._housekeeping_due = 0.0

    def stop(self, signum: int, frame: FrameType | None) -> None:
        # A second Ctrl-C leaves at once (the job's lease runs out and another worker takes it); SIGTERM, even
        # after a Ctrl-C (`./dev up` sends one when it stops), always lets the current job finish.
        if signum == signal.SIGINT and self.interrupted:
            sys.exit(1)
        self.interrupted = self.interrupted or signum == signal.SIGINT
        if not self.stopping.is_set():
            logger.warning(
                "worker %s: stopping after the current job (Ctrl-C again to stop at once)", self.worker_id
            )
        self.stopping.set()

    def run(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.stop)
        current_worker.set(self.worker_id)
        logger.info("worker %s: started", self.worker_id)
        failures = 0
        while not self.stopping.is_set():
            try:
                close_old_connections()
                self._housekeeping()
                worked = self._run_next()
                failures = 0
            except CONNECTION_ERRORS as exc:
                failures += 1
                wait = min(2.0**failures, 30.0)
                logger.warning(
                    "worker %s: the database failed (%s); trying again in %.0f s", self.worker_id, exc, wait
                )
                connection.close()
                self.stopping.wait(wait)
                continue
            if self.max_jobs is not None and self.jobs_run >= self.max_jobs:
                break
            if not worked:
                self.stopping.wait(self.poll_seconds)
        self._record(stopped=True)
        logger.info("worker %s: stopped after %d job(s)", self.worker_id, self.jobs_run)

    def _housekeeping(self) -> None:
        if time.monotonic() < self._housekeeping_due:
            return
        self._record()
        jobs_reap()
        schedules_run_due(worker=self.worker_id)
        self._housekeeping_due = time.monotonic() + settings.JOBS_LEASE_SECONDS / 3

    def _record(self, *, stopped: bool = False, job_id: object = None) -> None:
        now = timezone.now()
        WorkerProcess.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now, "stopped_at": now if stopped else None, "job_id": job_id},
            create_defaults={
                "hostname": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
            },
        )

    def _run_next(self) -> bool:
        entry = self._claim()
        if entry is None:
            return False
        job_id = (entry.args_kwargs.get("args") or [None])[0]
        self._record(job_id=job_id)
        self.busy = True
        try:
            task = entry.task
            task.call(*entry.args_kwargs["args"], **entry.args_kwargs["kwargs"])
            entry.set_successful(None)
        except CONNECTION_ERRORS:
            raise  # the entry stays taken; `jobs_reap` closes it once its job's lease has run out
        except Exception as exc:  # an entry that cannot be run at all (its task was renamed): record why
            logger.exception("worker %s: queue entry %s failed", self.worker_id, entry.pk)
            entry.set_failed(exc)
        finally:
            self.busy = False
            self.jobs_run += 1
        self._record()
        return True

    def _claim(self) -> DBTaskResult[Any, Any] | None:
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        try:
            with exclusive_transaction(ready.db):
                entry = ready.get_locked()
                if entry is not None:
                    entry.claim(self.worker_id)
                return entry
        except OperationalError as exc:
            if is_locked_database_exception(exc):  # SQLite busy with another writer: try again next turn
                return None
            raise


def worker_supervise(*, concurrency: int, argv: list[str]) -> int:
    """Run `concurrency` worker processes and start again any that exits unexpectedly, until stopped."""
    stopping = threading.Event()
    children: list[subprocess.Popen[bytes]] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)

    def start() -> subprocess.Popen[bytes]:
        # Its own process group: a Ctrl-C in the terminal reaches the supervisor, which passes it on once.
        return subprocess.Popen(
            [sys.executable, "-m", "clearway", *argv, "--concurrency", "1"], process_group=0
        )

    children.extend(start() for _ in range(concurrency))
    logger.info("worker supervisor: %d worker processes started", concurrency)
    while not stopping.is_set():
        for index, child in enumerate(children):
            if child.poll() is not None and not stopping.is_set():
                logger.warning(
                    "worker process %s exited with %s; starting another", child.pid, child.returncode
                )
                children[index] = start()
        stopping.wait(1.0)
    return max((child.wait() for child in children), default=0)
