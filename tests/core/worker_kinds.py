"""Job kinds and a schedule for the worker process tests; imported by the workers these tests start.

Each attempt appends a line to the job's log file (`params["log"]`), outside the database, so a test can count
attempts; the output (an audit event about the job) is written by the commit, with the job's success.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.jobs import Commit, ProgressCallback, job_handler
from clearway.core.models import Job
from clearway.core.schedules import Schedule, schedule_register

# What a job writes with its output, to count its successes: a declared code (audit_record refuses others) that
# nothing else records about a job.
OUTPUT_ACTION = "core.admin.change"


def _log(job: Job, line: str) -> None:
    with Path(job.params["log"]).open("a", encoding="utf-8") as handle:
        handle.write(f"{job.pk} {line} {os.getpid()}\n")


@job_handler("tests.work", label="tests.work")
def work(job: Job, progress: ProgressCallback) -> Commit:
    """Works `seconds` in steps of a tenth, reporting progress, then keeps one output row."""
    _log(job, "start")
    steps = max(int(job.params.get("seconds", 0) * 10), 1)
    for step in range(steps):
        time.sleep(0.1 if job.params.get("seconds") else 0)
        progress(step / steps, "working")

    def commit() -> dict[str, Any]:
        audit_record(actor=SYSTEM, action=OUTPUT_ACTION, instance=job)
        _log(job, "commit")
        return {"pid": os.getpid()}

    return commit


@job_handler("tests.flaky", label="tests.flaky", retry_on_error=True)
def flaky(job: Job, progress: ProgressCallback) -> Commit:
    """Fails on its first attempt, succeeds on the next."""
    _log(job, "start")
    if job.attempts == 1:
        raise OSError("the disk was full for a moment")
    return lambda: {"attempt": job.attempts}


@job_handler("tests.scheduled", label="tests.scheduled")
def scheduled(job: Job, progress: ProgressCallback) -> Commit:
    log = Path(os.environ["CLEARWAY_TEST_SCHEDULE_LOG"])

    def commit() -> dict[str, Any]:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{job.params['due_at']} {job.pk} {os.getpid()}\n")
        return {}

    return commit


if os.environ.get("CLEARWAY_TEST_SCHEDULE_LOG"):
    schedule_register(
        Schedule(name="tests.every_two_seconds", kind="tests.scheduled", every=timedelta(seconds=2))
    )
