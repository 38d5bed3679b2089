"""Writes on the experts roster and on experts' assignments to missions (never double-booked)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from clearway.accounts.models import User
from clearway.accounts.scoping import require_secretariat
from clearway.capacity.models import (
    AccreditationStatus,
    Activity,
    Expert,
    ExpertAbsence,
    ExpertAssignment,
    ExpertProfile,
    dates_overlap,
)
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed


@transaction.atomic
def expert_create(
    *,
    actor: Actor,
    name: str,
    status: str,
    profile: str,
    region: Any,
    languages: list[str],
    email: str = "",
    administration: Any = None,
    accredited_on: datetime.date | None = None,
    availability_note: str = "",
    user: User | None = None,
    standards: Sequence[Any] = (),
    illustrative: bool = False,
) -> Expert:
    """Add an expert to the roster, with the standards they cover (by which missions suggest them)."""
    require_secretariat(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the expert's name.")]
    elif Expert.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = [_("An expert of this name is already on the roster.")]
    if status not in AccreditationStatus.values:
        errors["status"] = [_("Choose one of the listed values.")]
    if profile not in ExpertProfile.values:
        errors["profile"] = [_("Choose one of the listed values.")]
    codes = [c.strip().lower() for c in languages if c.strip()]
    if not codes or any(len(c) != 2 or not c.isalpha() for c in codes):
        errors["languages"] = [_("Give the languages as two-letter codes, e.g. en, fr, es.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    expert = Expert.objects.create(
        name=name.strip(),
        status=status,
        profile=profile,
        region=region,
        languages=codes,
        email=email.strip(),
        administration=administration,
        accredited_on=accredited_on,
        availability_note=availability_note.strip(),
        user=user,
        illustrative=illustrative,
    )
    expert.standards.set(list(standards))
    after = {**model_snapshot(expert), "standards": sorted(s.key for s in standards)}
    audit_record(actor=actor, action="capacity.expert.create", instance=expert, after=after)
    return expert


def _mission_overlapping(
    expert: Expert,
    start_date: datetime.date,
    end_date: datetime.date,
    besides: ExpertAssignment | None = None,
) -> ExpertAssignment | None:
    """The expert's first mission sharing a day with [start_date, end_date] (other than `besides`), if any."""
    missions = expert.assignments.filter(dates_overlap(start_date, end_date))
    if besides is not None:
        missions = missions.exclude(pk=besides.pk)
    return missions.select_related("activity").first()


def _expert_busy(
    expert: Expert,
    start_date: datetime.date,
    end_date: datetime.date,
    besides: ExpertAssignment | None = None,
) -> str:
    """Why the expert cannot take a mission on these days (an absence, another mission), or ""."""
    absence = expert.absences.filter(dates_overlap(start_date, end_date)).first()
    if absence is not None:
        return _("%(expert)s is not available from %(start)s to %(end)s%(reason)s.") % {
            "expert": expert,
            "start": formats.date_format(absence.start_date),
            "end": formats.date_format(absence.end_date),
            "reason": f" ({absence.reason})" if absence.reason else "",
        }
    clash = _mission_overlapping(expert, start_date, end_date, besides)
    if clash is not None:
        return _("%(expert)s is already assigned to “%(activity)s” from %(start)s to %(end)s.") % {
            "expert": expert,
            "activity": clash.activity,
            "start": formats.date_format(clash.start_date),
            "end": formats.date_format(clash.end_date),
        }
    return ""


@transaction.atomic
def expert_assign(
    *,
    actor: Actor,
    expert: Expert,
    activity: Activity,
    start_date: datetime.date,
    end_date: datetime.date,
    role: str = "",
) -> ExpertAssignment:
    """Assign an expert to a mission; refused when it overlaps another of the expert's missions."""
    require_secretariat(actor)
    # Lock the expert's row so two concurrent assignments of the same expert are checked one after the other.
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if (
        not isinstance(start_date, datetime.date)
        or not isinstance(end_date, datetime.date)
        or end_date < start_date
    ):
        raise ValidationFailed(
            field_errors={"end_date": [_("The mission's end date cannot be before its start.")]}
        )
    if not expert.available:
        message = _("%(expert)s is not available for missions.") % {"expert": expert}
        raise ValidationFailed(message, field_errors={"expert": [message]})
    busy = _expert_busy(expert, start_date, end_date)
    if busy:
        raise Conflict(busy)
    try:
        with transaction.atomic():
            assignment = ExpertAssignment.objects.create(
                expert=expert, activity=activity, start_date=start_date, end_date=end_date, role=role.strip()
            )
    except IntegrityError as exc:
        # The same mission twice, or (on PostgreSQL) the overlap constraint caught a concurrent assignment.
        raise Conflict(
            _("%(expert)s is already assigned to this mission or to another one at the same dates.")
            % {"expert": expert}
        ) from exc
    audit_record(
        actor=actor, action="capacity.expert.assign", instance=assignment, after=model_snapshot(assignment)
    )
    return assignment


