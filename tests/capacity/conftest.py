"""Factories for capacity tests: a Member's submitted assessment, requests placed in a given state."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def submit_assessment(db: Any) -> Callable[[Any], Any]:
    """Give `member` a submitted assessment in the open cycle (what the assessments app signals)."""
    from clearway.assessments.models import (
        Assessment,
        AssessmentCycle,
        AssessmentStatus,
        Catalogue,
        CycleStatus,
    )

    def make(member: Any) -> Any:
        from clearway.framework.models import Edition

        cycle = AssessmentCycle.objects.filter(status=CycleStatus.OPEN).first()
        if cycle is None:
            catalogue = Catalogue.objects.order_by("pk").first() or Catalogue.objects.create(
                code="test-kpis",
                version=1,
                edition=Edition.objects.get(code="2022"),
                title_en="Test KPIs",
                title_fr="ICP de test",
                source_file="test",
                checksum="0" * 64,
            )
            cycle = AssessmentCycle.objects.create(
                name_en="Test cycle",
                catalogue=catalogue,
                opens_on=datetime.date(2022, 1, 1),
                closes_on=datetime.date(2030, 12, 31),
            )
        return Assessment.objects.create(
            member=member, cycle=cycle, status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now()
        )

    return make


@pytest.fixture
def request_in(db: Any) -> Callable[..., Any]:
    """A request placed directly in `state` (test set-up only; the code under test moves it)."""
    from clearway.capacity.models import SupportRequest

    def make(member: Any, state: str, *, official: bool = True, **fields: Any) -> Any:
        values: dict[str, Any] = {"intention_date": datetime.date(2022, 3, 1), "intention_reference": "INT/1"}
        if official:
            values |= {
                "official_request_date": datetime.date(2022, 4, 1),
                "official_request_reference": "DG/7",
            }
        if state == "declined":
            values["decision_reason"] = "Set up declined"
        return SupportRequest.objects.create(member=member, state=state, **(values | fields))

    return make
