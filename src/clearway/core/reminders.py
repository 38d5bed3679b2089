"""When reminders go out for a deadline (a survey's, a cycle's): the same rule for every app that reminds.

Fourteen and three days before the deadline, then every seven days after it until the work is in or the survey
or cycle is closed. Apps run their reminders from a daily schedule and record each one they send.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.utils.translation import gettext as _

REMINDER_DAYS_BEFORE = (14, 3)
REMINDER_EVERY_DAYS_AFTER = 7


def reminder_due(*, deadline: datetime.date, today: datetime.date) -> bool:
    """Whether `today` is a reminder day for `deadline`."""
    days_left = (deadline - today).days
    if days_left in REMINDER_DAYS_BEFORE:
        return True
    return days_left < 0 and (-days_left) % REMINDER_EVERY_DAYS_AFTER == 0


def reminder_days(*, deadline: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The reminder days of `deadline` up to `until` (for pages that announce them)."""
    first = deadline - datetime.timedelta(days=max(REMINDER_DAYS_BEFORE))
    span = (until - first).days + 1
    days = (first + datetime.timedelta(days=n) for n in range(max(span, 0)))
    return [day for day in days if reminder_due(deadline=deadline, today=day)]


def reminder_notice(*, reminder: Any, nothing_to_do: str, reached_nobody: str) -> tuple[int, str]:
    """What the person who sent a reminder is told (a message level and its text): a reminder that reached nobody
    is an error and one that missed some Members a warning, both naming the Members to fix.

    `reminder` has `members`, `recipients` and `unreachable` (a survey's or a cycle's reminder); `reached_nobody`
    may use %(m)s (Members reminded) and %(codes)s (those not reached).
    """
    counts = {
        "n": len(reminder.recipients),
        "m": len(reminder.members),
        "codes": ", ".join(reminder.unreachable),
    }
    if not reminder.members:
        return messages.INFO, nothing_to_do
    if not reminder.recipients:
        return messages.ERROR, reached_nobody % counts
    if reminder.unreachable:
        text = _(
            "Reminder sent to %(n)s focal point(s), but these Members could not be reached (no active focal "
            "point with an e-mail address): %(codes)s."
        )
        return messages.WARNING, text % counts
    return messages.SUCCESS, _("Reminder sent to %(n)s focal point(s) of %(m)s Member(s).") % counts
