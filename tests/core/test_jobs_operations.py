"""Operators watch and steer background jobs: `clearway jobs list|retry|cancel|workers` and the `/jobs/` page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from clearway.cli import main
from clearway.core.jobs import job_handler
from clearway.core.models import AuditEvent, Job, JobFailure, JobStatus, WorkerProcess

STUCK_RUNNING = "Its worker stopped answering; another worker will take it again."
STUCK_QUEUED = "No worker has taken it yet: is `clearway worker` running?"


@job_handler("tests.ops_report", label="tests.ops_report")
def _ops_report(job: Job, progress: Any) -> dict[str, str]:
    return {"done": "yes"}


def _failed(**kw: Any) -> Job:
    return Job.objects.create(
        kind="tests.ops_report",
        status=JobStatus.FAILED,
        failure=JobFailure.ERROR,
        error="the disk is full\n\nTraceback (most recent call last): ...",
        attempts=3,
        max_attempts=3,
        worker="host:41:abc123",
        finished_at=timezone.now(),
        **kw,
    )


def _running(*, lease_left: timedelta = timedelta(seconds=30), **kw: Any) -> Job:
    now = timezone.now()
    return Job.objects.create(
        kind="shipments.compute",
        status=JobStatus.RUNNING,
        attempts=1,
        progress=0.4,
        worker="host:42:def456",
        started_at=now,
        lease_owner="host:42:def456/token",
        lease_expires_at=now + lease_left,
        **kw,
    )


def _queued(**kw: Any) -> Job:
    return Job.objects.create(kind="reports.generate", **kw)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["jobs", *args])
    out, err = capsys.readouterr()
    return code, out, err


# The command closes its database connection when it ends: its tests use a transactional database.
cli_test = pytest.mark.django_db(transaction=True)


@cli_test
def test_jobs_list_shows_each_job_with_why_it_failed_or_is_stuck(capsys: pytest.CaptureFixture[str]) -> None:
    failed, stuck, queued = _failed(), _running(lease_left=-timedelta(minutes=5)), _queued()
    code, out, _err = _run(capsys, "list")
    assert code == 0
    lines = {
        job: next(line for line in out.splitlines() if str(job.pk) in line) for job in (failed, stuck, queued)
    }
    assert "tests.ops_report" in lines[failed] and "3/3" in lines[failed]
    assert "the disk is full" in lines[failed]
    assert "Running (stuck)" in lines[stuck] and STUCK_RUNNING in lines[stuck] and "40%" in lines[stuck]
    assert "Queued" in lines[queued] and "(stuck)" not in lines[queued]


@cli_test
def test_jobs_list_filters_by_status_and_kind_and_says_what_the_limit_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    failed, running, queued = _failed(), _running(), _queued()
    _code, out, _err = _run(capsys, "list", "--status", "failed")
    assert str(failed.pk) in out and str(running.pk) not in out and str(queued.pk) not in out
    _code, out, _err = _run(capsys, "list", "--kind", "reports.generate")
    assert str(queued.pk) in out and str(failed.pk) not in out
    _code, out, _err = _run(capsys, "list", "--limit", "1")
    assert sum(str(job.pk) in out for job in (failed, running, queued)) == 1
    assert "1 of 3 jobs shown; --limit shows more." in out
    assert _run(capsys, "list", "--limit", "0")[0] == 2
    assert _run(capsys, "list", "--status", "cancelled")[1].strip() == "No jobs."


@cli_test
def test_jobs_retry_runs_a_failed_job_again_as_clearway_and_audits_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    job = _failed()
    code, out, _err = _run(capsys, "retry", str(job.pk))
    assert code == 0 and out.strip() == f"Job {job.pk}: Queued."
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"done": "yes"}  # run inline once committed
    event = AuditEvent.objects.get(action="core.job.retry", object_id=str(job.pk))
    assert event.actor is None and event.actor_label == "system"
    assert event.before == {"status": "failed", "attempts": 3}


@cli_test
def test_jobs_cancel_stops_a_queued_job_once(capsys: pytest.CaptureFixture[str]) -> None:
    job = _queued()
    code, out, _err = _run(capsys, "cancel", str(job.pk))
    assert code == 0 and out.strip() == f"Job {job.pk}: Cancelled."
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.failure == JobFailure.CANCELLED
    assert AuditEvent.objects.filter(action="core.job.cancel", object_id=str(job.pk)).count() == 1
    code, _out, err = _run(capsys, "cancel", str(job.pk))
    assert code == 5 and "This job has already finished." in err


@cli_test
def test_a_malformed_job_id_is_bad_input_and_an_unknown_one_is_not_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = _run(capsys, "retry", "12345")
    assert code == 2 and "“12345” is not a job id (`clearway jobs list` shows them)." in err
    unknown = "00000000-0000-0000-0000-000000000042"
    code, _out, err = _run(capsys, "cancel", unknown)
    assert code == 4 and f"No job has the id {unknown}." in err


@cli_test
def test_jobs_workers_says_which_workers_are_alive(capsys: pytest.CaptureFixture[str], settings: Any) -> None:
    settings.JOBS_LEASE_SECONDS = 60
    now = timezone.now()
    busy = _running()
    common = {"hostname": "ops-1", "started_at": now - timedelta(hours=1)}
    WorkerProcess.objects.create(worker_id="ops-1:10:aaaaaa", pid=10, seen_at=now, job=busy, **common)
    WorkerProcess.objects.create(
        worker_id="ops-1:11:bbbbbb", pid=11, seen_at=now - timedelta(hours=1), **common
    )
    WorkerProcess.objects.create(
        worker_id="ops-1:12:cccccc", pid=12, seen_at=now - timedelta(minutes=50), stopped_at=now, **common
    )
    code, out, _err = _run(capsys, "workers")
    assert code == 0
    line = {wid: next(x for x in out.splitlines() if wid in x) for wid in ("aaaaaa", "bbbbbb", "cccccc")}
    assert "Alive" in line["aaaaaa"] and f"shipments.compute {busy.pk}" in line["aaaaaa"]
    assert "Not answering" in line["bbbbbb"]
    assert "Stopped" in line["cccccc"]
    assert "heard from in the last 120 seconds" in out


@cli_test
def test_jobs_workers_says_when_no_worker_ever_ran(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "workers")[1].strip() == "No worker has run yet: start one with `clearway worker`."


def test_the_page_shows_the_secretariat_each_job_in_words_with_why_it_failed_or_is_stuck(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    failed = _failed(created_by=focal_a)
    stuck = _running(lease_left=-timedelta(minutes=5))
    waiting = _queued()
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=1))
    WorkerProcess.objects.create(
        worker_id="ops-1:10:aaaaaa",
        hostname="ops-1",
        pid=10,
        started_at=timezone.now(),
        seen_at=timezone.now(),
    )
    response = client_for(secretariat).get("/jobs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ops-1:10:aaaaaa" in page and "Alive" in page
    assert "the disk is full" in page
    assert focal_a.get_username() in page  # who asked
    assert "KPI computation" in page and "Committee report" in page  # kinds in words
    assert "tests.ops_report" in page  # an unknown kind: its code
    assert page.count(">Stuck<") == 2 and STUCK_RUNNING in page and STUCK_QUEUED in page
    assert page.count(">Run again</button>") == 1 and page.count(">Cancel</button>") == 2
    assert f'action="/jobs/{failed.pk}/retry/"' in page and f'action="/jobs/{stuck.pk}/cancel/"' in page
    assert 'href="/jobs/"' in page  # in the secretariat's menu


def test_the_page_filters_by_status_and_kind(client_for: Any, secretariat: Any) -> None:
    failed, running, queued = _failed(), _running(), _queued()
    staff = client_for(secretariat)
    page = staff.get("/jobs/", {"status": "failed"}).content.decode()
    assert f"job-{failed.pk}" in page and f"job-{running.pk}" not in page and f"job-{queued.pk}" not in page
    page = staff.get("/jobs/", {"kind": "shipments.compute"}).content.decode()
    assert f"job-{running.pk}" in page and f"job-{failed.pk}" not in page
    page = staff.get("/jobs/", {"status": "nonsense"}).content.decode()  # ignored, not an error
    assert all(f"job-{job.pk}" in page for job in (failed, running, queued))


def test_the_page_shows_fifty_jobs_a_page(client_for: Any, secretariat: Any) -> None:
    Job.objects.bulk_create([Job(kind="core.cleanup") for _ in range(51)])
    staff = client_for(secretariat)
    assert staff.get("/jobs/").content.decode().count('id="job-') == 50
    assert staff.get("/jobs/", {"page": 2}).content.decode().count('id="job-') == 1


def test_run_again_from_the_page_runs_the_job_and_is_audited(
    client_for: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _failed()
    staff = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/jobs/{job.pk}/retry/", {"next": "/jobs/?status=failed"})
    assert response.status_code == 302 and response["Location"] == "/jobs/?status=failed"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    event = AuditEvent.objects.get(action="core.job.retry", object_id=str(job.pk))
    assert event.actor == secretariat
    page = staff.get(response["Location"]).content.decode()
    assert "The job “tests.ops_report” will run again. Status: Queued." in page
    response = staff.post(f"/jobs/{job.pk}/retry/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/jobs/"  # only back to the jobs page
    assert "Only a failed or cancelled job can be run again." in staff.get("/jobs/").content.decode()


def test_cancel_from_the_page_stops_a_running_job_and_is_audited(client_for: Any, secretariat: Any) -> None:
    job = _running()
    staff = client_for(secretariat)
    response = staff.post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.lease_expires_at is None
    event = AuditEvent.objects.get(action="core.job.cancel", object_id=str(job.pk))
    assert event.actor == secretariat and event.before == {"status": "running"}
    page = staff.get("/jobs/").content.decode()
    assert "The job “KPI computation” was cancelled." in page
    assert "An operator cancelled this job." in page and ">Run again</button>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["focal_a", "observer"])
def test_only_the_secretariat_sees_and_steers_jobs(client_for: Any, persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    job = _failed(created_by=user)
    client = client_for(user)
    assert client.get("/jobs/").status_code == 403
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 403
    assert client.post(f"/jobs/{_queued().pk}/cancel/").status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not AuditEvent.objects.filter(action__startswith="core.job.").exists()
    assert 'href="/jobs/"' not in client.get("/").content.decode()


def test_the_buttons_only_post(client_for: Any, secretariat: Any) -> None:
    job = _failed()
    assert client_for(secretariat).get(f"/jobs/{job.pk}/retry/").status_code == 405
