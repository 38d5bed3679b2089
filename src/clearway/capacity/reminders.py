"""The re-assessment after national support: it falls due a set time after the workshop was delivered
(`services.requests.REASSESSMENT_AFTER`), is on the Member's to-do list until the Member submits an assessment
after the workshop, and is reminded on the deadline's reminder days (`core.reminders`) by a daily schedule.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.assessments.models import COMPLETED_STATUSES, Assessment
from clearway.capacity.models import ReassessmentReminder, SupportRequest
from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.jobs import Commit, ProgressCallback, job_handler
from clearway.core.models import Job
from clearway.core.reminders import reminder_due
from clearway.core.schedules import Schedule, schedule_register
from clearway.notifications.kinds import (
    NotificationKind,
    date_param,
    in_each_language,
    notification_kind_register,
)
from clearway.notifications.services import notification_send

REASSESSMENT_REMINDER = notification_kind_register(
    NotificationKind(
        "capacity.reassessment_due",
        _("Re-assessment after national support"),
        _("Reminder: %(member)s's re-assessment after its national workshop is due by %(deadline)s."),
    )
)


def reassessment_pending(*, member_id: int | None = None) -> list[SupportRequest]:
    """Requests whose re-assessment is due and not done: no assessment of the Member was submitted after the
    workshop was delivered."""
    requests = SupportRequest.objects.filter(reassessment_due__isnull=False, delivered_on__isnull=False)
    if member_id is not None:
        requests = requests.filter(member_id=member_id)
    pending = []
    for request in requests.select_related("member").order_by("reassessment_due", "pk"):
        assert request.delivered_on is not None
        done = Assessment.objects.filter(
            member_id=request.member_id,
            status__in=[s.value for s in COMPLETED_STATUSES],
            submitted_at__date__gt=request.delivered_on,
        ).exists()
        if not done:
            pending.append(request)
    return pending


@transaction.atomic
def reassessment_remind(*, request: SupportRequest, today: datetime.date) -> ReassessmentReminder:
    """Remind the Member's focal points (the schedule acts); recorded once per request and day, audited."""
    focal_points = list(
        User.objects.filter(
            member_id=request.member_id, role=Role.MEMBER_FOCAL_POINT, is_active=True
        ).order_by("pk")
    )
    member = request.member
    notification_send(
        recipients=focal_points,
        kind=REASSESSMENT_REMINDER.code,
        params={
            "member": in_each_language(lambda: str(member.name)),
            "deadline": date_param(request.reassessment_due),
        },
        url=reverse("assessments:home"),
        actor=SYSTEM,
    )
    reminder = ReassessmentReminder.objects.create(
        request=request, scheduled_for=today, recipients=[u.username for u in focal_points]
    )
    audit_record(
        actor=SYSTEM,
        action="capacity.support_request.reassessment_remind",
        instance=request,
        after={"recipients": reminder.recipients, "scheduled_for": today.isoformat()},
        member_iso3=member.iso3,
    )
    return reminder


def reassessment_reminders_send_due(*, today: datetime.date) -> list[ReassessmentReminder]:
    """Each pending re-assessment whose reminder day it is, once a day."""
    sent = []
    for request in reassessment_pending():
        assert request.reassessment_due is not None
        if not reminder_due(deadline=request.reassessment_due, today=today):
            continue
        if request.reassessment_reminders.filter(scheduled_for=today).exists():
            continue
        sent.append(reassessment_remind(request=request, today=today))
    return sent


@job_handler("capacity.reassessment_reminders", label=_("Re-assessment reminders (scheduled)"))
def reassessment_reminders_job(job: Job, progress: ProgressCallback) -> Commit:
    due_at = job.params.get("due_at")
    today = timezone.localdate(datetime.datetime.fromisoformat(due_at)) if due_at else timezone.localdate()

    def commit() -> dict[str, Any]:
        sent = reassessment_reminders_send_due(today=today)
        return {"requests": [r.request_id for r in sent], "recipients": sum(len(r.recipients) for r in sent)}

    return commit


SCHEDULE = schedule_register(
    Schedule(
        name="capacity.reassessment_reminders",
        kind="capacity.reassessment_reminders",
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=20),
    )
)
