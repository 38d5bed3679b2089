"""When reminders go out for a deadline (a survey's, a cycle's): the same rule for every app that reminds.

Fourteen and three days before the deadline, then every seven days after it until the work is in or the survey
or cycle is closed. Apps run their reminders from a daily schedule and record each one they send.
"""

from __future__ import annotations

import datetime

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
