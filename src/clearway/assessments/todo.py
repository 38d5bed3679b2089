"""What the self-assessment gives each person to do: complete or correct an assessment, review submissions,
follow a region's progress, keep commitments."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.assessments.models import (
    COMPLETED_STATUSES,
    EDITABLE_STATUSES,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    CycleReminder,
    CycleStatus,
    ReviewComment,
    ReviewKind,
)
from clearway.assessments.selectors import commitment_list_for_user
from clearway.core.actors import Actor
from clearway.core.i18n import localized
from clearway.core.todo import TodoItem


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if user_is_secretariat(user):
        return _secretariat_items() + _commitment_items(user=user, today=today)
    if user_is_member_user(user):
        return _member_items(user=user) + _commitment_items(user=user, today=today)
    if user.role == Role.REGIONAL_OFFICE and user.region_id:
        return _region_items(user=user)
    return []


def _progress_url(cycle_id: int, **filters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{reverse('assessments:cycle', args=[cycle_id])}?{query}#progress"


def _open_cycles_with_counts(members: Q | None = None) -> list[tuple[AssessmentCycle, dict[str, int]]]:
    """Open cycles with, for the assessments of `members`, how many are in each state (one query)."""
    scope = Q() if members is None else members
    statuses = [s.value for s in AssessmentStatus]
    counts = {s: Count("assessments", filter=Q(assessments__status=s) & scope) for s in statuses}
    cycles = AssessmentCycle.objects.filter(status=CycleStatus.OPEN).annotate(**counts).order_by("closes_on")
    return [(cycle, {s: getattr(cycle, s) for s in statuses}) for cycle in cycles]


def _secretariat_items() -> list[TodoItem]:
    return _cycle_items() + _unreachable_items() + _reopen_items()


def _reopen_items() -> list[TodoItem]:
    """Completed assessments whose Member asked to reopen them, the secretariat not having acted since."""
    steps = [ReviewKind.SUBMITTED, ReviewKind.RETURNED, ReviewKind.VALIDATED, ReviewKind.REOPEN_REQUESTED]
    last = ReviewComment.objects.filter(assessment=OuterRef("pk"), kind__in=steps).order_by("-at", "-id")
    asked = (
        Assessment.objects.filter(status__in=[s.value for s in COMPLETED_STATUSES])
        .annotate(last_step=Subquery(last.values("kind")[:1]), reason=Subquery(last.values("body")[:1]))
        .filter(last_step=ReviewKind.REOPEN_REQUESTED)
        .select_related("member", "cycle")
    )
    return [
        TodoItem(
            kind="assessments.reopen_requested",
            title=_("%(member)s asks to reopen its self-assessment (%(cycle)s)")
            % {"member": a.member.name, "cycle": a.cycle.name},
            detail=_("Reason: %(reason)s") % {"reason": a.reason},
            url=f"{reverse('assessments:detail', args=[a.pk])}#review",
        )
        for a in asked.order_by("pk")
    ]


def _unreachable_items() -> list[TodoItem]:
    """Open cycles whose latest reminder could not reach some Members: their contacts need fixing."""
    latest: dict[int, CycleReminder] = {}
    reminders = CycleReminder.objects.filter(cycle__status=CycleStatus.OPEN).select_related("cycle")
    for reminder in reminders.order_by("cycle_id", "-sent_at", "-id"):
        latest.setdefault(reminder.cycle_id, reminder)
    return [
        TodoItem(
            kind="assessments.reminder_unreachable",
            title=ngettext(
                "The last reminder of %(cycle)s could not reach %(n)d Member",
                "The last reminder of %(cycle)s could not reach %(n)d Members",
                len(r.unreachable),
            )
            % {"cycle": r.cycle.name, "n": len(r.unreachable)},
            detail=_("No active focal point with an e-mail address: %(codes)s")
            % {"codes": ", ".join(r.unreachable)},
            url=reverse("accounts:contacts_index"),
        )
        for r in latest.values()
        if r.unreachable
    ]


def _cycle_items() -> list[TodoItem]:
    items = []
    for cycle, n in _open_cycles_with_counts():
        if n["submitted"]:
            items.append(
                TodoItem(
                    kind="assessments.review",
                    title=ngettext(
                        "%(n)d self-assessment awaits your review (%(cycle)s)",
                        "%(n)d self-assessments await your review (%(cycle)s)",
                        n["submitted"],
                    )
                    % {"n": n["submitted"], "cycle": cycle.name},
                    url=_progress_url(cycle.pk, status=AssessmentStatus.SUBMITTED),
                )
            )
        pending = n["not_started"] + n["in_progress"] + n["returned"]
        if pending:
            items.append(
                TodoItem(
                    kind="assessments.cycle_pending",
                    title=ngettext(
                        "%(n)d Member has not submitted its self-assessment (%(cycle)s)",
                        "%(n)d Members have not submitted their self-assessment (%(cycle)s)",
                        pending,
                    )
                    % {"n": pending, "cycle": cycle.name},
                    detail=_("Not started: %(a)d · in progress: %(b)d · returned: %(c)d")
                    % {"a": n["not_started"], "b": n["in_progress"], "c": n["returned"]},
                    url=_progress_url(cycle.pk, sort="status"),
                    due=cycle.closes_on,
                )
            )
    return items


def _member_items(*, user: Actor) -> list[TodoItem]:
    if user.member_id is None:
        return []
    assessments = (
        Assessment.objects.filter(
            member_id=user.member_id,
            cycle__status=CycleStatus.OPEN,
            status__in=[s.value for s in EDITABLE_STATUSES],
        )
        .select_related("cycle")
        .order_by("cycle__closes_on")
    )
    items = []
    for assessment in assessments:
        returned = assessment.status == AssessmentStatus.RETURNED
        reason = _return_reason(assessment) if returned else ""
        items.append(
            TodoItem(
                kind="assessments.returned" if returned else "assessments.complete",
                title=(
                    _("Correct and submit again your self-assessment for %(cycle)s")
                    if returned
                    else _("Complete and submit your self-assessment for %(cycle)s")
                )
                % {"cycle": assessment.cycle.name},
                detail=_("The secretariat's reason: %(reason)s") % {"reason": reason} if reason else "",
                url=reverse("assessments:edit", args=[assessment.pk]),
                due=assessment.cycle.closes_on,
            )
        )
    return items


def _return_reason(assessment: Assessment) -> str:
    comment = (
        ReviewComment.objects.filter(assessment=assessment, kind=ReviewKind.RETURNED)
        .order_by("-at", "-id")
        .first()
    )
    return comment.body if comment else ""


def _region_items(*, user: Actor) -> list[TodoItem]:
    region = user.region if isinstance(user, User) else None
    if region is None:
        return []
    items = []
    for cycle, n in _open_cycles_with_counts(Q(assessments__member__region_id=user.region_id)):
        targeted = sum(n.values())
        if not targeted:
            continue
        done = n["submitted"] + n["validated"]
        items.append(
            TodoItem(
                kind="assessments.region_progress",
                title=_("%(region)s: %(done)d of %(targeted)d Members have submitted (%(cycle)s)")
                % {"region": region.name, "done": done, "targeted": targeted, "cycle": cycle.name},
                url=_progress_url(cycle.pk, region=region.code),
                due=cycle.closes_on,
            )
        )
    return items


def _commitment_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    """Commitments not achieved that are overdue or due within 30 days."""
    soon = today + datetime.timedelta(days=30)
    open_ones = [
        c
        for c in commitment_list_for_user(user=user).filter(achieved_on__isnull=True)
        if c.due_on is not None and c.due_on <= soon
    ]
    if not open_ones:
        return []
    if user_is_secretariat(user):
        overdue = [c for c in open_ones if c.due_on < today]
        if not overdue:
            return []
        return [
            TodoItem(
                kind="assessments.commitments_overdue",
                title=ngettext(
                    "%(n)d Member commitment is overdue",
                    "%(n)d Member commitments are overdue",
                    len(overdue),
                )
                % {"n": len(overdue)},
                url=reverse("assessments:commitments"),
                due=min(c.due_on for c in overdue),
            )
        ]
    return [
        TodoItem(
            kind="assessments.commitment",
            title=_("Implement standard %(standard)s, as your administration committed")
            % {"standard": f"{c.standard.number}. {localized(c.standard, 'title')}"},
            url=reverse("assessments:commitments"),
            due=c.due_on,
        )
        for c in open_ones
    ]
