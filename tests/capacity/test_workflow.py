"""The request state machine: the rule table (who may make which move), guards, audit, signal and e-mails."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.capacity import workflow
from clearway.capacity.models import ActivityStatus, RequestState, SupportRequest
from clearway.capacity.services import ActionInput, expert_create, request_create, request_transition
from clearway.capacity.signals import request_state_changed
from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent
from clearway.members.models import Region

S = RequestState
TODAY = datetime.date.today()
OFFICIAL = {"official_request_date": datetime.date(2022, 4, 1), "official_request_reference": "DG/2022/1"}
PLAN = {
    "start_date": TODAY + datetime.timedelta(days=30),
    "end_date": TODAY + datetime.timedelta(days=33),
    "modality": "in_person",
}

# (from, to, who, data, expected): "ok", or the exception the move must raise.
RULES = [
    (S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, "focal", {}, "ok"),
    (S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, "secretariat", {}, "ok"),
    (S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, "contributor", {}, PermissionDenied),
    (S.INTENTION_NOTIFIED, S.ASSESSMENT_COMPLETED, "other_focal", {}, PermissionDenied),
    (S.INTENTION_NOTIFIED, S.OFFICIAL_REQUEST_RECEIVED, "focal", OFFICIAL, "ok"),
    (S.ASSESSMENT_COMPLETED, S.OFFICIAL_REQUEST_RECEIVED, "secretariat", OFFICIAL, "ok"),
    (S.ASSESSMENT_COMPLETED, S.OFFICIAL_REQUEST_RECEIVED, "focal", {}, ValidationFailed),
    (S.OFFICIAL_REQUEST_RECEIVED, S.UNDER_REVIEW, "secretariat", {}, "ok"),
    (S.OFFICIAL_REQUEST_RECEIVED, S.UNDER_REVIEW, "focal", {}, PermissionDenied),
    (S.UNDER_REVIEW, S.APPROVED, "secretariat", {}, "ok"),
    (S.UNDER_REVIEW, S.APPROVED, "focal", {}, PermissionDenied),
    (S.UNDER_REVIEW, S.APPROVED, "regional", {}, PermissionDenied),
    (S.UNDER_REVIEW, S.DECLINED, "secretariat", {"reason": "Out of scope"}, "ok"),
    (S.UNDER_REVIEW, S.DECLINED, "secretariat", {}, ValidationFailed),
    (S.APPROVED, S.PLANNED, "secretariat", PLAN, "ok"),
    (S.APPROVED, S.PLANNED, "secretariat", {"modality": "in_person"}, ValidationFailed),
    (S.INTENTION_NOTIFIED, S.APPROVED, "secretariat", {}, InvalidTransition),
    (S.INTENTION_NOTIFIED, S.UNDER_REVIEW, "secretariat", {}, InvalidTransition),
    (S.OFFICIAL_REQUEST_RECEIVED, S.APPROVED, "secretariat", {}, InvalidTransition),
    (S.APPROVED, S.DELIVERED, "secretariat", {}, InvalidTransition),
    (S.DECLINED, S.APPROVED, "secretariat", {}, InvalidTransition),
    (S.DELIVERED, S.FOLLOW_UP, "secretariat", {}, ValidationFailed),
    (S.DELIVERED, S.FOLLOW_UP, "secretariat", {"reassessment_due": datetime.date(2024, 6, 30)}, "ok"),
    (S.FOLLOW_UP, S.UNDER_REVIEW, "secretariat", {}, InvalidTransition),
]


@pytest.fixture
def people(
    secretariat: Any, focal_a: Any, contributor_a: Any, focal_b: Any, regional_esa: Any
) -> dict[str, Any]:
    return {
        "secretariat": secretariat,
        "focal": focal_a,
        "contributor": contributor_a,
        "other_focal": focal_b,
        "regional": regional_esa,
    }


@pytest.mark.parametrize(("source", "target", "who", "data", "expected"), RULES)
def test_transition_rule_table(
    source: str,
    target: str,
    who: str,
    data: dict[str, Any],
    expected: Any,
    people: dict[str, Any],
    member_a: Any,
    request_in: Any,
    submit_assessment: Any,
) -> None:
    submit_assessment(member_a)
    request = request_in(member_a, source, official=True)
    params = dict(data)
    reason = params.pop("reason", "")
    if expected == "ok":
        moved = request_transition(
            request=request, to_state=target, actor=people[who], reason=reason, **params
        )
        assert moved.state == target
        assert SupportRequest.objects.get(pk=request.pk).state == target
    else:
        with pytest.raises(expected):
            request_transition(request=request, to_state=target, actor=people[who], reason=reason, **params)
        assert SupportRequest.objects.get(pk=request.pk).state == source


def test_the_table_reaches_every_state_from_the_first() -> None:
    reachable = {S.INTENTION_NOTIFIED.value}
    for _ in S:
        reachable |= {t.target.value for t in workflow.TRANSITIONS if t.source in reachable}
    assert reachable == set(S.values)


def test_approval_is_refused_while_the_assessment_is_missing_and_names_it(
    secretariat: Any, member_a: Any, request_in: Any, submit_assessment: Any
) -> None:
    request = request_in(member_a, S.UNDER_REVIEW)
    with pytest.raises(InvalidTransition) as refused:
        request_transition(request=request, to_state=S.APPROVED, actor=secretariat)
    assert "Assessment following the KPIs completed" in str(refused.value.message)
    assert "Director General" not in str(refused.value.message)  # that condition is met
    submit_assessment(member_a)
    assert request_transition(request=request, to_state=S.APPROVED, actor=secretariat).state == S.APPROVED


def test_approval_is_refused_while_the_official_request_is_missing(
    secretariat: Any, member_a: Any, request_in: Any, submit_assessment: Any
) -> None:
    submit_assessment(member_a)
    request = request_in(member_a, S.UNDER_REVIEW, official=False)
    with pytest.raises(InvalidTransition, match="Official request from the Director General"):
        request_transition(request=request, to_state=S.APPROVED, actor=secretariat)


def test_eligibility_lists_met_and_missing_conditions(member_a: Any, request_in: Any) -> None:
    request = request_in(member_a, S.INTENTION_NOTIFIED, official=False)
    met = {c.code: c.met for c in workflow.request_eligibility(request=request)}
    assert met == {"intention": True, "assessment": False, "official_request": False}


def test_a_transition_is_audited_with_before_after_and_reason_and_signalled(
    secretariat: Any, member_a: Any, request_in: Any
) -> None:
    received: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    request_state_changed.connect(listener)
    try:
        request = request_in(member_a, S.UNDER_REVIEW)
        request_transition(
            request=request,
            to_state=S.DECLINED,
            actor=secretariat,
            reason="No KPI assessment",
            effective_on=datetime.date(2022, 5, 2),
        )
    finally:
        request_state_changed.disconnect(listener)
    event = AuditEvent.objects.get(action="capacity.support_request.declined", object_id=str(request.pk))
    assert event.before["state"] == S.UNDER_REVIEW and event.after["state"] == S.DECLINED
    assert event.reason == "No KPI assessment" and event.actor == secretariat and event.member_iso3 == "KEN"
    assert received[0]["source"] == S.UNDER_REVIEW and received[0]["target"] == S.DECLINED
    change = request.state_changes.get()
    assert change.effective_on == datetime.date(2022, 5, 2) and change.reason == "No KPI assessment"


def test_each_recipient_is_mailed_in_their_language(
    make_user: Any,
    member_a: Any,
    member_b: Any,
    request_in: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sec = make_user("secretariat_staff", username="sec-fr", preferred_language="fr")
    make_user("member_focal_point", member=member_a, username="ken-en")
    make_user("member_focal_point", member=member_b, username="uga-focal")  # not concerned
    request = request_in(member_a, S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(request=request, to_state=S.DECLINED, actor=sec, reason="Hors champ")
    from clearway.accounts.models import User

    by_user = {User.objects.get(email=m.to[0]).username: m for m in mailoutbox}
    assert set(by_user) == {"sec-fr", "ken-en"}
    assert "Refusée" in by_user["sec-fr"].subject and "Kenya" in by_user["sec-fr"].subject
    assert "Declined" in by_user["ken-en"].subject
    assert "Hors champ" in by_user["ken-en"].body


def test_no_mail_leaves_for_a_refused_move(
    secretariat: Any, member_a: Any, request_in: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = request_in(member_a, S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidTransition):
        request_transition(request=request, to_state=S.APPROVED, actor=secretariat)
    assert mailoutbox == []


def test_filing_is_for_the_members_focal_point_and_one_open_request(
    focal_a: Any, contributor_a: Any, focal_b: Any, member_a: Any
) -> None:
    with pytest.raises(PermissionDenied):
        request_create(actor=focal_b, member=member_a, intention_date=datetime.date(2022, 1, 5))
    with pytest.raises(PermissionDenied):
        request_create(actor=contributor_a, member=member_a, intention_date=datetime.date(2022, 1, 5))
    with pytest.raises(ValidationFailed):
        request_create(actor=focal_a, member=member_a, intention_date=TODAY + datetime.timedelta(days=1))
    request = request_create(actor=focal_a, member=member_a, intention_date=datetime.date(2022, 1, 5))
    assert request.state == S.INTENTION_NOTIFIED and request.created_by == focal_a
    with pytest.raises(Conflict):
        request_create(actor=focal_a, member=member_a, intention_date=datetime.date(2022, 1, 6))


def test_the_whole_path_to_follow_up(
    secretariat: Any, focal_a: Any, member_a: Any, submit_assessment: Any
) -> None:
    assessment = submit_assessment(member_a)
    expert = expert_create(
        actor=secretariat,
        name="Ada Expert",
        status="accredited",
        profile="technical_operational",
        region=Region.objects.get(code="ESA"),
        languages=["en", "sw"],
    )
    r = request_create(actor=focal_a, member=member_a, intention_date=datetime.date(2022, 1, 5))
    r = request_transition(request=r, to_state=S.ASSESSMENT_COMPLETED, actor=focal_a)
    assert r.assessment == assessment
    r = request_transition(request=r, to_state=S.OFFICIAL_REQUEST_RECEIVED, actor=focal_a, **OFFICIAL)
    r = request_transition(request=r, to_state=S.UNDER_REVIEW, actor=secretariat)
    r = request_transition(request=r, to_state=S.APPROVED, actor=secretariat, reason="Eligible")
    start = TODAY - datetime.timedelta(days=10)
    r = request_transition(
        request=r,
        to_state=S.PLANNED,
        actor=secretariat,
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        modality="hybrid",
        experts=[expert],
    )
    activity = r.activities.get()
    assert activity.status == ActivityStatus.PLANNED and activity.assignments.get().expert == expert
    assert list(activity.members.all()) == [member_a]
    r = request_transition(request=r, to_state=S.DELIVERED, actor=secretariat)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DELIVERED and r.delivered_on == activity.end_date
    r = request_transition(
        request=r,
        to_state=S.FOLLOW_UP,
        actor=secretariat,
        actions=[
            ActionInput(description="Adopt the advance data regulation", due_date=datetime.date(2027, 1, 31))
        ],
        reassessment_due=datetime.date(2027, 6, 30),
    )
    assert r.actions.get().description == "Adopt the advance data regulation"
    assert [c.target for c in r.state_changes.all()] == [
        S.INTENTION_NOTIFIED,
        S.ASSESSMENT_COMPLETED,
        S.OFFICIAL_REQUEST_RECEIVED,
        S.UNDER_REVIEW,
        S.APPROVED,
        S.PLANNED,
        S.DELIVERED,
        S.FOLLOW_UP,
    ]
