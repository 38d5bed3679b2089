"""The life of a request for national support, in one place: eligibility conditions and the transition table.

The seed (PC0690 §8) makes a Member eligible for a national workshop when it (a) notified its intention to
implement the E-Commerce FoS, (b) completed an assessment following the KPIs and (c) sent an official request
from its Director General. `request_eligibility` evaluates those three conditions live; the table below says
which state may follow which, who may move it, and what each move requires (its guard).
`clearway.capacity.services.request_transition` is the only code that applies it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearway.capacity.models import RequestState, SupportRequest
from clearway.core.actors import Actor

S = RequestState


@dataclass(frozen=True)
class Condition:
    code: str
    label: str | Promise
    met: bool
    detail: str = ""


def submitted_assessment_of(request: SupportRequest) -> Any:
    """The Member's submitted (or validated) assessment of the current cycle, or None."""
    from clearway.assessments.selectors import assessment_submitted_for_member

    return assessment_submitted_for_member(member=request.member)


def request_eligibility(*, request: SupportRequest) -> list[Condition]:
    """The three conditions of PC0690 §8, each met or missing, with what was recorded.

    The assessment condition uses the assessment linked to the request when one was recorded (it stays the
    evidence the decision relied on); otherwise it asks the assessments app now.
    """
    assessment = request.assessment if request.assessment_id else submitted_assessment_of(request)
    intention = request.intention_date is not None
    official = bool(request.official_request_date and request.official_request_reference.strip())
    return [
        Condition(
            "intention",
            _("Intention to implement the E-Commerce FoS notified"),
            intention,
            _date_ref(request.intention_date, request.intention_reference) if intention else "",
        ),
        Condition(
            "assessment",
            _("Assessment following the KPIs completed"),
            assessment is not None,
            _assessment_detail(assessment),
        ),
        Condition(
            "official_request",
            _("Official request from the Director General received"),
            official,
            _date_ref(request.official_request_date, request.official_request_reference) if official else "",
        ),
    ]


def missing_conditions(*, request: SupportRequest) -> list[Condition]:
    return [c for c in request_eligibility(request=request) if not c.met]


# What a request waits for once the Member's three conditions are met, by state.
_WAITING_FOR = {
    S.OFFICIAL_REQUEST_RECEIVED: _("the Secretariat to start its review"),
    S.UNDER_REVIEW: _("the Secretariat's decision"),
    S.APPROVED: _("the Secretariat to plan the workshop"),
    S.PLANNED: _("the workshop to take place"),
    S.DELIVERED: _("the follow-up actions or the date of the re-assessment"),
}


def request_waiting_for(*, request: SupportRequest) -> list[str]:
    """What the request needs next, in words: its missing conditions, else the Secretariat's next step."""
    if request.state in (S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, S.OFFICIAL_REQUEST_RECEIVED):
        missing = [str(c.label) for c in missing_conditions(request=request)]
        if missing:
            return missing
    waiting = _WAITING_FOR.get(S(request.state))
    return [str(waiting)] if waiting else []


def _date_ref(day: datetime.date | None, reference: str) -> str:
    text = formats.date_format(day, "DATE_FORMAT") if day else ""
    return f"{text} ({reference})" if reference else text


def _assessment_detail(assessment: Any) -> str:
    if assessment is None:
        return ""
    submitted = getattr(assessment, "submitted_at", None)
    when = formats.date_format(submitted, "DATE_FORMAT") if submitted else ""
    return gettext("Submitted on %(date)s") % {"date": when} if when else gettext("Submitted")


# Guards take the request and the transition's data and return the problems as {field: [messages]}.
Guard = Callable[[SupportRequest, dict[str, Any]], dict[str, list[str]]]


