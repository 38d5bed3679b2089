"""What surveys give each person to do: answer an open survey for one's administration, or follow the responses."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.i18n import localized
from clearway.core.todo import TodoItem
from clearway.surveys.models import ResponseState, Survey, SurveyReminder, SurveyState


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if user_is_secretariat(user):
        return _secretariat_items()
    if user_is_member_user(user):
        return _member_items(user=user)
    return []


def _secretariat_items() -> list[TodoItem]:
    return _follow_items() + _unreachable_items()


def _unreachable_items() -> list[TodoItem]:
    """Open surveys whose latest reminder could not reach some Members: their contacts need fixing."""
    latest: dict[int, SurveyReminder] = {}
    reminders = SurveyReminder.objects.filter(survey__state=SurveyState.OPEN).select_related("survey")
    for reminder in reminders.order_by("survey_id", "-sent_at", "-id"):
        latest.setdefault(reminder.survey_id, reminder)
    return [
        TodoItem(
            kind="surveys.reminder_unreachable",
            title=ngettext(
                "The last reminder of %(survey)s could not reach %(n)d Member",
                "The last reminder of %(survey)s could not reach %(n)d Members",
                len(r.unreachable),
            )
            % {"survey": localized(r.survey, "title"), "n": len(r.unreachable)},
            detail=_("No active focal point with an e-mail address: %(codes)s")
            % {"codes": ", ".join(r.unreachable)},
            url=reverse("accounts:contacts_index"),
        )
        for r in latest.values()
        if r.unreachable
    ]


def _follow_items() -> list[TodoItem]:
    """Each open survey with its response rate, due at its deadline."""
    surveys = Survey.objects.filter(state=SurveyState.OPEN).annotate(
        targeted=Count("targets", distinct=True),
        answered=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED), distinct=True),
    )
    return [
        TodoItem(
            kind="surveys.follow",
            title=_("%(survey)s: %(answered)d of %(targeted)d Members have answered")
            % {"survey": localized(s, "title"), "answered": s.answered, "targeted": s.targeted},
            detail=_("Remind those who have not answered from the survey's page.")
            if s.answered < s.targeted
            else "",
            url=reverse("surveys:detail", args=[s.pk]),
            due=s.deadline,
        )
        for s in surveys.order_by("deadline", "pk")
    ]


def _member_items(*, user: Actor) -> list[TodoItem]:
    """Open surveys sent to the user's administration that it has not submitted yet."""
    submitted = Q(responses__member_id=user.member_id, responses__state=ResponseState.SUBMITTED)
    surveys = (
        Survey.objects.filter(state=SurveyState.OPEN, targets=user.member_id)
        .exclude(pk__in=Survey.objects.filter(submitted).values("pk"))
        .order_by("deadline", "pk")
    )
    return [
        TodoItem(
            kind="surveys.answer",
            title=_("Answer the survey “%(survey)s” for your administration")
            % {"survey": localized(s, "title")},
            detail=_("Letter %(reference)s") % {"reference": s.reference},
            url=reverse("surveys:answer", args=[s.pk]),
            due=s.deadline,
        )
        for s in surveys
    ]
