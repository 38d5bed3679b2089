"""The rules of one attempt, run inline: outputs only with the success, a lost lease keeps nothing, which errors
are retried, the reaper's decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.exceptions import ValidationFailed
from clearway.core.jobs import Commit, job_handler, job_run, jobs_reap
from clearway.core.models import AuditEvent, Job, JobStatus


@job_handler("tests.lease_taken", label="tests.lease_taken")
def _lease_taken(job: Job, progress: Any) -> Commit:
    """While it works, another worker takes the job over (as after a missed heartbeat)."""
    Job.objects.filter(pk=job.pk).update(lease_owner="another-worker/abc")

    def commit() -> dict[str, Any]:
        audit_record(actor=SYSTEM, action="core.admin.change", instance=job)
        return {"kept": True}

    return commit


@job_handler("tests.refused", label="tests.refused", retry_on_error=True)
def _refused(job: Job, progress: Any) -> None:
    raise ValidationFailed("The file has no header row.")


@job_handler("tests.transient", label="tests.transient", retry_on_error=True)
def _transient(job: Job, progress: Any) -> None:
    raise OSError("No space left on device")


@job_handler("tests.unsafe", label="tests.unsafe")
def _unsafe(job: Job, progress: Any) -> None:
    raise OSError("No space left on device")


def _queued(kind: str, **fields: Any) -> Job:
    return Job.objects.create(kind=kind, params={}, max_attempts=3, **fields)


@pytest.mark.django_db
def test_an_attempt_that_lost_its_lease_records_neither_success_nor_outputs() -> None:
    job = job_run(job_id=_queued("tests.lease_taken").pk)
    assert job.status == JobStatus.RUNNING and job.lease_owner == "another-worker/abc"
    assert job.result is None
    assert not AuditEvent.objects.filter(action="core.admin.change", object_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_a_refusal_is_not_retried_even_where_retries_are_safe() -> None:
    job = job_run(job_id=_queued("tests.refused").pk)
    assert (job.status, job.failure, job.attempts) == (JobStatus.FAILED, "error", 1)
    assert job.error.startswith("The file has no header row.")


@pytest.mark.django_db(transaction=True)
def test_an_error_is_queued_again_where_the_kind_allows_it_and_ends_the_job_elsewhere(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    retried = job_run(job_id=_queued("tests.transient").pk)
    assert retried.status == JobStatus.QUEUED and "Attempt 1 of 3 failed" in retried.message
    entry = DBTaskResult.objects.get(pk=retried.task_id)
    assert entry.status == "READY" and entry.run_after > timezone.now() + timedelta(seconds=5)
    failed = job_run(job_id=_queued("tests.unsafe").pk)
    assert failed.status == JobStatus.FAILED and "No space left on device" in failed.error


@pytest.mark.django_db
def test_the_reaper_requeues_an_expired_lease_then_fails_the_last_attempt(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    past = timezone.now() - timedelta(seconds=1)
    again = _queued("tests.unsafe", status=JobStatus.RUNNING, attempts=1, lease_expires_at=past, worker="w1")
    spent = _queued("tests.unsafe", status=JobStatus.RUNNING, attempts=3, lease_expires_at=past, worker="w2")
    alive = _queued(
        "tests.unsafe", status=JobStatus.RUNNING, attempts=1, lease_expires_at=past + timedelta(minutes=5)
    )
    assert jobs_reap() == 2
    again.refresh_from_db(), spent.refresh_from_db(), alive.refresh_from_db()
    assert again.status == JobStatus.QUEUED and again.task_id and "w1 stopped answering" in again.message
    assert spent.status == JobStatus.FAILED and spent.failure == "worker_lost"
    assert "The worker w2 stopped answering during attempt 3 of 3." in spent.error
    assert alive.status == JobStatus.RUNNING
    assert jobs_reap() == 0  # nothing twice
