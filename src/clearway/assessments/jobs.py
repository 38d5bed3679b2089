"""Background work of assessments: the daily reminders of open cycles, run by the workers."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from clearway.core.jobs import Commit, ProgressCallback, job_handler
from clearway.core.models import Job
from clearway.core.schedules import Schedule, schedule_register


@job_handler("assessments.reminders", label=gettext_lazy("Cycle reminders (scheduled)"))
def reminders_job(job: Job, progress: ProgressCallback) -> Commit:
    """Remind the Members that have not submitted, on each open cycle's reminder days (the schedule's day)."""
    due_at = job.params.get("due_at")
    today = timezone.localdate(datetime.datetime.fromisoformat(due_at)) if due_at else timezone.localdate()

    def commit() -> dict[str, Any]:
        from clearway.assessments.reminders import cycle_reminders_send_due

        sent = cycle_reminders_send_due(today=today)
        return {
            "cycles": [r.cycle.name for r in sent],
            "recipients": sum(len(r.recipients) for r in sent),
            "unreachable": {r.cycle.name: r.unreachable for r in sent if r.unreachable},
        }

    return commit


REMINDERS = schedule_register(
    Schedule(
        name="assessments.reminders",
        kind="assessments.reminders",
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=10),
    )
)
