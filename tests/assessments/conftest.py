"""Fixtures for assessments: a cycle on the current catalogue with Members A (Kenya) and B (Uganda)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def catalogue(db: Any) -> Any:
    from clearway.assessments.models import Catalogue

    return Catalogue.objects.get(code="clearway-2022-v2")


@pytest.fixture
def cycle(secretariat: Any, catalogue: Any, member_a: Any, member_b: Any) -> Any:
    from clearway.assessments.services import cycle_create

    return cycle_create(
        actor=secretariat,
        name="Test cycle",
        catalogue=catalogue,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )


@pytest.fixture
def assessment_a(cycle: Any, member_a: Any) -> Any:
    return cycle.assessments.get(member=member_a)


@pytest.fixture
def assessment_b(cycle: Any, member_b: Any) -> Any:
    return cycle.assessments.get(member=member_b)


def answer_values(indicator: Any, level: str = "full") -> dict[str, Any]:
    """A valid answer for any indicator: 'full' is the best answer, 'none' the worst."""
    if indicator.kind == "maturity":
        return {"stage": level}
    if indicator.kind == "yes_no":
        return {"yes": level == "full"}
    if indicator.target is None:
        return {"value": "10"}
    best = indicator.target if level == "full" else (indicator.floor if indicator.floor is not None else 0)
    return {"value": str(best)}


@pytest.fixture
def answer_all() -> Callable[..., None]:
    def fill(assessment: Any, actor: Any, level: str = "full", skip: tuple[str, ...] = ()) -> None:
        from clearway.assessments.selectors import indicator_list
        from clearway.assessments.services import answer_save

        for indicator in indicator_list(catalogue=assessment.cycle.catalogue):
            if indicator.code in skip:
                continue
            current = assessment.answers.filter(indicator=indicator).first()
            answer_save(
                actor=actor,
                assessment=assessment,
                indicator_code=indicator.code,
                base_version=current.version if current else 0,
                **answer_values(indicator, level),
            )

    return fill
