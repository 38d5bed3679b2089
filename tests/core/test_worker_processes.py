"""Real `clearway worker` processes on the test database: exactly-once runs, a killed worker, restarts,
scheduled work. Nothing here is timed: waits are bounded and poll the database for the state they expect."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

import tests.core.worker_kinds  # noqa: F401  (the job kinds these workers run)
from clearway.core.actors import SYSTEM
from clearway.core.jobs import job_enqueue
from clearway.core.models import AuditEvent, Job, JobStatus, ScheduledRun, WorkerProcess
from tests.core.worker_kinds import OUTPUT_ACTION
from tests.served import free_port, served_database_url

WAIT = 120  # seconds: a bound for slow machines, never a target


def _until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {timeout} s for {what}")


def _outputs(job: Job) -> int:
    return AuditEvent.objects.filter(action=OUTPUT_ACTION, object_id=str(job.pk)).count()


def _log_lines(log: Path) -> Counter[tuple[str, str]]:
    lines = log.read_text(encoding="utf-8").split("\n") if log.exists() else []
    return Counter((line.split()[0], line.split()[1]) for line in lines if line)


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_fifty_jobs_each_exactly_once(worker_processes: Any, tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    first, second = worker_processes(), worker_processes()
    # Both processes are up (each reports itself as a worker) before the jobs arrive: on a busy machine one
    # could otherwise finish all fifty before the other has started.
    _until(lambda: WorkerProcess.objects.count() == 2, "both workers to start")
    jobs = [
        job_enqueue(actor=SYSTEM, kind="tests.work", params={"log": str(log), "seconds": 0})
        for _ in range(50)
    ]
    _until(
        lambda: Job.objects.filter(kind="tests.work", status=JobStatus.SUCCEEDED).count() == 50,
        "50 jobs to succeed",
    )
    lines = _log_lines(log)
    for job in jobs:
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)
        assert lines[(str(job.pk), "start")] == 1 and lines[(str(job.pk), "commit")] == 1
        assert _outputs(job) == 1
    assert WorkerProcess.objects.count() == 2
    assert first.poll() is None and second.poll() is None


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_killed_completes_once_on_another_worker(
    worker_processes: Any, tmp_path: Path
) -> None:
    log = tmp_path / "attempts.log"
    doomed = worker_processes()
    job = job_enqueue(actor=SYSTEM, kind="tests.work", params={"log": str(log), "seconds": 4})
    # Killed once its handler is at work (its first line written), not between the claim and the handler.
    _until(lambda: _log_lines(log)[(str(job.pk), "start")] == 1, "the job to start")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    killed_on = Job.objects.get(pk=job.pk).worker
    worker_processes()
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED, "the job to be taken again")
    job.refresh_from_db()
    assert job.attempts == 2 and job.worker != killed_on
    lines = _log_lines(log)
    assert lines[(str(job.pk), "start")] == 2 and lines[(str(job.pk), "commit")] == 1
    assert _outputs(job) == 1
    assert "stopped answering" not in job.error


@pytest.mark.django_db(transaction=True)
def test_a_job_out_of_attempts_after_lost_workers_fails_with_the_reason(
    worker_processes: Any, tmp_path: Path
) -> None:
    log = tmp_path / "attempts.log"
    job = job_enqueue(actor=SYSTEM, kind="tests.work", params={"log": str(log), "seconds": 30})
    Job.objects.filter(pk=job.pk).update(max_attempts=1)
    doomed = worker_processes()
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING, "the job to start")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    worker_processes()
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, "the job to be given up")
    job.refresh_from_db()
    assert job.failure == "worker_lost" and "stopped answering during attempt 1 of 1" in job.error
    assert _outputs(job) == 0


@pytest.mark.django_db(transaction=True)
def test_restarting_the_web_server_resets_nothing(
    worker_processes: Any, tmp_path: Path, settings: Any
) -> None:
    import sys

    log = tmp_path / "attempts.log"
    worker_processes()
    job = job_enqueue(actor=SYSTEM, kind="tests.work", params={"log": str(log), "seconds": 6})
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING, "the job to start")
    lease = Job.objects.get(pk=job.pk).lease_owner
    port = free_port()
    url = served_database_url()
    env = {
        **os.environ,
        "CLEARWAY_DATABASE_URL": url,
        "CLEARWAY_JOBS_EAGER": "0",
        "CLEARWAY_ENV": "development",
    }
    env["CLEARWAY_DATA_DIR"] = str(tmp_path / "web")
    for _restart in range(2):
        web = subprocess.Popen(
            [sys.executable, "-m", "clearway", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _until(lambda: _answers(port), "the web server to answer")
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=90)  # gunicorn itself gives its workers 30 s (graceful timeout) before killing them
        current = Job.objects.get(pk=job.pk)
        assert current.status in (JobStatus.RUNNING, JobStatus.SUCCEEDED)
        assert current.status == JobStatus.SUCCEEDED or current.lease_owner == lease
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED, "the job to finish")
    assert Job.objects.get(pk=job.pk).attempts == 1
    assert _log_lines(log)[(str(job.pk), "start")] == 1 and _outputs(job) == 1


def _answers(port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_scheduled_work_runs_once_per_occurrence_with_two_workers(
    worker_processes: Any, tmp_path: Path
) -> None:
    (
        worker_processes(schedule_log=tmp_path / "schedule.log"),
        worker_processes(schedule_log=tmp_path / "schedule.log"),
    )
    _until(
        lambda: ScheduledRun.objects.filter(name="tests.every_two_seconds").count() >= 4, "four occurrences"
    )
    runs = list(ScheduledRun.objects.filter(name="tests.every_two_seconds"))
    _until(
        lambda: all(Job.objects.get(pk=run.job_id).status == JobStatus.SUCCEEDED for run in runs),
        "their jobs to finish",
    )
    log = (tmp_path / "schedule.log").read_text(encoding="utf-8").split("\n")
    due_times = Counter(line.split()[0] for line in log if line)
    assert len({run.due_at for run in runs}) == len(runs)  # one record per occurrence
    assert all(due_times[run.due_at.isoformat()] == 1 for run in runs)  # and one run of its job
    assert {run.worker for run in runs} <= set(WorkerProcess.objects.values_list("worker_id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_running_job_stops_and_keeps_nothing(worker_processes: Any, tmp_path: Path) -> None:
    from clearway.core.jobs import job_cancel

    log = tmp_path / "attempts.log"
    worker_processes()
    job = job_enqueue(actor=SYSTEM, kind="tests.work", params={"log": str(log), "seconds": 20})
    _until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING, "the job to start")
    job_cancel(job=Job.objects.get(pk=job.pk), actor=SYSTEM)
    entry = DBTaskResult.objects.get(pk=job.task_id)
    _until(
        lambda: DBTaskResult.objects.get(pk=entry.pk).status == "SUCCESSFUL", "the worker to let the job go"
    )
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and _outputs(job) == 0
    assert _log_lines(log)[(str(job.pk), "commit")] == 0


@pytest.mark.django_db(transaction=True)
def test_an_error_is_retried_only_where_the_kind_says_it_is_safe(
    worker_processes: Any, tmp_path: Path
) -> None:
    log = tmp_path / "attempts.log"
    worker_processes()
    flaky = job_enqueue(actor=SYSTEM, kind="tests.flaky", params={"log": str(log)})
    _until(lambda: Job.objects.get(pk=flaky.pk).status == JobStatus.SUCCEEDED, "the retried job", WAIT)
    flaky.refresh_from_db()
    assert flaky.attempts == 2 and flaky.result == {"attempt": 2}