def _no_guard(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    return {}


def _guard_assessment(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    if submitted_assessment_of(request) is None:
        return {
            "assessment": [
                gettext("%(member)s has no submitted assessment in the current cycle.")
                % {"member": request.member}
            ]
        }
    return {}


def _guard_official_request(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    day = data.get("official_request_date")
    if not isinstance(day, datetime.date):
        errors["official_request_date"] = [gettext("Give the date of the Director General's letter.")]
    elif day > datetime.date.today():
        errors["official_request_date"] = [gettext("The letter cannot be dated in the future.")]
    elif day < request.intention_date:
        errors["official_request_date"] = [
            gettext("The letter cannot predate the notification of intention.")
        ]
    if not str(data.get("official_request_reference") or "").strip():
        errors["official_request_reference"] = [
            gettext("Give the reference of the Director General's letter.")
        ]
    return errors


def _guard_eligible(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    missing = missing_conditions(request=request)
    if missing:
        names = "; ".join(str(c.label) for c in missing)
        return {
            "eligibility": [gettext("Cannot approve: missing condition(s): %(names)s.") % {"names": names}]
        }
    return {}


def _guard_reason(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    if not str(data.get("reason") or "").strip():
        return {"reason": [gettext("Say why the request is declined.")]}
    return {}


def _guard_plan(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, datetime.date):
        errors["start_date"] = [gettext("Give the first day of the workshop.")]
    if not isinstance(end, datetime.date):
        errors["end_date"] = [gettext("Give the last day of the workshop.")]
    elif isinstance(start, datetime.date) and end < start:
        errors["end_date"] = [gettext("The end date cannot be before the start date.")]
    if not data.get("modality"):
        errors["modality"] = [gettext("Choose the modality.")]
    return errors


def _guard_delivered(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    activity = request.activities.order_by("-start_date").first()
    if activity is None:
        return {"activity": [gettext("No planned workshop is linked to this request.")]}
    day = data.get("delivered_on") or activity.end_date
    if day < activity.start_date:
        return {"delivered_on": [gettext("The workshop cannot end before it started.")]}
    if day > datetime.date.today():
        return {"delivered_on": [gettext("A workshop cannot be recorded as delivered in the future.")]}
    return {}


def _guard_follow_up(request: SupportRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    if not data.get("actions") and not data.get("reassessment_due"):
        return {"actions": [gettext("Record at least one action item or the date of the re-assessment.")]}
    return {}


MEMBER = "member"  # the Member's own focal point
SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class Transition:
    source: RequestState
    target: RequestState
    actors: frozenset[str]
    guard: Guard
    fields: tuple[str, ...] = ()  # what the form for this move asks for

    @property
    def label(self) -> str:
        return str(RequestState(self.target).label)


_BOTH = frozenset({MEMBER, SECRETARIAT})
_SEC = frozenset({SECRETARIAT})
_OFFICIAL_FIELDS = (
    "official_request_date",
    "official_request_reference",
    "official_request_signatory",
    "official_request_letter",
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, _BOTH, _guard_assessment),
    # The Director General's letter may arrive before the assessment is submitted: review may start, approval waits.
    Transition(
        S.INTENTION_NOTIFIED, S.OFFICIAL_REQUEST_RECEIVED, _BOTH, _guard_official_request, _OFFICIAL_FIELDS
    ),
    Transition(
        S.ASSESSMENT_COMPLETED, S.OFFICIAL_REQUEST_RECEIVED, _BOTH, _guard_official_request, _OFFICIAL_FIELDS
    ),
    Transition(S.OFFICIAL_REQUEST_RECEIVED, S.UNDER_REVIEW, _SEC, _no_guard),
    Transition(S.UNDER_REVIEW, S.APPROVED, _SEC, _guard_eligible, ("reason",)),
    Transition(S.UNDER_REVIEW, S.DECLINED, _SEC, _guard_reason, ("reason",)),
    Transition(
        S.APPROVED,
        S.PLANNED,
        _SEC,
        _guard_plan,
        ("start_date", "end_date", "modality", "experts", "funder"),
    ),
    Transition(S.PLANNED, S.DELIVERED, _SEC, _guard_delivered, ("delivered_on",)),
    Transition(S.DELIVERED, S.FOLLOW_UP, _SEC, _guard_follow_up, ("actions", "reassessment_due")),
)


def transition_find(*, source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def actor_kind_for(*, user: Actor, request: SupportRequest) -> str | None:
    """SECRETARIAT, MEMBER (the requesting Member's focal point) or None (may not move requests)."""
    from clearway.accounts.roles import Role
    from clearway.accounts.scoping import user_is_secretariat

    if user_is_secretariat(user):
        return SECRETARIAT
    if user.role == Role.MEMBER_FOCAL_POINT and user.member_id == request.member_id:
        return MEMBER
    return None


def transitions_available(*, user: Actor, request: SupportRequest) -> list[Transition]:
    kind = actor_kind_for(user=user, request=request)
    return [t for t in transitions_from(request.state) if kind in t.actors]
