"""Survey reminders: on the reminder days of the deadline, once even with two workers, and a reminder that cannot
reach a Member is reported as a problem to fix, never as a success."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from clearway.accounts.models import User
from clearway.core.models import Job, JobStatus, ScheduledRun
from clearway.core.reminders import reminder_days, reminder_due
from clearway.core.todo import todo_list_for_user
from clearway.members.models import Member
from clearway.surveys.jobs import REMINDERS
from clearway.surveys.models import Survey, SurveyReminder

DEADLINE = datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2026, 12, 17), True),  # 14 days before
        (datetime.date(2026, 12, 18), False),
        (datetime.date(2026, 12, 28), True),  # 3 days before
        (datetime.date(2026, 12, 31), False),  # the deadline itself
        (datetime.date(2027, 1, 7), True),  # a week late
        (datetime.date(2027, 1, 10), False),
        (datetime.date(2027, 1, 14), True),  # two weeks late
    ],
)
def test_reminders_fall_14_and_3_days_before_then_weekly_after(today: datetime.date, due: bool) -> None:
    assert reminder_due(deadline=DEADLINE, today=today) is due


def test_the_reminder_days_can_be_announced() -> None:
    days = reminder_days(deadline=DEADLINE, until=datetime.date(2027, 1, 15))
    assert days == [
        datetime.date(2026, 12, 17),
        datetime.date(2026, 12, 28),
        datetime.date(2027, 1, 7),
        datetime.date(2027, 1, 14),
    ]


@pytest.mark.django_db
def test_a_reminder_that_reaches_nobody_is_an_error_naming_the_members(
    make_survey: Callable[..., Survey], secretariat: Any, client_for: Callable[[Any], Any]
) -> None:
    survey = make_survey(iso3s=["KEN", "UGA"])  # nobody in Kenya or Uganda has an account
    page = client_for(secretariat).post(f"/surveys/{survey.pk}/remind/", follow=True).content.decode()
    assert "The reminder reached nobody" in page and "KEN, UGA" in page
    reminder = SurveyReminder.objects.get(survey=survey)
    assert reminder.recipients == [] and reminder.unreachable == ["KEN", "UGA"]
    [item] = [i for i in todo_list_for_user(user=secretariat) if i.kind == "surveys.reminder_unreachable"]
    assert "could not reach 2 Members" in item.title and "KEN, UGA" in item.detail
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_names_the_members_it_could_not_reach(
    make_survey: Callable[..., Survey],
    secretariat: Any,
    focal_a: Any,
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Any],
) -> None:
    uganda = Member.objects.get(iso3="UGA")
    no_address = make_user("member_focal_point", member=uganda)
    User.objects.filter(pk=no_address.pk).update(email="")  # a focal point with no address cannot be reached
    survey = make_survey(iso3s=["KEN", "UGA"])
    page = client_for(secretariat).post(f"/surveys/{survey.pk}/remind/", follow=True).content.decode()
    assert "Reminder sent to 1 focal point(s), but these Members could not be reached" in page
    assert SurveyReminder.objects.get(survey=survey).unreachable == ["UGA"]
    assert [m.to for m in mail.outbox] == [[focal_a.email]]


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_reminder_goes_out_once_with_two_workers(
    worker_processes: Any, make_survey: Callable[..., Survey], focal_a: Any
) -> None:
    day = timezone.localdate(REMINDERS.due_at(timezone.now()))
    survey = make_survey(iso3s=["KEN", "UGA"])
    Survey.objects.filter(pk=survey.pk).update(deadline=day + datetime.timedelta(days=3))
    worker_processes(), worker_processes()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        runs = list(ScheduledRun.objects.filter(name="surveys.reminders"))
        if runs and all(Job.objects.get(pk=r.job_id).status == JobStatus.SUCCEEDED for r in runs):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the scheduled reminders did not run")
    time.sleep(1)  # give a second run, were there one, the time to show
    assert ScheduledRun.objects.filter(name="surveys.reminders").count() == 1
    [reminder] = SurveyReminder.objects.filter(survey=survey)
    assert reminder.sent_by is None and reminder.recipients == [focal_a.email]
    assert reminder.unreachable == ["UGA"]


@pytest.mark.django_db
def test_the_secretariat_reminds_every_open_survey_at_once_in_the_background(
    make_survey: Callable[..., Survey],
    secretariat: Any,
    focal_a: Any,
    client_for: Callable[[Any], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_survey(reference="ECOM/2026/21", iso3s=["KEN"])
    second = make_survey(reference="ECOM/2026/22", iso3s=["KEN", "UGA"])
    draft = make_survey(reference="ECOM/2026/23", iso3s=["KEN"], open_it=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post("/surveys/remind-open/")
    assert response.status_code == 302 and "kind=surveys.remind_open" in response["Location"]
    job = Job.objects.get(kind="surveys.remind_open")
    assert job.status == JobStatus.SUCCEEDED and job.created_by == secretariat
    assert job.result["unreachable"] == {"ECOM/2026/22": ["UGA"]}
    assert SurveyReminder.objects.filter(survey__in=[first, second], sent_by=secretariat).count() == 2
    assert not SurveyReminder.objects.filter(survey=draft).exists()
    assert client_for(focal_a).post("/surveys/remind-open/").status_code in (302, 403)
    assert Job.objects.filter(kind="surveys.remind_open").count() == 1
