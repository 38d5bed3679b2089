"""What capacity building gives each person to do: decide and plan support requests, follow one's own request,
prepare an assigned mission."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.capacity.models import CLOSED_REQUEST_STATES, ExpertAssignment, RequestState, SupportRequest
from clearway.capacity.workflow import MEMBER, SECRETARIAT, transitions_from
from clearway.core.actors import Actor
from clearway.core.todo import TodoItem

S = RequestState

# What the secretariat does next with a request in each state it acts on.
SECRETARIAT_NEXT: dict[str, Any] = {
    S.OFFICIAL_REQUEST_RECEIVED: gettext_lazy("start the review"),
    S.UNDER_REVIEW: gettext_lazy("decide"),
    S.APPROVED: gettext_lazy("plan the workshop"),
    S.PLANNED: gettext_lazy("record the delivery"),
    S.DELIVERED: gettext_lazy("record the follow-up"),
}


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if user_is_secretariat(user):
        return _secretariat_items()
    if user_is_member_user(user):
        return _member_items(user=user)
    if user.role == Role.EXPERT:
        return _expert_items(user=user, today=today)
    return []


def _secretariat_items() -> list[TodoItem]:
    counts = dict(
        SupportRequest.objects.filter(state__in=list(SECRETARIAT_NEXT))
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        TodoItem(
            kind=f"capacity.requests_{state}",
            title=ngettext(
                "%(n)d support request is at “%(state)s”: %(next)s",
                "%(n)d support requests are at “%(state)s”: %(next)s",
                counts[state],
            )
            % {"n": counts[state], "state": S(state).label, "next": SECRETARIAT_NEXT[state]},
            url=f"{reverse('capacity:request_list')}?state={state}",
        )
        for state in SECRETARIAT_NEXT
        if counts.get(state)
    ]


def request_waits_for(request: SupportRequest) -> str:
    """Whose move it is, from the transitions out of the request's state."""
    actors = {actor for t in transitions_from(request.state) for actor in t.actors}
    if MEMBER in actors:
        return str(_("your administration (the assessment or the official request)"))
    if SECRETARIAT in actors:
        return str(_("the secretariat"))
    return ""


def _member_items(*, user: Actor) -> list[TodoItem]:
    if user.member_id is None:
        return []
    requests = SupportRequest.objects.filter(member_id=user.member_id).exclude(
        state__in=CLOSED_REQUEST_STATES
    )
    items = []
    for request in requests.order_by("pk"):
        waits = request_waits_for(request)
        items.append(
            TodoItem(
                kind="capacity.own_request",
                title=_("Your request for national support: %(state)s") % {"state": S(request.state).label},
                detail=_("Waits for %(whom)s.") % {"whom": waits} if waits else "",
                url=reverse("capacity:request_detail", args=[request.pk]),
            )
        )
    return items + _reassessment_items(user=user)


def _reassessment_items(*, user: Actor) -> list[TodoItem]:
    """The re-assessment that falls due after a national workshop, until the Member submits one."""
    from clearway.capacity.reminders import reassessment_pending

    return [
        TodoItem(
            kind="capacity.reassessment",
            title=_("Assess your administration again after its national workshop"),
            detail=_("Due by %(date)s, to measure progress on the standards the workshop addressed.")
            % {"date": date_format(request.reassessment_due) if request.reassessment_due else ""},
            url=reverse("capacity:request_detail", args=[request.pk]),
            due=request.reassessment_due,
        )
        for request in reassessment_pending(member_id=user.member_id)
    ]


def _expert_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if user.pk is None:
        return []
    assignments = (
        ExpertAssignment.objects.filter(expert__user_id=user.pk, end_date__gte=today)
        .select_related("activity")
        .order_by("start_date")
    )
    return [
        TodoItem(
            kind="capacity.assignment",
            title=_("Mission: %(activity)s") % {"activity": a.activity.title},
            detail=_("%(role)s, from %(start)s to %(end)s")
            % {
                "role": a.role or _("expert"),
                "start": date_format(a.start_date),
                "end": date_format(a.end_date),
            },
            url=reverse("capacity:activity_detail", args=[a.activity_id]),
            due=a.start_date,
        )
        for a in assignments
    ]
