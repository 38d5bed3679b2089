"""Background jobs: long work (a report, a KPI computation) run by `clearway worker` processes, with progress.

How a job runs (docs/operations.md tells the operator's side):
- `job_enqueue` writes the Job row and its queue entry (the django-tasks task `job_execute`) in the caller's
  transaction: both are committed, or neither. With a backend outside the database (the inline one the tests
  use, or RQ) the entry is sent once the transaction has committed.
- A worker takes the entry (django-tasks-db: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive
  transaction on SQLite), then the job itself under a lease that a heartbeat thread renews. A worker that dies
  stops renewing it; `jobs_reap` (run by every worker) gives the job to another worker, `max_attempts` times
  in all, then marks it failed with the reason.
- A handler computes with no transaction open and returns a `commit` function: the outputs (rows, files) are
  written by that function in the same transaction that records the success, after checking that the lease
  is still this attempt's. One success is recorded per job, and a job stopped before its commit leaves
  nothing behind.
- An error fails the job, unless its kind declares a retry safe (`retry_on_error`): then it is queued again,
  after a pause, while attempts remain.
"""

from __future__ import annotations

import logging
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.core.actors import SYSTEM, Actor
from clearway.core.models import Job, JobFailure, JobStatus
from clearway.core.transactions import failure_cleanups

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[float, str], None]
# What a handler returns: its JSON result, or a function that writes its outputs and returns the result; that
# function runs inside the transaction that records the job's success.
Commit = Callable[[], dict[str, Any] | None]
JobHandler = Callable[[Job, ProgressCallback], "dict[str, Any] | Commit | None"]

INLINE = "inline"  # the worker name of jobs run in the enqueuing process (tests)
FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
# Errors that say the database could not be reached: the attempt is abandoned as if its worker had died (its
# lease runs out and another attempt follows), since nothing can be recorded until the database is back.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: JobHandler
    label: str | Promise  # the kind in words, shown to operators (the jobs page, `clearway jobs list`)
    retry_on_error: bool = False  # safe to run again after an error (no effect outside its own commit)


_KINDS: dict[str, JobKind] = {}

# Sent once an attempt has ended the job (succeeded or failed), after its transaction: sender Job; kwargs job.
# Others hook it to tell the person who asked (notifications: "your report is ready").
job_finished = Signal()


class JobInterrupted(Exception):
    """The attempt lost its lease (cancelled, or given to another worker): it stops and records nothing."""


def job_handler(
    kind: str, *, label: str | Promise, retry_on_error: bool = False
) -> Callable[[JobHandler], JobHandler]:
    """Register the function that runs jobs of `kind` (`<app>.<what>`), named for people by `label`."""

    def register(func: JobHandler) -> JobHandler:
        _KINDS[kind] = JobKind(name=kind, handler=func, label=label, retry_on_error=retry_on_error)
        return func

    return register


def job_kind_get(kind: str) -> JobKind | None:
    return _KINDS.get(kind)


def job_kinds() -> list[JobKind]:
    """Every registered kind of job."""
    return list(_KINDS.values())


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def job_enqueue(*, kind: str, params: dict[str, Any], actor: Actor) -> Job:
    """Queue a job of `kind` for `actor` (a user, whose language it runs in, or `SYSTEM` for schedules)."""
    if kind not in _KINDS:
        raise KeyError(f"no job handler registered for {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params=params,
            created_by=actor if isinstance(actor, get_user_model()) else None,
            max_attempts=settings.JOBS_MAX_ATTEMPTS,
        )
        job_queue(job=job)
    return job


def job_actor(job: Job) -> Actor:
    """Who a job acts as: the person who queued it, or `SYSTEM` for what a schedule or Clearway itself queued."""
    return job.created_by if job.created_by is not None else SYSTEM


