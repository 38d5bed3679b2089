"""Work due at a time (clean-ups, reminders, digests), declared in code and run by the workers.

Each schedule has occurrences at fixed times (every `every`, shifted by `offset` from midnight UTC of
1 January 2000). A worker that finds an occurrence due records it (`ScheduledRun`, unique per schedule and
time) and queues its job in the same transaction: when two workers find it at once, the database lets one
insert it and the other gets an integrity error, so each occurrence runs once. Occurrences missed while no
worker ran are not made up one by one: the latest is run when a worker starts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from clearway.core.actors import SYSTEM
from clearway.core.jobs import job_enqueue
from clearway.core.models import Job, ScheduledRun

logger = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Schedule:
    name: str
    kind: str  # the job kind it queues (see core.jobs.job_handler)
    every: timedelta
    offset: timedelta = timedelta(0)  # e.g. every day at 02:30 UTC: every=1 day, offset=2 h 30 min
    params: dict[str, Any] = field(default_factory=dict)

    def due_at(self, now: datetime) -> datetime:
        """The latest occurrence at or before `now`."""
        start = EPOCH + self.offset
        return start + ((now - start) // self.every) * self.every


SCHEDULES: dict[str, Schedule] = {}


def schedule_register(schedule: Schedule) -> Schedule:
    SCHEDULES[schedule.name] = schedule
    return schedule


def schedules_run_due(*, now: datetime | None = None, worker: str = "") -> list[Job]:
    """Queue the job of every schedule whose latest occurrence has not been recorded yet; returns those jobs."""
    now = now or timezone.now()
    queued: list[Job] = []
    for schedule in SCHEDULES.values():
        due = schedule.due_at(now)
        if ScheduledRun.objects.filter(name=schedule.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=schedule.name, due_at=due, worker=worker[:100])
                run.job = job_enqueue(
                    kind=schedule.kind,
                    params={**schedule.params, "schedule": schedule.name, "due_at": due.isoformat()},
                    actor=SYSTEM,
                )
                run.save(update_fields=["job"])
        except IntegrityError:  # another worker recorded this occurrence first
            continue
        logger.info("scheduled %s (due %s) queued as job %s", schedule.name, due.isoformat(), run.job.pk)
        queued.append(run.job)
    return queued
