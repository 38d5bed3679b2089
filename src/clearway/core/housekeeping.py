"""Scheduled clean-ups: each app registers what it keeps only for a while; one daily job runs them all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from clearway.core.jobs import ProgressCallback, job_handler
from clearway.core.models import Job, ScheduledRun, WorkerProcess
from clearway.core.schedules import Schedule, schedule_register

logger = logging.getLogger(__name__)

# name -> function(now) returning how many things it removed
Cleanup = Callable[[datetime], int]
CLEANUPS: dict[str, Cleanup] = {}

QUEUE_ENTRIES_KEPT = timedelta(days=30)
SCHEDULED_RUNS_KEPT = timedelta(days=90)
STOPPED_WORKERS_KEPT = timedelta(days=7)


def cleanup_register(name: str) -> Callable[[Cleanup], Cleanup]:
    def register(func: Cleanup) -> Cleanup:
        CLEANUPS[name] = func
        return func

    return register


def storage_files(folder: str) -> list[str]:
    """Every file under a storage folder, as storage names (for clean-ups of an app's files)."""
    from django.core.files.storage import default_storage

    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += storage_files(f"{folder}/{sub}")
    return names


@cleanup_register("core.queue_entries")
def queue_entries_prune(now: datetime) -> int:
    """Finished queue entries: the Job rows keep the history users and operators read."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - QUEUE_ENTRIES_KEPT).delete()
    return deleted


@cleanup_register("core.scheduled_runs")
def scheduled_runs_prune(now: datetime) -> int:
    deleted, _ = ScheduledRun.objects.filter(due_at__lt=now - SCHEDULED_RUNS_KEPT).delete()
    return deleted


@cleanup_register("core.workers")
def workers_prune(now: datetime) -> int:
    deleted, _ = WorkerProcess.objects.filter(seen_at__lt=now - STOPPED_WORKERS_KEPT).delete()
    return deleted


@cleanup_register("core.held_uploads")
def held_uploads_prune(now: datetime) -> int:
    """Files kept for a refused form that their sender did not send again within a day."""
    from django.core.files.storage import default_storage

    from clearway.core.uploads import HELD_FOLDER, HELD_KEPT_HOURS

    removed = 0
    for name in storage_files(HELD_FOLDER):
        if default_storage.get_modified_time(name) < now - timedelta(hours=HELD_KEPT_HOURS):
            default_storage.delete(name)
            removed += 1
    return removed


@job_handler("core.cleanup", label=gettext_lazy("Daily clean-up"), retry_on_error=True)
def cleanup_job(job: Job, progress: ProgressCallback) -> dict[str, Any]:
    """Each clean-up removes what has expired; the counts are the job's result."""
    now = timezone.now()
    removed: dict[str, int] = {}
    for index, (name, func) in enumerate(sorted(CLEANUPS.items())):
        progress(index / max(len(CLEANUPS), 1), name)
        removed[name] = func(now)
    logger.info("clean-up: %s", removed)
    total = sum(removed.values())
    progress(1.0, ngettext("%(n)d expired item removed", "%(n)d expired items removed", total) % {"n": total})
    return {"removed": removed}


schedule_register(
    Schedule(
        name="core.cleanup",
        kind="core.cleanup",
        every=timedelta(days=1),
        offset=timedelta(hours=2, minutes=30),
    )
)
