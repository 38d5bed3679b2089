"""Background work of surveys: the daily reminders of open surveys, run by the workers."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from clearway.core.jobs import Commit, ProgressCallback, job_actor, job_handler
from clearway.core.models import Job
from clearway.core.schedules import Schedule, schedule_register


@job_handler("surveys.reminders", label=gettext_lazy("Survey reminders (scheduled)"))
def reminders_job(job: Job, progress: ProgressCallback) -> Commit:
    """Remind the Members that have not answered, on each open survey's reminder days (the schedule's day)."""
    due_at = job.params.get("due_at")
    today = timezone.localdate(datetime.datetime.fromisoformat(due_at)) if due_at else timezone.localdate()

    def commit() -> dict[str, Any]:
        from clearway.surveys.services import survey_reminders_send_due

        sent = survey_reminders_send_due(today=today)
        return {
            "surveys": [r.survey.reference for r in sent],
            "recipients": sum(len(r.recipients) for r in sent),
            "unreachable": {r.survey.reference: r.unreachable for r in sent if r.unreachable},
        }

    return commit


@job_handler("surveys.remind_open", label=gettext_lazy("Reminders for every open survey"))
def remind_open_job(job: Job, progress: ProgressCallback) -> Commit:
    """The secretariat's "remind every open survey": one reminder per open survey, in the background. The reminders
    are recorded in the job's commit, so a worker that stops half way leaves none of them half recorded."""

    def commit() -> dict[str, Any]:
        from clearway.surveys.models import Survey, SurveyState
        from clearway.surveys.services import survey_remind

        surveys = Survey.objects.filter(state=SurveyState.OPEN).order_by("pk")
        sent = [survey_remind(survey=survey, actor=job_actor(job)) for survey in surveys]
        return {
            "surveys": [r.survey.reference for r in sent],
            "recipients": sum(len(r.recipients) for r in sent),
            "unreachable": {r.survey.reference: r.unreachable for r in sent if r.unreachable},
        }

    return commit


REMINDERS = schedule_register(
    Schedule(
        name="surveys.reminders",
        kind="surveys.reminders",
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7),  # 07:00 UTC, after the night's digest
    )
)
