"""Notifications the self-assessment sends by itself (beside those the notifications app derives from the audit
trail): reminders of the cycle's deadline, and a Member's request to reopen its assessment."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clearway.accounts.models import User
from clearway.accounts.roles import SECRETARIAT_ROLES
from clearway.core.actors import Actor
from clearway.notifications.kinds import NotificationKind, in_each_language, notification_kind_register
from clearway.notifications.services import notification_send

REMINDER = notification_kind_register(
    NotificationKind(
        "assessments.reminder",
        _("Self-assessment reminder"),
        _(
            "Reminder: the self-assessment of %(member)s for %(cycle)s is due by %(deadline)s and not submitted yet."
        ),
    )
)

REOPEN_REQUESTED = notification_kind_register(
    NotificationKind(
        "assessments.reopen_requested",
        _("Reopening requested"),
        _("%(member)s asks to reopen its self-assessment for %(cycle)s."),
        _("Reason: %(reason)s"),
        "reason",
    )
)


def reopen_request_notify(*, assessment: Any, reason: str, actor: Actor) -> None:
    """Tell the secretariat, who reopens an assessment by returning it for changes."""
    member = assessment.member
    notification_send(
        recipients=User.objects.filter(role__in=sorted(SECRETARIAT_ROLES), is_active=True),
        kind=REOPEN_REQUESTED.code,
        params={
            "member": in_each_language(lambda: member.name),
            "cycle": in_each_language(lambda: assessment.cycle.name),
            "reason": reason,
        },
        url=f"{reverse('assessments:detail', args=[assessment.pk])}#review",
        actor=actor,
    )