def job_queue(*, job: Job, run_after: datetime | None = None) -> None:
    """Put a queue entry for the job's next attempt: in this transaction with the database backend, after it
    commits with any other."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from clearway.core.tasks import job_execute

    task = job_execute.using(run_after=run_after) if run_after else job_execute
    if isinstance(task_backends[task.backend], DatabaseBackend):
        entry = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(entry.id))
        job.task_id = str(entry.id)
    else:
        transaction.on_commit(lambda: task.enqueue(str(job.pk)))


def _language(job: Job) -> str:
    return getattr(job.created_by, "preferred_language", "") or settings.LANGUAGE_CODE


def _owned(job_id: UUID, token: str) -> Any:
    return Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, lease_owner=token)


class _Heartbeat(threading.Thread):
    """Renews an attempt's lease every third of its length, on a connection of its own, until stopped; notes
    when the lease is no longer the attempt's (the job was cancelled or given to another worker)."""

    def __init__(self, *, job_id: UUID, token: str, worker: str) -> None:
        super().__init__(name=f"clearway-lease-{job_id}", daemon=True)
        self.job_id, self.token, self.worker = job_id, token, worker
        self.stopped = threading.Event()
        self.lost = threading.Event()

    def run(self) -> None:
        from clearway.core.models import WorkerProcess

        interval = settings.JOBS_LEASE_SECONDS / 3
        try:
            while not self.stopped.wait(interval):
                try:
                    now = timezone.now()
                    renewed = _owned(self.job_id, self.token).update(lease_expires_at=now + lease_duration())
                    WorkerProcess.objects.filter(pk=self.worker).update(seen_at=now)
                except CONNECTION_ERRORS:
                    logger.warning(
                        "job %s: the database did not answer the heartbeat; trying again", self.job_id
                    )
                    connection.close()
                    continue
                if not renewed:
                    self.lost.set()
                    return
        finally:
            connection.close()


def _progress_reporter(job: Job, token: str, heartbeat: _Heartbeat | None) -> ProgressCallback:
    def report(fraction: float, message: str = "") -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if (heartbeat and heartbeat.lost.is_set()) or not _owned(job.pk, token).update(
            progress=fraction, message=message[:500]
        ):
            raise JobInterrupted()

    return report


def _claim(job_id: UUID, worker: str) -> tuple[Job, str] | None:
    token = f"{worker}/{uuid.uuid4().hex[:12]}"
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        lease_owner=token,
        lease_expires_at=now + lease_duration(),
        started_at=now,
        worker=worker[:100],
        progress=0.0,
        message="",
    )
    return (Job.objects.select_related("created_by").get(pk=job_id), token) if claimed else None


def job_run(*, job_id: UUID, worker: str = INLINE) -> Job:
    """Run one attempt of a queued job and record its outcome; errors are stored on the job, never raised."""
    claim = _claim(job_id, worker)
    if claim is None:  # taken by another worker, cancelled, or finished
        return Job.objects.get(pk=job_id)
    job, token = claim
    kind = _KINDS.get(job.kind)
    if kind is None:
        _job_finish_failed(job, token, JobFailure.UNKNOWN_KIND, f"no handler for {job.kind!r}")
        return Job.objects.get(pk=job_id)
    # A job run inline cannot lose its lease; a worker's attempt renews it while it works.
    heartbeat = None if worker == INLINE else _Heartbeat(job_id=job.pk, token=token, worker=worker)
    if heartbeat:
        heartbeat.start()
    try:
        # Messages a job writes (progress, errors, documents) are in the language of the user who asked for it.
        with translation.override(_language(job)):
            _attempt(job, token, kind, heartbeat)
    finally:
        if heartbeat:
            heartbeat.stopped.set()
            heartbeat.join()
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        job_finished.send(sender=Job, job=job)
    return job


