"""Writes on requests for national support: filing one, and moving it through the transition table."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.capacity import workflow
from clearway.capacity.models import (
    CLOSED_REQUEST_STATES,
    ActivityKind,
    ActivityStatus,
    FollowUpAction,
    RequestState,
    RequestStateChange,
    SecretariatRole,
    SupportRequest,
)
from clearway.capacity.signals import request_state_changed
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.audit_labels import SYSTEM_ACTOR
from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.uploads import uploaded_file_check

REQUEST_SNAPSHOT = [
    "state",
    "intention_date",
    "intention_reference",
    "official_request_date",
    "official_request_reference",
    "official_request_signatory",
    "decision_reason",
    "delivered_on",
    "reassessment_due",
    "assessment_completed_at",
]


# How long after a national workshop the Member's re-assessment falls due (then a task and reminders).
REASSESSMENT_AFTER = datetime.timedelta(days=365)


@dataclass(frozen=True)
class ActionInput:
    description: str
    standard: Any = None
    due_date: datetime.date | None = None


@transaction.atomic
def request_create(
    *,
    actor: Actor,
    member: Any,
    intention_date: datetime.date,
    intention_reference: str = "",
    intention_letter: UploadedFile | None = None,
    needs: str = "",
    standards: Sequence[Any] = (),
    indicators: Sequence[Any] = (),
    illustrative: bool = False,
    notify: bool = True,
) -> SupportRequest:
    """A Member's focal point (or the Secretariat for it) records the notified intention: the request starts.

    `standards` (and, optionally, `indicators` of those standards) name what the support should address."""
    if not (
        user_is_secretariat(actor) or (actor.role == Role.MEMBER_FOCAL_POINT and actor.member_id == member.pk)
    ):
        raise PermissionDenied(_("Only the Member's focal point or the Secretariat can file this request."))
    if not isinstance(intention_date, datetime.date):
        raise ValidationFailed(
            field_errors={"intention_date": [_("Give the date the intention was notified.")]}
        )
    if intention_date > timezone.localdate():
        raise ValidationFailed(
            field_errors={"intention_date": [_("The notification cannot be in the future.")]}
        )
    if intention_letter is not None:
        uploaded_file_check(intention_letter, field="intention_letter")
    _refuse_second_open_request(member)
    request = SupportRequest(
        member=member,
        intention_date=intention_date,
        intention_reference=intention_reference.strip(),
        needs=needs.strip(),
        illustrative=illustrative,
        created_by=actor_user(actor),
    )
    if intention_letter is not None:
        request.intention_letter = intention_letter
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # a concurrent filing won the race
        raise Conflict(_("%(member)s already has a request in progress.") % {"member": member}) from exc
    _standards_store(request=request, standards=standards, indicators=indicators)
    audit_record(
        actor=actor,
        action="capacity.support_request.create",
        instance=request,
        after={**model_snapshot(request, REQUEST_SNAPSHOT), **_standards_snapshot(request)},
    )
    _state_change_record(request=request, source="", actor=actor, effective_on=intention_date, reason="")
    request_state_changed.send(
        sender=SupportRequest,
        request=request,
        source="",
        target=request.state,
        actor=actor,
        reason="",
        notify=notify,
    )
    return request


def _standards_store(*, request: SupportRequest, standards: Sequence[Any], indicators: Sequence[Any]) -> None:
    """Record the standards addressed; an indicator adds its standard, so the two never disagree."""
    chosen = {s.pk: s for s in standards}
    for indicator in indicators:
        chosen.setdefault(indicator.standard_id, indicator.standard)
    editions = {s.edition_id for s in chosen.values()}
    if len(editions) > 1:
        raise ValidationFailed(
            field_errors={"standards": [_("Choose the standards of one edition of the Framework.")]}
        )
    request.standards.set(list(chosen.values()))
    request.indicators.set(list(indicators))


def _standards_snapshot(request: SupportRequest) -> dict[str, Any]:
    return {
        "standards": sorted(request.standards.values_list("key", flat=True)),
        "indicators": sorted(request.indicators.values_list("code", flat=True)),
    }


@transaction.atomic
def request_standards_set(
    *, actor: Actor, request: SupportRequest, standards: Sequence[Any], indicators: Sequence[Any] = ()
) -> SupportRequest:
    """Change what a request in progress addresses (the Member's focal point or the Secretariat); audited. Once
    the workshop is planned, it carries the standards, so the request's are settled."""
    if workflow.actor_kind_for(user=actor, request=request) is None:
        raise PermissionDenied(_("Only the Member's focal point or the Secretariat can change this request."))
    if request.state in CLOSED_REQUEST_STATES or request.state in (
        RequestState.PLANNED,
        RequestState.DELIVERED,
    ):
        raise InvalidTransition(_("The standards of a request can be changed until its workshop is planned."))
    before = _standards_snapshot(request)
    _standards_store(request=request, standards=standards, indicators=indicators)
    audit_record(
        actor=actor,
        action="capacity.support_request.standards_set",
        instance=request,
        before=before,
        after=_standards_snapshot(request),
        member_iso3=request.member.iso3,
    )
    return request


def _refuse_second_open_request(member: Any) -> None:
    open_requests = SupportRequest.objects.filter(member=member).exclude(
        state__in=list(CLOSED_REQUEST_STATES)
    )
    if open_requests.exists():
        raise Conflict(_("%(member)s already has a request in progress.") % {"member": member})


@transaction.atomic
def request_transition(
    *,
    request: SupportRequest,
    to_state: str,
    actor: Actor,
    reason: str = "",
    effective_on: datetime.date | None = None,
    notify: bool = True,
    **data: Any,
) -> SupportRequest:
    """Move `request` to `to_state` if the table allows it, the actor may, and the guard passes.

    `data` carries what the move records (see `workflow.TRANSITIONS[...].fields`). Audited and signalled; the
    people concerned are e-mailed unless `notify=False` (demo loads).
    """
    request = SupportRequest.objects.select_for_update().select_related("member").get(pk=request.pk)
    transition = workflow.transition_find(source=request.state, target=to_state)
    if transition is None:
        raise InvalidTransition(
            _("A request cannot go from “%(source)s” to “%(target)s”.")
            % {"source": RequestState(request.state).label, "target": _state_label(to_state)}
        )
    kind = workflow.actor_kind_for(user=actor, request=request)
    if kind not in transition.actors:
        raise PermissionDenied(
            _("You cannot move this request to “%(target)s”.") % {"target": transition.label}
        )
    data = {**data, "reason": reason}
    problems = transition.guard(request, data)
    if problems:
        if "eligibility" in problems or "assessment" in problems or "activity" in problems:
            raise InvalidTransition(" ".join(m for msgs in problems.values() for m in msgs))
        raise ValidationFailed(field_errors=problems)
    before = model_snapshot(request, REQUEST_SNAPSHOT)
    source = request.state
    _APPLY[to_state](request, data, actor)
    request.state = to_state
    request.save()
    audit_record(
        actor=actor,
        action=f"capacity.support_request.{to_state}",
        instance=request,
        before=before,
        after=model_snapshot(request, REQUEST_SNAPSHOT),
        reason=reason,
    )
    _state_change_record(
        request=request,
        source=source,
        actor=actor,
        effective_on=effective_on or timezone.localdate(),
        reason=reason,
    )
    request_state_changed.send(
        sender=SupportRequest,
        request=request,
        source=source,
        target=to_state,
        actor=actor,
        reason=reason,
        notify=notify,
    )
    return request


def _state_label(state: str) -> str:
    try:
        return str(RequestState(state).label)
    except ValueError:
        return state


def _state_change_record(
    *, request: SupportRequest, source: str, actor: Actor, effective_on: datetime.date, reason: str
) -> None:
    user = actor_user(actor)
    RequestStateChange.objects.create(
        request=request,
        source=source,
        target=request.state,
        effective_on=effective_on,
        actor=user,
        actor_label=user.get_username() if user else SYSTEM_ACTOR,
        reason=reason,
    )


def _apply_assessment(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    assessment = workflow.submitted_assessment_of(request)
    request.assessment = assessment
    request.assessment_completed_at = getattr(assessment, "submitted_at", None) or timezone.now()


def _apply_official_request(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    letter = data.get("official_request_letter")
    if letter is not None:
        uploaded_file_check(letter, field="official_request_letter")
        request.official_request_letter = letter
    request.official_request_date = data["official_request_date"]
    request.official_request_reference = str(data["official_request_reference"]).strip()
    request.official_request_signatory = str(data.get("official_request_signatory") or "").strip()


def _apply_nothing(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    return None


def _apply_decision(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    if request.assessment_id is None:
        _apply_assessment(request, data, actor)
    request.decision_reason = str(data.get("reason") or "").strip()
    request.decided_at = timezone.now()
    request.decided_by = actor_user(actor)


def _apply_plan(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    from clearway.capacity.services.activities import ActivityInput, activity_create, organisation_ensure
    from clearway.capacity.services.experts import expert_assign

    member = request.member
    funder = data.get("funder")
    activity = activity_create(
        actor=actor,
        data=ActivityInput(
            title_en=f"National workshop on e-commerce for {member.name_en}",
            title_fr=f"Atelier national sur le commerce électronique pour {member.name_fr or member.name_en}",
            kind=ActivityKind.NATIONAL_WORKSHOP,
            status=ActivityStatus.PLANNED,
            modality=data["modality"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            region=member.region,
            organiser=organisation_ensure(
                name_en="WCO Secretariat",
                name_fr="Secrétariat de l'OMD",
                acronym="WCO",
                kind="wco",
                actor=actor,
            ),
            secretariat_role=SecretariatRole.ORGANISED,
            funders=[funder] if funder else [],
            members=[member],
            member_count=1,
            participant_groups=["customs"],
            standards=list(request.standards.all()),
            support_request=request,
            illustrative=request.illustrative,
        ),
    )
    for expert in data.get("experts") or []:
        expert_assign(
            actor=actor,
            expert=expert,
            activity=activity,
            start_date=activity.start_date,
            end_date=activity.end_date,
            role="",
        )


def _apply_delivered(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    activity = request.activities.order_by("-start_date").first()
    assert activity is not None  # the guard checked
    request.delivered_on = data.get("delivered_on") or activity.end_date
    # The Member assesses itself again a set time after the workshop: the loop's measure of progress.
    request.reassessment_due = request.delivered_on + REASSESSMENT_AFTER
    if activity.status != ActivityStatus.DELIVERED:
        before = model_snapshot(activity, ["status"])
        activity.status = ActivityStatus.DELIVERED
        activity.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="capacity.activity.deliver",
            instance=activity,
            before=before,
            after=model_snapshot(activity, ["status"]),
        )


def _apply_follow_up(request: SupportRequest, data: dict[str, Any], actor: Actor) -> None:
    request.reassessment_due = data.get("reassessment_due") or request.reassessment_due
    for item in data.get("actions") or []:
        if not item.description.strip():
            raise ValidationFailed(field_errors={"actions": [_("An action item needs a description.")]})
        action = FollowUpAction.objects.create(
            request=request,
            description=item.description.strip(),
            standard=item.standard,
            due_date=item.due_date,
        )
        audit_record(
            actor=actor,
            action="capacity.follow_up_action.create",
            instance=action,
            after=model_snapshot(action),
            member_iso3=request.member.iso3,
        )


_APPLY: dict[str, Callable[[SupportRequest, dict[str, Any], Any], None]] = {
    RequestState.ASSESSMENT_COMPLETED: _apply_assessment,
    RequestState.OFFICIAL_REQUEST_RECEIVED: _apply_official_request,
    RequestState.UNDER_REVIEW: _apply_nothing,
    RequestState.APPROVED: _apply_decision,
    RequestState.DECLINED: _apply_decision,
    RequestState.PLANNED: _apply_plan,
    RequestState.DELIVERED: _apply_delivered,
    RequestState.FOLLOW_UP: _apply_follow_up,
}


@transaction.atomic
def follow_up_action_complete(
    *, actor: Actor, action: FollowUpAction, done_on: datetime.date
) -> FollowUpAction:
    request = action.request
    if workflow.actor_kind_for(user=actor, request=request) is None:
        raise PermissionDenied()
    if done_on > timezone.localdate():
        raise ValidationFailed(field_errors={"done_on": [_("An action cannot be done in the future.")]})
    before = model_snapshot(action)
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="capacity.follow_up_action.complete",
        instance=action,
        before=before,
        after=model_snapshot(action),
        member_iso3=request.member.iso3,
    )
    return action


__all__ = [
    "ActionInput",
    "follow_up_action_complete",
    "request_create",
    "request_standards_set",
    "request_transition",
]
