"""Experts' dates without missions: assignments respect them, the roster finds who is free for a mission."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.capacity.selectors import expert_list
from clearway.capacity.services import expert_absence_add, expert_absence_remove, expert_assign
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent
from tests.capacity.factories import activity_make, expert_make

D = datetime.date


@pytest.fixture
def mission(db: Any) -> Any:
    return activity_make(
        title_en="National workshop", status="planned", start_date=D(2026, 12, 7), end_date=D(2026, 12, 11)
    )


def test_no_mission_is_assigned_on_an_absence(secretariat: Any, mission: Any) -> None:
    expert = expert_make()
    absence = expert_absence_add(
        actor=secretariat, expert=expert, start_date=D(2026, 12, 10), end_date=D(2026, 12, 20), reason="leave"
    )
    with pytest.raises(Conflict, match=r"not available from .* \(leave\)"):
        expert_assign(
            actor=secretariat,
            expert=expert,
            activity=mission,
            start_date=D(2026, 12, 7),
            end_date=D(2026, 12, 11),
        )
    assert not expert.assignments.exists()
    expert_absence_remove(actor=secretariat, absence=absence)
    expert_assign(
        actor=secretariat,
        expert=expert,
        activity=mission,
        start_date=D(2026, 12, 7),
        end_date=D(2026, 12, 11),
    )
    actions = set(
        AuditEvent.objects.filter(action__startswith="capacity.expert.").values_list("action", flat=True)
    )
    assert {
        "capacity.expert.absence_add",
        "capacity.expert.absence_remove",
        "capacity.expert.assign",
    } <= actions


def test_an_absence_over_an_assigned_mission_is_refused(secretariat: Any, mission: Any) -> None:
    expert = expert_make()
    expert_assign(
        actor=secretariat,
        expert=expert,
        activity=mission,
        start_date=D(2026, 12, 7),
        end_date=D(2026, 12, 11),
    )
    with pytest.raises(Conflict, match="National workshop"):
        expert_absence_add(
            actor=secretariat, expert=expert, start_date=D(2026, 12, 11), end_date=D(2026, 12, 12)
        )
    with pytest.raises(ValidationFailed):
        expert_absence_add(actor=secretariat, expert=expert, start_date=D(2027, 1, 5), end_date=D(2027, 1, 4))
    assert not expert.absences.exists()


def test_experts_declare_their_own_dates_and_nobody_else_s(
    make_user: Any, focal_a: Any, secretariat: Any, db: Any
) -> None:
    own_account = make_user("expert", username="amina")
    amina = expert_make("Amina", user=own_account)
    other = expert_make("Other expert")
    expert_absence_add(actor=own_account, expert=amina, start_date=D(2027, 2, 1), end_date=D(2027, 2, 5))
    for actor in (own_account, focal_a):
        with pytest.raises(PermissionDenied):
            expert_absence_add(actor=actor, expert=other, start_date=D(2027, 2, 1), end_date=D(2027, 2, 5))


def test_the_roster_finds_who_is_free_for_a_mission(secretariat: Any, mission: Any) -> None:
    busy = expert_make("Busy")
    away = expert_make("Away")
    unavailable = expert_make("Unavailable")
    expert_make("Free")
    expert_assign(
        actor=secretariat, expert=busy, activity=mission, start_date=D(2026, 12, 7), end_date=D(2026, 12, 11)
    )
    expert_absence_add(actor=secretariat, expert=away, start_date=D(2026, 12, 1), end_date=D(2026, 12, 7))
    unavailable.available = False
    unavailable.save()
    names = lambda start, end: [  # noqa: E731
        e.name for e in expert_list(viewer=secretariat, free_from=start, free_to=end)
    ]
    assert names(D(2026, 12, 7), D(2026, 12, 11)) == ["Free"]
    assert names(D(2026, 12, 14), D(2026, 12, 18)) == ["Away", "Busy", "Free"]
    assert [e.name for e in expert_list(viewer=secretariat)] == ["Away", "Busy", "Free", "Unavailable"]


def test_the_roster_page_filters_and_records_dates(secretariat: Any, client_for: Any, mission: Any) -> None:
    expert = expert_make()
    client = client_for(secretariat)
    added = client.post(
        f"/capacity/experts/{expert.pk}/absences/",
        {"start_date": "2026-12-01", "end_date": "2026-12-08", "reason": "leave"},
        follow=True,
    )
    assert "no mission will be assigned on them" in added.content.decode()
    assert expert.absences.count() == 1
    page = client.get(
        "/capacity/experts/", {"free_from": "2026-12-07", "free_to": "2026-12-11"}
    ).content.decode()
    assert 'id="free-count"' in page and "0 experts are available" in page
    page = client.get(
        "/capacity/experts/", {"free_from": "2026-12-09", "free_to": "2026-12-11"}
    ).content.decode()
    assert "1 expert is available" in page and expert.name in page
    wrong = client.get("/capacity/experts/", {"free_from": "2026-12-09"}).content.decode()
    assert "Give both dates of the mission." in wrong
    refused = client.post(
        f"/capacity/experts/{expert.pk}/absences/",
        {"start_date": "2026-12-20", "end_date": "2026-12-19"},
        follow=True,
    )
    assert "cannot be before the start" in refused.content.decode() and expert.absences.count() == 1


def test_the_api_lists_the_experts_free_for_a_mission(
    secretariat: Any, client_for: Any, mission: Any
) -> None:
    expert_make("Free")
    busy = expert_make("Busy")
    expert_assign(
        actor=secretariat, expert=busy, activity=mission, start_date=D(2026, 12, 7), end_date=D(2026, 12, 11)
    )
    client = client_for(secretariat)
    free = client.get("/api/capacity/experts", {"free_from": "2026-12-08", "free_to": "2026-12-09"}).json()
    assert [e["name"] for e in free] == ["Free"]
    assert client.get("/api/capacity/experts", {"free_from": "2026-12-08"}).status_code == 400
