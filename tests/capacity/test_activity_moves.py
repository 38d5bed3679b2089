"""An activity's dates move: its experts' missions move with it, and each expert's availability is checked again."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from clearway.capacity.models import Activity
from clearway.capacity.selectors import expert_list
from clearway.capacity.services import (
    ActivityInput,
    activity_update,
    expert_absence_add,
    expert_assign,
)
from clearway.core.exceptions import Conflict
from clearway.core.models import AuditEvent
from tests.capacity.factories import activity_make, expert_make

D = datetime.date


def _moved(activity: Activity, start: datetime.date, end: datetime.date) -> ActivityInput:
    names = {f.name for f in dataclasses.fields(ActivityInput)}
    data = {n: getattr(activity, n) for n in names if hasattr(activity, n) and n not in ("support_request",)}
    for name in ("partners", "funders", "members", "standards", "other_regions"):
        if name in names:
            data[name] = list(getattr(activity, name).all())
    data["participant_groups"] = list(activity.participant_groups or [])
    return ActivityInput(**(data | {"start_date": start, "end_date": end}))


@pytest.fixture
def workshop(secretariat: Any) -> tuple[Activity, Any, Any]:
    activity = activity_make(start_date=D(2027, 3, 1), end_date=D(2027, 3, 5), status="planned")
    lead, second = expert_make("Lead Expert"), expert_make("Second Expert")
    expert_assign(
        actor=secretariat, expert=lead, activity=activity, start_date=D(2027, 3, 1), end_date=D(2027, 3, 5)
    )
    expert_assign(
        actor=secretariat, expert=second, activity=activity, start_date=D(2027, 3, 3), end_date=D(2027, 3, 4)
    )
    return activity, lead, second


def test_moving_an_activity_moves_its_experts_and_frees_the_old_days(
    secretariat: Any, workshop: tuple[Activity, Any, Any]
) -> None:
    activity, lead, second = workshop
    activity_update(
        actor=secretariat, activity=activity, data=_moved(activity, D(2027, 4, 12), D(2027, 4, 15))
    )
    missions = {
        a.expert.name: (a.start_date, a.end_date) for a in activity.assignments.select_related("expert")
    }
    # Moved by six weeks, and cut to the new, shorter dates.
    assert missions == {
        "Lead Expert": (D(2027, 4, 12), D(2027, 4, 15)),
        "Second Expert": (D(2027, 4, 14), D(2027, 4, 15)),
    }
    free_in_march = expert_list(viewer=secretariat, free_from=D(2027, 3, 1), free_to=D(2027, 3, 5))
    assert {lead, second} <= set(free_in_march)
    assert AuditEvent.objects.filter(action="capacity.expert.assignment_move").count() == 2


def test_a_move_onto_an_experts_absence_is_refused_and_changes_nothing(
    secretariat: Any, workshop: tuple[Activity, Any, Any]
) -> None:
    activity, lead, _second = workshop
    expert_absence_add(
        actor=secretariat, expert=lead, start_date=D(2027, 4, 13), end_date=D(2027, 4, 20), reason=""
    )
    with pytest.raises(Conflict) as refused:
        activity_update(
            actor=secretariat, activity=activity, data=_moved(activity, D(2027, 4, 12), D(2027, 4, 16))
        )
    assert "Lead Expert" in str(refused.value.message)
    activity.refresh_from_db()
    assert (activity.start_date, activity.end_date) == (D(2027, 3, 1), D(2027, 3, 5))
    assert activity.assignments.get(expert=lead).start_date == D(2027, 3, 1)


def test_changing_other_fields_leaves_the_missions_alone(
    secretariat: Any, workshop: tuple[Activity, Any, Any]
) -> None:
    activity, lead, _second = workshop
    data = dataclasses.replace(_moved(activity, activity.start_date, activity.end_date), title_en="Renamed")
    activity_update(actor=secretariat, activity=activity, data=data)
    assert activity.assignments.get(expert=lead).start_date == D(2027, 3, 1)
    assert not AuditEvent.objects.filter(action="capacity.expert.assignment_move").exists()
