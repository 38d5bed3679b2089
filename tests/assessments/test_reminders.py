"""Cycle reminders: to the focal points of Members that have not submitted, from the cycle page or on the
deadline's reminder days; Members a reminder cannot reach are a problem reported, never a success."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from clearway.accounts.models import User
from clearway.assessments.models import CycleReminder
from clearway.assessments.reminders import cycle_reminders_send_due
from clearway.core.todo import todo_list_for_user
from clearway.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_reminder_that_reaches_nobody_is_an_error_naming_the_members(
    cycle: Any, secretariat: Any, client_for: Callable[[Any], Any]
) -> None:
    page = (
        client_for(secretariat).post(f"/assessments/cycles/{cycle.pk}/remind/", follow=True).content.decode()
    )
    assert "The reminder reached nobody" in page and "KEN, UGA" in page
    reminder = CycleReminder.objects.get(cycle=cycle)
    assert reminder.unreachable == ["KEN", "UGA"] and reminder.recipients == []
    [item] = [i for i in todo_list_for_user(user=secretariat) if i.kind == "assessments.reminder_unreachable"]
    assert "KEN, UGA" in item.detail


def test_the_focal_point_is_notified_and_e_mailed_in_its_language(
    cycle: Any,
    secretariat: Any,
    focal_a: Any,
    client_for: Callable[[Any], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.filter(pk=focal_a.pk).update(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(secretariat).post(f"/assessments/cycles/{cycle.pk}/remind/", follow=True)
    assert "could not be reached (no active focal point with an e-mail address): UGA" in page.content.decode()
    [notification] = Notification.objects.filter(recipient=focal_a, kind="assessments.reminder")
    assert notification.url.endswith("/edit/")
    [message] = [m for m in mail.outbox if focal_a.email in m.to]
    assert "auto-évaluation" in message.subject + message.body and "Kenya" in message.body


def test_the_schedule_reminds_once_a_day_on_reminder_days_only(cycle: Any, focal_a: Any) -> None:
    assert cycle_reminders_send_due(today=cycle.closes_on - datetime.timedelta(days=5)) == []
    three_days_before = cycle.closes_on - datetime.timedelta(days=3)
    [reminder] = cycle_reminders_send_due(today=three_days_before)
    assert reminder.sent_by is None and reminder.members == ["KEN", "UGA"]
    assert reminder.scheduled_for == three_days_before
    assert cycle_reminders_send_due(today=three_days_before) == []  # once per reminder day
    assert CycleReminder.objects.filter(cycle=cycle).count() == 1


def test_only_the_secretariat_reminds(cycle: Any, focal_a: Any, client_for: Callable[[Any], Any]) -> None:
    response = client_for(focal_a).post(f"/assessments/cycles/{cycle.pk}/remind/", follow=True)
    assert "Only the secretariat sends reminders." in response.content.decode()
    assert not CycleReminder.objects.exists()
