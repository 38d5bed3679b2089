"""Background jobs: thin, take ids, run after commit, report progress; eager in tests.

Jobs run in a small in-process thread pool. A job is a row first, so queued work survives a restart:
`jobs_resume()` (called by `clearway serve`) re-queues what a stopped process left queued or running.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone, translation

from clearway.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[float, str], None]
JobHandler = Callable[[Job, ProgressCallback], dict[str, Any] | None]

_HANDLERS: dict[str, JobHandler] = {}
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register the function that runs jobs of `kind`; it may return a JSON result."""

    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return register


def job_enqueue(*, kind: str, params: dict[str, Any], actor: Any = None) -> Job:
    if kind not in _HANDLERS:
        raise KeyError(f"no job handler registered for {kind!r}")
    job = Job.objects.create(
        kind=kind, params=params, created_by=actor if getattr(actor, "pk", None) else None
    )
    transaction.on_commit(lambda: _submit(job.pk))
    return job


def _submit(job_id: UUID) -> None:
    if settings.JOBS_EAGER:
        job_run(job_id=job_id)
        return
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=settings.JOBS_WORKERS, thread_name_prefix="clearway-job"
            )
    _executor.submit(_run_in_thread, job_id)


def _run_in_thread(job_id: UUID) -> None:
    close_old_connections()
    try:
        job_run(job_id=job_id)
    finally:
        close_old_connections()


def _progress_reporter(job: Job) -> ProgressCallback:
    def report(fraction: float, message: str = "") -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        Job.objects.filter(pk=job.pk).update(progress=fraction, message=message[:500])

    return report


def job_run(*, job_id: UUID) -> Job:
    """Run one job now, recording its outcome; a failure is stored on the job, never raised."""
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # another thread or process took it
        return job
    # Messages a job writes (progress, errors, documents) are in the language of the user who asked for it.
    language = getattr(job.created_by, "preferred_language", "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            result = handler(job, _progress_reporter(job))
    except Exception as exc:  # recorded for the user who waits on the page
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{exc}\n\n{traceback.format_exc()}"[:20000],
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, progress=1.0, result=result, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def jobs_resume() -> int:
    """Re-queue jobs that a stopped process left behind. Returns how many."""
    stale = list(
        Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).values_list("pk", flat=True)
    )
    Job.objects.filter(pk__in=stale).update(status=JobStatus.QUEUED, progress=0.0)
    for pk in stale:
        if Job.objects.get(pk=pk).kind in _HANDLERS:
            _submit(pk)
    return len(stale)


def job_get_for_user(*, user: Any, job_id: UUID) -> Job:
    from clearway.core.exceptions import NotFound

    job = Job.objects.filter(pk=job_id).first()
    if job is None or not (getattr(user, "is_secretariat", False) or job.created_by_id == user.pk):
        raise NotFound()
    return job