def _attempt(job: Job, token: str, kind: JobKind, heartbeat: _Heartbeat | None) -> None:
    try:
        outcome = kind.handler(job, _progress_reporter(job, token, heartbeat))
        with failure_cleanups(), transaction.atomic():
            done = _owned(job.pk, token).update(
                status=JobStatus.SUCCEEDED,
                progress=1.0,
                finished_at=timezone.now(),
                lease_owner="",
                lease_expires_at=None,
                failure="",
                error="",
            )
            if not done:
                raise JobInterrupted()
            result = outcome() if callable(outcome) else outcome
            Job.objects.filter(pk=job.pk).update(result=result)
    except JobInterrupted:
        logger.info("job %s: attempt %s stopped, its lease is no longer its own", job.pk, token)
    except CONNECTION_ERRORS:
        if job.worker == INLINE:
            raise
        logger.exception("job %s: the database could not be reached; the job will be taken again", job.pk)
    except Exception as exc:  # recorded for the user who waits on the page
        logger.exception("job %s failed", job.pk)
        _job_fail_or_retry(job, token, kind, exc)


def _error_text(exc: BaseException) -> str:
    return f"{exc}\n\n{''.join(traceback.format_exception(exc))}"[:20000]


def _job_fail_or_retry(job: Job, token: str, kind: JobKind, exc: Exception) -> None:
    from clearway.core.exceptions import ClearwayError

    # A refusal of the domain (bad input, permission, conflict) would be refused again: it ends the job.
    if isinstance(exc, ClearwayError) or not (kind.retry_on_error and job.attempts < job.max_attempts):
        _job_finish_failed(job, token, JobFailure.ERROR, _error_text(exc))
        return
    with transaction.atomic():
        if _owned(job.pk, token).update(
            status=JobStatus.QUEUED,
            lease_owner="",
            lease_expires_at=None,
            error=_error_text(exc),
            message=_("Attempt %(n)d of %(total)d failed; trying again shortly.")
            % {"n": job.attempts, "total": job.max_attempts},
        ):
            # 10 s, 20 s, 40 s...: time for a passing fault (a full disk, a restarting database) to clear.
            job_queue(job=job, run_after=timezone.now() + timedelta(seconds=10 * 2 ** (job.attempts - 1)))


def _job_finish_failed(job: Job, token: str, failure: str, error: str) -> None:
    _owned(job.pk, token).update(
        status=JobStatus.FAILED,
        failure=failure,
        error=error,
        finished_at=timezone.now(),
        lease_owner="",
        lease_expires_at=None,
    )


def jobs_reap(*, now: datetime | None = None) -> int:
    """Give jobs whose worker stopped renewing its lease to another worker, or fail those out of attempts.
    Safe to run in several workers at once: each change is conditional on the lease it found. Returns how many
    jobs it took back or failed."""
    now = now or timezone.now()
    expired = Job.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now).select_related(
        "created_by"
    )
    taken = 0
    for job in expired:
        with translation.override(_language(job)), transaction.atomic():
            abandoned_entry = job.task_id
            lease = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, lease_owner=job.lease_owner)
            reason = _("The worker %(worker)s stopped answering during attempt %(n)d of %(total)d.") % {
                "worker": job.worker,
                "n": job.attempts,
                "total": job.max_attempts,
            }
            if job.attempts >= job.max_attempts:
                changed = lease.update(
                    status=JobStatus.FAILED,
                    failure=JobFailure.WORKER_LOST,
                    error=reason,
                    finished_at=now,
                    lease_owner="",
                    lease_expires_at=None,
                )
            else:
                changed = lease.update(
                    status=JobStatus.QUEUED, lease_owner="", lease_expires_at=None, message=reason
                )
                if changed:
                    job_queue(job=job)
            if changed:
                _entry_close(abandoned_entry, now=now)
                taken += 1
                logger.warning("job %s: %s", job.pk, reason)
    return taken + _entries_reap(now=now)


def _entry_close(task_id: str, *, now: datetime) -> int:
    """Close the queue entry of an abandoned attempt, so the queue shows no work running that is not."""
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return 0
    return DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(status="FAILED", finished_at=now)


