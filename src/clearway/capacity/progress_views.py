"""Pages of the support loop: the standards a request addresses (proposed from the gaps, editable), the experts
who cover them, follow-up actions per standard, and progress after support (per request, activity, Member and
for the programme)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.capacity import progress, selectors, services, workflow
from clearway.capacity.forms import RequestStandardsForm
from clearway.capacity.models import Activity, RequestState, SupportRequest
from clearway.core.actors import Actor, request_actor
from clearway.core.exceptions import ClearwayError

EDITABLE_STATES = {
    RequestState.INTENTION_NOTIFIED,
    RequestState.ASSESSMENT_COMPLETED,
    RequestState.OFFICIAL_REQUEST_RECEIVED,
    RequestState.UNDER_REVIEW,
    RequestState.APPROVED,
}


def request_create_initial(*, request: HttpRequest, member: Any) -> dict[str, Any]:
    """The new request's standards: the one asked for from a gap on the scorecard (?standard=<key>), else the
    Member's weakest standards in its latest assessment."""
    key = request.GET.get("standard", "").strip()
    if key:
        chosen = list(RequestStandardsForm().fields["standards"].queryset.filter(key=key))  # type: ignore[attr-defined]
        if chosen:
            return {"standards": chosen}
    return {"standards": progress.request_standards_proposed(viewer=request_actor(request), member=member)}


def request_loop_context(*, user: Actor, support: SupportRequest) -> dict[str, Any]:
    """What the request page shows of the loop: standards (and their form), experts by standard, progress."""
    can_edit = (
        support.state in EDITABLE_STATES and workflow.actor_kind_for(user=user, request=support) is not None
    )
    standards = list(support.standards.order_by("number"))
    return {
        "standards": standards,
        "indicators": list(support.indicators.select_related("standard").order_by("code")),
        "standards_form": RequestStandardsForm(
            initial={"standards": standards, "indicators": list(support.indicators.all())}
        )
        if can_edit
        else None,
        "experts_suggested": progress.experts_suggested(request=support)
        if support.state == RequestState.APPROVED
        else [],
        "follow_up_standards": standards if support.state == RequestState.DELIVERED else [],
        "progress": progress.request_progress(viewer=user, request=support),
    }


def follow_up_actions_from(post: Any, *, support: SupportRequest) -> list[services.ActionInput]:
    """One action per addressed standard from the follow-up form (`action_for_<standard id>` and its due date)."""
    actions = []
    for standard in support.standards.all():
        description = (post.get(f"action_for_{standard.pk}") or "").strip()
        if description:
            due = post.get(f"action_due_for_{standard.pk}") or None
            actions.append(
                services.ActionInput(description=description, standard=standard, due_date=_date(due))
            )
    return actions


def _date(value: str | None) -> Any:
    import datetime

    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def request_standards_edit(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.request_get_for_user(user=request_actor(request), request_id=pk)
    form = RequestStandardsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:request_detail", pk=pk)
    try:
        services.request_standards_set(
            actor=request_actor(request),
            request=support,
            standards=list(form.cleaned_data["standards"]),
            indicators=list(form.cleaned_data["indicators"]),
        )
    except ClearwayError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The standards addressed were saved."))
    return redirect("capacity:request_detail", pk=pk)


def activity_loop_context(*, user: Actor, activity: Activity) -> dict[str, Any]:
    return {"progress": progress.activity_progress(viewer=user, activity=activity)}


@login_required
def programme_progress_view(request: HttpRequest) -> HttpResponse:
    view = progress.programme_progress(viewer=request_actor(request))
    return render(request, "capacity/progress.html", {"view": view})
