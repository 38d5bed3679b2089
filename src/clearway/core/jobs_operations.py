"""What operators see of background jobs, on the `/jobs/` page and in `clearway jobs list|workers`: each job
with its kind in words and why it failed or is stuck; each `clearway worker` process with whether it still
answers. Reads only: the changes (run again, cancel) are `job_retry` and `job_cancel` in clearway.core.jobs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.core.jobs import job_kind_get, job_kinds, job_reason, job_stuck, lease_duration
from clearway.core.models import Job, JobStatus, WorkerProcess

RETRYABLE = (JobStatus.FAILED, JobStatus.CANCELLED)
CANCELLABLE = (JobStatus.QUEUED, JobStatus.RUNNING)


def job_kind_label(kind: str) -> str:
    """The kind in words, as its handler names it (`job_handler(label=...)`); the code for a kind none runs."""
    registered = job_kind_get(kind)
    return str(registered.label) if registered else kind


def job_kind_choices(*, jobs: QuerySet[Job]) -> list[tuple[str, str]]:
    """The kinds to filter by: those registered and those of the jobs given, as (code, words), by words."""
    registered = {registered.name for registered in job_kinds()}
    kinds = registered | set(jobs.order_by().values_list("kind", flat=True).distinct())
    return sorted(((kind, job_kind_label(kind)) for kind in kinds), key=lambda choice: choice[1].lower())


def job_requester(job: Job) -> str:
    """Who asked for the job: the user's name, or Clearway itself (scheduled work, the command line)."""
    user = job.created_by
    return (user.get_full_name() or user.get_username()) if user else "Clearway"


def job_stuck_explanation(*, job: Job, now: datetime | None = None) -> str:
    """Why a stuck job does not move, and what happens next; empty for a job that is not stuck."""
    if not job_stuck(job=job, now=now):
        return ""
    if job.status == JobStatus.RUNNING:
        return _("Its worker stopped answering; another worker will take it again.")
    return _("No worker has taken it yet: is `clearway worker` running?")


@dataclass(frozen=True)
class JobRow:
    job: Job
    kind_label: str
    requester: str
    reason: str  # why it did not succeed (failed or cancelled), in the reader's language
    stuck: str  # why it is stuck, empty when it is not

    @property
    def can_retry(self) -> bool:
        return self.job.status in RETRYABLE

    @property
    def can_cancel(self) -> bool:
        return self.job.status in CANCELLABLE


def job_rows(jobs: Iterable[Job], *, now: datetime | None = None) -> list[JobRow]:
    now = now or timezone.now()
    return [
        JobRow(
            job=job,
            kind_label=job_kind_label(job.kind),
            requester=job_requester(job),
            reason=job_reason(job=job),
            stuck=job_stuck_explanation(job=job, now=now),
        )
        for job in jobs
    ]


@dataclass(frozen=True)
class WorkerRow:
    worker: WorkerProcess
    alive: bool

    @property
    def state(self) -> str:
        if self.alive:
            return _("Alive")
        return _("Stopped") if self.worker.stopped_at else _("Not answering")


def worker_alive_window() -> timedelta:
    """How recently a worker must have been heard from to count as alive: two leases (a worker reports itself
    every third of one, so one missed report is not taken for its death)."""
    return 2 * lease_duration()


def worker_alive(*, worker: WorkerProcess, now: datetime) -> bool:
    return worker.stopped_at is None and worker.seen_at >= now - worker_alive_window()


def worker_rows(*, now: datetime | None = None) -> list[WorkerRow]:
    now = now or timezone.now()
    workers = WorkerProcess.objects.select_related("job").order_by("-seen_at")
    return [WorkerRow(worker=worker, alive=worker_alive(worker=worker, now=now)) for worker in workers]
