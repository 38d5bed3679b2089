"""The experts roster: assignment to missions never double-books an expert."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from clearway.capacity.models import ExpertAssignment
from clearway.capacity.services import expert_assign, expert_create
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from clearway.members.models import Region
from tests.capacity.factories import activity_make, expert_make

D = datetime.date


@pytest.fixture
def two_missions(db: Any) -> tuple[Any, Any]:
    return (
        activity_make(title_en="Mission A", start_date=D(2023, 3, 6), end_date=D(2023, 3, 10)),
        activity_make(title_en="Mission B", start_date=D(2023, 3, 9), end_date=D(2023, 3, 13)),
    )


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (D(2023, 3, 9), D(2023, 3, 13), True),  # overlaps the end of mission A
        (D(2023, 3, 1), D(2023, 3, 6), True),  # ends on A's first day
        (D(2023, 3, 7), D(2023, 3, 8), True),  # inside A
        (D(2023, 3, 1), D(2023, 3, 20), True),  # around A
        (D(2023, 3, 11), D(2023, 3, 13), False),  # the day after A ends
        (D(2023, 3, 1), D(2023, 3, 5), False),  # ends the day before A starts
    ],
)
def test_overlapping_missions_are_refused(
    secretariat: Any, two_missions: tuple[Any, Any], start: D, end: D, refused: bool
) -> None:
    mission_a, mission_b = two_missions
    expert = expert_make()
    expert_assign(
        actor=secretariat,
        expert=expert,
        activity=mission_a,
        start_date=D(2023, 3, 6),
        end_date=D(2023, 3, 10),
    )
    if refused:
        with pytest.raises(Conflict, match="Mission A"):
            expert_assign(
                actor=secretariat, expert=expert, activity=mission_b, start_date=start, end_date=end
            )
        assert expert.assignments.count() == 1
    else:
        expert_assign(actor=secretariat, expert=expert, activity=mission_b, start_date=start, end_date=end)
        assert expert.assignments.count() == 2


def test_another_expert_can_take_the_same_dates(secretariat: Any, two_missions: tuple[Any, Any]) -> None:
    mission_a, _ = two_missions
    for name in ("Expert One", "Expert Two"):
        expert_assign(
            actor=secretariat,
            expert=expert_make(name),
            activity=mission_a,
            start_date=D(2023, 3, 6),
            end_date=D(2023, 3, 10),
        )
    assert mission_a.assignments.count() == 2


def test_the_database_refuses_the_same_expert_starting_twice_on_one_day(
    two_missions: tuple[Any, Any],
) -> None:
    mission_a, mission_b = two_missions
    expert = expert_make()
    ExpertAssignment.objects.create(
        expert=expert, activity=mission_a, start_date=D(2023, 3, 9), end_date=D(2023, 3, 10)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertAssignment.objects.create(
            expert=expert, activity=mission_b, start_date=D(2023, 3, 9), end_date=D(2023, 3, 12)
        )


def test_assignment_rules(secretariat: Any, focal_a: Any, two_missions: tuple[Any, Any]) -> None:
    mission_a, _ = two_missions
    expert = expert_make()
    with pytest.raises(PermissionDenied):
        expert_assign(
            actor=focal_a,
            expert=expert,
            activity=mission_a,
            start_date=D(2023, 3, 6),
            end_date=D(2023, 3, 10),
        )
    with pytest.raises(ValidationFailed):
        expert_assign(
            actor=secretariat,
            expert=expert,
            activity=mission_a,
            start_date=D(2023, 3, 10),
            end_date=D(2023, 3, 6),
        )


def test_the_roster_refuses_bad_languages_and_duplicates(secretariat: Any) -> None:
    region = Region.objects.get(code="AP")
    with pytest.raises(ValidationFailed) as bad:
        expert_create(
            actor=secretariat,
            name="X",
            status="accredited",
            profile="trainer",
            region=region,
            languages=["English"],
        )
    assert "languages" in bad.value.field_errors
    expert_create(
        actor=secretariat,
        name="X",
        status="pre_accredited",
        profile="trainer",
        region=region,
        languages=["en", "TH"],
    )
    with pytest.raises(ValidationFailed):
        expert_create(
            actor=secretariat,
            name="x",
            status="accredited",
            profile="trainer",
            region=region,
            languages=["en"],
        )


def test_on_postgresql_the_database_itself_refuses_overlapping_missions(
    two_missions: tuple[Any, Any],
) -> None:
    """The exclusion constraint exists on PostgreSQL only; SQLite relies on the service check (tested above)."""
    from django.db import connection

    mission_a, mission_b = two_missions
    expert = expert_make()
    ExpertAssignment.objects.create(
        expert=expert, activity=mission_a, start_date=D(2023, 3, 6), end_date=D(2023, 3, 10)
    )
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            ExpertAssignment.objects.create(
                expert=expert, activity=mission_b, start_date=D(2023, 3, 9), end_date=D(2023, 3, 12)
            )
    else:
        ExpertAssignment.objects.create(
            expert=expert, activity=mission_b, start_date=D(2023, 3, 9), end_date=D(2023, 3, 12)
        )
        assert expert.assignments.count() == 2
