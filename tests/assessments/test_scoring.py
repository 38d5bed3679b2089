"""The scoring formula, as rule tables: indicator points, then standard, principle and overall aggregation."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from clearway.assessments.scoring import indicator_points, scorecard_compute


def ind(
    kind: str,
    *,
    target: Any = None,
    floor: Any = None,
    direction: str = "higher",
    weight: Any = 1,
    pk: int = 1,
    standard: Any = None,
    code: str = "X.1",
) -> SimpleNamespace:
    return SimpleNamespace(
        pk=pk,
        code=code,
        kind=kind,
        order=pk,
        weight=Decimal(str(weight)),
        direction=direction,
        standard=standard,
        target=None if target is None else Decimal(str(target)),
        floor=None if floor is None else Decimal(str(floor)),
    )


def ans(
    *,
    indicator_id: int = 1,
    stage: str = "",
    yes: bool | None = None,
    value: Any = None,
    not_measurable: bool = False,
) -> SimpleNamespace:
    return SimpleNamespace(
        indicator_id=indicator_id,
        stage=stage,
        yes=yes,
        not_measurable=not_measurable,
        value=None if value is None else Decimal(str(value)),
        is_answered=True,
    )


@pytest.mark.parametrize(
    ("stage", "points"), [("full", 1.0), ("partial", 2 / 3), ("pilot", 1 / 3), ("none", 0.0), ("", None)]
)
def test_maturity_stages_score_3_2_1_0_out_of_3(stage: str, points: float | None) -> None:
    assert indicator_points(ind("maturity"), ans(stage=stage)) == points


@pytest.mark.parametrize(("yes", "points"), [(True, 1.0), (False, 0.0), (None, None)])
def test_yes_no(yes: bool | None, points: float | None) -> None:
    assert indicator_points(ind("yes_no"), ans(yes=yes)) == points


@pytest.mark.parametrize(
    ("target", "floor", "direction", "value", "points"),
    [
        (90, 0, "higher", 45, 0.5),  # halfway between floor and target
        (90, 0, "higher", 90, 1.0),
        (90, 0, "higher", 120, 1.0),  # capped at the target
        (95, 50, "higher", 50, 0.0),
        (95, 50, "higher", 30, 0.0),  # below the floor: zero, never negative
        (95, 50, "higher", 72.5, 0.5),
        (6, 72, "lower", 6, 1.0),  # hours: lower is better, floor above target
        (6, 72, "lower", 39, 0.5),
        (6, 72, "lower", 100, 0.0),
        (6, 72, "lower", 2, 1.0),
        (-12, 0, "lower", -6, 0.5),  # AEO advantage in hours: negative is better
        (5, None, "higher", 4, 0.8),  # no floor: value / target
        (10, None, "lower", 20, 0.5),  # no floor: target / value
        (10, None, "lower", 0, 1.0),
    ],
)
def test_numeric_linear_between_floor_and_target(
    target: Any, floor: Any, direction: str, value: Any, points: float
) -> None:
    got = indicator_points(ind("numeric", target=target, floor=floor, direction=direction), ans(value=value))
    assert got == pytest.approx(points)


@pytest.mark.parametrize(
    ("indicator", "answer"),
    [
        (ind("numeric", target=None), ans(value=12)),  # reported, not scored
        (ind("numeric", target=90, floor=0), ans(value=None)),
        (ind("maturity"), ans(stage="full", not_measurable=True)),  # "cannot be answered" is left out
        (ind("yes_no"), None),  # unanswered
    ],
)
def test_indicators_left_out_of_the_score(indicator: Any, answer: Any) -> None:
    assert indicator_points(indicator, answer) is None


def _standard(pk: int, number: int, principle: Any) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, number=number, key=f"s{number}", principle=principle)


def test_aggregation_weighted_within_standard_then_plain_means() -> None:
    p1, p2 = SimpleNamespace(pk=1, number=1), SimpleNamespace(pk=2, number=2)
    s1, s2, s3 = _standard(1, 1, p1), _standard(2, 2, p1), _standard(3, 3, p2)
    indicators = [
        ind("maturity", pk=1, weight=2, standard=s1),  # full: 1 x 2
        ind("yes_no", pk=2, weight=1, standard=s1),  # no: 0 x 1  -> s1 = 100 * 2/3 = 66.7
        ind("maturity", pk=3, weight=1, standard=s2),  # pilot -> s2 = 33.3
        ind("yes_no", pk=4, weight=1, standard=s3),  # yes -> s3 = 100
        ind("maturity", pk=5, weight=5, standard=s3),  # unanswered: left out
    ]
    answers = [
        ans(indicator_id=1, stage="full"),
        ans(indicator_id=2, yes=False),
        ans(indicator_id=3, stage="pilot"),
        ans(indicator_id=4, yes=True),
    ]
    card = scorecard_compute(indicators=indicators, answers=answers)
    assert [s.score for s in card.standards] == [66.7, 33.3, 100.0]
    assert [p.score for p in card.principles] == [50.0, 100.0]  # principle I = mean(66.7, 33.3)
    assert card.overall == 75.0  # each principle counts the same, whatever its number of standards
    assert [s.standard.number for s in card.gaps()] == [2, 1, 3]  # weakest first


def test_no_answers_means_no_score_rather_than_zero() -> None:
    p = SimpleNamespace(pk=1, number=1)
    card = scorecard_compute(indicators=[ind("maturity", standard=_standard(1, 1, p))], answers=[])
    assert card.overall is None
    assert card.gaps() == []