def _entries_reap(*, now: datetime) -> int:
    """Queue entries a worker took and then died before claiming their job: closed, and the job queued again."""
    from django_tasks_db.models import DBTaskResult

    requeued = 0
    for entry in DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease_duration()):
        job = Job.objects.filter(pk=(entry.args_kwargs.get("args") or [None])[0]).first()
        if job is not None and job.status == JobStatus.RUNNING and job.task_id == str(entry.pk):
            continue  # its job runs under a lease of its own
        with transaction.atomic():
            closed = _entry_close(str(entry.pk), now=now)
            if closed and job is not None and job.status == JobStatus.QUEUED and job.task_id == str(entry.pk):
                job_queue(job=job)
                requeued += 1
    return requeued


def job_get_for_user(*, user: Actor, job_id: UUID) -> Job:
    from clearway.core.exceptions import NotFound
    from clearway.core.viewers import viewer_is_secretariat

    job = Job.objects.filter(pk=job_id).first()
    if job is None or not (
        viewer_is_secretariat(user) or (user.pk is not None and job.created_by_id == user.pk)
    ):
        raise NotFound()
    return job


def job_list(*, viewer: Actor, status: str | None = None, kind: str | None = None) -> QuerySet[Job]:
    """Jobs for the operators' page and `clearway jobs list`: the Secretariat (and `SYSTEM`, the CLI) sees all."""
    from clearway.core.viewers import viewer_is_secretariat

    if not viewer_is_secretariat(viewer):
        return Job.objects.none()
    jobs = Job.objects.select_related("created_by").order_by("-created_at")
    if status:
        jobs = jobs.filter(status=status)
    if kind:
        jobs = jobs.filter(kind=kind)
    return jobs


def job_stuck(*, job: Job, now: datetime | None = None) -> bool:
    """Running past its lease (its worker died; the next worker's housekeeping takes it back), or queued for
    longer than a few leases with no worker taking it (is a `clearway worker` running?)."""
    now = now or timezone.now()
    if job.status == JobStatus.RUNNING:
        return job.lease_expires_at is not None and job.lease_expires_at < now
    return job.status == JobStatus.QUEUED and job.created_at < now - 5 * lease_duration()


def _require_operator(actor: Actor) -> None:
    from clearway.core.exceptions import PermissionDenied
    from clearway.core.viewers import viewer_is_secretariat

    if not viewer_is_secretariat(actor):
        raise PermissionDenied(_("Only the Secretariat runs background jobs."))


def job_cancel(*, job: Job, actor: Actor) -> Job:
    """Stop a queued or running job: a running attempt notices at its next progress report or heartbeat, stops
    and keeps nothing."""
    from clearway.core.audit import audit_record
    from clearway.core.exceptions import Conflict

    _require_operator(actor)
    before = {"status": job.status}
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
            status=JobStatus.CANCELLED,
            failure=JobFailure.CANCELLED,
            finished_at=timezone.now(),
            lease_owner="",
            lease_expires_at=None,
        ):
            raise Conflict(_("This job has already finished."))
        job.refresh_from_db()
        audit_record(
            actor=actor, action="core.job.cancel", instance=job, before=before, after={"status": job.status}
        )
    return job


def job_retry(*, job: Job, actor: Actor) -> Job:
    """Queue a failed or cancelled job again, with its attempts counted afresh."""
    from clearway.core.audit import audit_record
    from clearway.core.exceptions import Conflict

    _require_operator(actor)
    before = {"status": job.status, "attempts": job.attempts}
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, status__in=[JobStatus.FAILED, JobStatus.CANCELLED]).update(
            status=JobStatus.QUEUED,
            attempts=0,
            failure="",
            error="",
            progress=0.0,
            message="",
            finished_at=None,
        ):
            raise Conflict(_("Only a failed or cancelled job can be run again."))
        job.refresh_from_db()
        job_queue(job=job)
        audit_record(
            actor=actor, action="core.job.retry", instance=job, before=before, after={"status": job.status}
        )
    return job


def job_reason(*, job: Job) -> str:
    """Why the job did not succeed: what its error said (written in the language of the user who asked for the
    job), or, when Clearway stopped it, the reason in the reader's language."""
    if job.failure and job.failure != JobFailure.ERROR:
        return str(JobFailure(job.failure).label)
    return job.error.splitlines()[0] if job.status == JobStatus.FAILED and job.error else ""
