"""Reminders to the Members of a cycle that have not submitted their self-assessment: from the cycle page or on
the deadline's reminder days (`core.reminders`), by a daily schedule the workers run.

Each reminder is a notification to the Member's focal points (in Clearway, and by e-mail as each chose), and is
recorded with the Members it could not reach: those are reported as a problem to fix, never as a success.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clearway.accounts.actors import actor_user
from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.assessments.models import (
    EDITABLE_STATUSES,
    Assessment,
    AssessmentCycle,
    CycleReminder,
    CycleStatus,
)
from clearway.assessments.notices import REMINDER
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import audit_record
from clearway.core.exceptions import InvalidTransition, PermissionDenied
from clearway.core.reminders import reminder_due
from clearway.notifications.kinds import date_param, in_each_language
from clearway.notifications.services import notification_send


@transaction.atomic
def cycle_remind(
    *, cycle: AssessmentCycle, actor: Actor, scheduled_for: datetime.date | None = None
) -> CycleReminder:
    """Remind the focal points of every Member of the cycle whose assessment is not submitted (actor None: the
    schedule)."""
    if not user_is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat sends reminders."))
    if cycle.status != CycleStatus.OPEN:
        raise InvalidTransition(_("Reminders are sent only while the cycle is open."))
    pending = list(
        Assessment.objects.filter(cycle=cycle, status__in=[s.value for s in EDITABLE_STATUSES])
        .select_related("member")
        .order_by("member__iso3")
    )
    focal_points = User.objects.filter(
        member__in=[a.member_id for a in pending], role=Role.MEMBER_FOCAL_POINT, is_active=True
    ).exclude(email="")
    by_member: dict[int, list[User]] = {}
    for user in focal_points.order_by("pk"):
        if user.member_id is not None:
            by_member.setdefault(user.member_id, []).append(user)
    for assessment in pending:
        member = assessment.member
        notification_send(
            recipients=by_member.get(assessment.member_id, []),
            kind=REMINDER.code,
            params={
                "member": in_each_language(_name_of(member)),
                "cycle": in_each_language(lambda: cycle.name),
                "deadline": date_param(cycle.closes_on),
            },
            url=reverse("assessments:edit", args=[assessment.pk]),
            actor=actor,
        )
    reminder = CycleReminder.objects.create(
        cycle=cycle,
        sent_by=actor_user(actor),
        members=[a.member.iso3 for a in pending],
        recipients=[u.username for users in by_member.values() for u in users],
        unreachable=[a.member.iso3 for a in pending if a.member_id not in by_member],
        scheduled_for=scheduled_for,
    )
    audit_record(
        actor=actor,
        action="assessments.cycle.remind",
        instance=cycle,
        after={
            "members": reminder.members,
            "recipients": reminder.recipients,
            "unreachable": reminder.unreachable,
        },
    )
    return reminder


def _name_of(member: Any) -> Callable[[], str]:
    return lambda: str(member.name)


def cycle_reminders_send_due(*, today: datetime.date) -> list[CycleReminder]:
    """The scheduled reminders: each open cycle whose reminder day it is, once a day."""
    sent = []
    for cycle in AssessmentCycle.objects.filter(status=CycleStatus.OPEN).order_by("pk"):
        if not reminder_due(deadline=cycle.closes_on, today=today):
            continue
        if cycle.reminders.filter(scheduled_for=today).exists():
            continue  # already sent for this reminder day
        sent.append(cycle_remind(cycle=cycle, actor=SYSTEM, scheduled_for=today))
    return sent
