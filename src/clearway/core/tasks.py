"""The one django-tasks task Clearway queues: run an attempt of a Job. The Job row carries the kind, parameters,
progress and lease; the queue entry only carries the job to a worker."""

from __future__ import annotations

from contextvars import ContextVar
from uuid import UUID

from django_tasks import task

# The worker process running the current entry (`clearway worker` sets it); jobs run inline otherwise.
current_worker: ContextVar[str] = ContextVar("clearway_current_worker", default="inline")


@task()
def job_execute(job_id: str) -> None:
    from clearway.core.jobs import job_run

    job_run(job_id=UUID(job_id), worker=current_worker.get())