def _moved_dates(
    assignment: ExpertAssignment, activity: Activity, shift: datetime.timedelta
) -> tuple[datetime.date, datetime.date]:
    """The mission's days moved by `shift`, kept within the activity's new dates (all of them if none is left)."""
    start = max(assignment.start_date + shift, activity.start_date)
    end = min(assignment.end_date + shift, activity.end_date)
    return (start, end) if start <= end else (activity.start_date, activity.end_date)


@transaction.atomic
def activity_assignments_move(
    *, actor: Actor, activity: Activity, previous_start: datetime.date
) -> list[ExpertAssignment]:
    """The activity's dates moved: each expert's mission moves with it (by as many days, within the new dates),
    and each expert's availability is checked again. One expert not free refuses the whole move (Conflict,
    naming every such expert), so no roster keeps days the activity no longer takes."""
    require_secretariat(actor)
    shift = activity.start_date - previous_start
    moves, problems = [], []
    for assignment in activity.assignments.select_related("expert").order_by("pk"):
        start, end = _moved_dates(assignment, activity, shift)
        if (start, end) == (assignment.start_date, assignment.end_date):
            continue
        busy = _expert_busy(assignment.expert, start, end, besides=assignment)
        if busy:
            problems.append(busy)
        moves.append((assignment, start, end))
    if problems:
        raise Conflict(
            _(
                "The experts' missions cannot move with the activity: %(problems)s Withdraw them or choose other dates."
            )
            % {"problems": " ".join(problems)}
        )
    for assignment, start, end in moves:
        before = model_snapshot(assignment)
        assignment.start_date, assignment.end_date = start, end
        assignment.save(update_fields=["start_date", "end_date"])
        audit_record(
            actor=actor,
            action="capacity.expert.assignment_move",
            instance=assignment,
            before=before,
            after=model_snapshot(assignment),
        )
    return [assignment for assignment, _start, _end in moves]


@transaction.atomic
def expert_unassign(*, actor: Actor, assignment: ExpertAssignment, reason: str = "") -> None:
    require_secretariat(actor)
    before = model_snapshot(assignment)
    audit_record(
        actor=actor, action="capacity.expert.unassign", instance=assignment, before=before, reason=reason
    )
    assignment.delete()


@transaction.atomic
def expert_set_availability(*, actor: Actor, expert: Expert, available: bool, note: str = "") -> Expert:
    """Mark an expert available or not for new missions (existing assignments stay)."""
    require_secretariat(actor)
    before = model_snapshot(expert, ["available", "availability_note"])
    expert.available = available
    expert.availability_note = note.strip()
    expert.save(update_fields=["available", "availability_note"])
    audit_record(
        actor=actor,
        action="capacity.expert.availability_set",
        instance=expert,
        before=before,
        after=model_snapshot(expert, ["available", "availability_note"]),
    )
    return expert


def _require_secretariat_or_self(actor: Actor, expert: Expert) -> None:
    """The secretariat manages every expert's dates; an expert with an account declares their own."""
    if expert.user_id is not None and actor.pk == expert.user_id:
        return
    try:
        require_secretariat(actor)
    except PermissionDenied:
        raise PermissionDenied(_("Only the secretariat or the expert can change these dates.")) from None


@transaction.atomic
def expert_absence_add(
    *, actor: Actor, expert: Expert, start_date: datetime.date, end_date: datetime.date, reason: str = ""
) -> ExpertAbsence:
    """Record dates on which the expert takes no mission; refused over a mission already assigned."""
    _require_secretariat_or_self(actor, expert)
    # Lock the expert's row: absences and assignments of one expert are checked one after the other.
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if end_date < start_date:
        raise ValidationFailed(field_errors={"end_date": [_("The end date cannot be before the start.")]})
    mission = _mission_overlapping(expert, start_date, end_date)
    if mission is not None:
        raise Conflict(
            _(
                "%(expert)s is assigned to “%(activity)s” from %(start)s to %(end)s: change that mission first."
            )
            % {
                "expert": expert,
                "activity": mission.activity,
                "start": formats.date_format(mission.start_date),
                "end": formats.date_format(mission.end_date),
            }
        )
    absence = ExpertAbsence.objects.create(
        expert=expert, start_date=start_date, end_date=end_date, reason=reason.strip()[:200]
    )
    audit_record(
        actor=actor, action="capacity.expert.absence_add", instance=absence, after=model_snapshot(absence)
    )
    return absence


@transaction.atomic
def expert_absence_remove(*, actor: Actor, absence: ExpertAbsence) -> None:
    _require_secretariat_or_self(actor, absence.expert)
    audit_record(
        actor=actor, action="capacity.expert.absence_remove", instance=absence, before=model_snapshot(absence)
    )
    absence.delete()
