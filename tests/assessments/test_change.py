"""Change since the previous cycle, like for like, across catalogue versions through the explicit mapping."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.assessments import analytics, selectors, services
from clearway.assessments.models import Catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous_a(secretariat: Any, member_a: Any, focal_a: Any, answer_all: Any) -> Any:
    cycle = services.cycle_create(
        actor=secretariat,
        name="Cycle 2024",
        catalogue=Catalogue.objects.get(code="clearway-2022-v1"),
        opens_on=datetime.date(2024, 1, 1),
        closes_on=datetime.date(2024, 6, 30),
        members=[member_a],
    )
    assessment = cycle.assessments.get()
    answer_all(assessment, focal_a, level="full")
    return services.assessment_submit(actor=focal_a, assessment=assessment, statement="Signed.")


def test_change_through_the_mapping_compares_like_for_like(
    previous_a: Any, assessment_a: Any, focal_a: Any, answer_all: Any, client_for: Any
) -> None:
    answer_all(assessment_a, focal_a, level="full", skip=("LAW.2B", "DQ.4"))
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="LAW.2B", base_version=0, yes=False
    )
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="DQ.4", base_version=0, stage="none"
    )
    change = analytics.assessment_change(viewer=focal_a, assessment=assessment_a)
    assert change.previous_assessment == previous_a and change.through_mapping
    by_key = {c.standard.key: c for c in change.standards}
    legal = by_key["legal-framework-aed"]
    # v1 LAW.2 = yes stands for both LAW.2A and LAW.2B; now LAW.2B = no: 100 * (2 + 1 + 0 + 2) / 6
    assert (legal.previous, legal.current, legal.delta) == (100.0, 83.3, -16.7)
    assert (legal.compared_indicators, legal.unmatched_indicators) == (4, 0)
    quality = by_key["data-quality"]
    # DQ.4 is new in v2: it has no counterpart, so it is left out of both sides of the comparison.
    assert (quality.previous, quality.current, quality.delta) == (100.0, 100.0, 0.0)
    assert (quality.compared_indicators, quality.unmatched_indicators) == (3, 1)
    measurement = by_key["measurement"]  # MEA.1 renamed MEA.SYS
    assert measurement.previous == 100.0 and measurement.compared_indicators == 3
    api = client_for(focal_a).get(f"/api/assessments/{assessment_a.pk}/change").json()
    assert api["through_mapping"] and api["previous_cycle"] == "Cycle 2024"
    assert next(s for s in api["standards"] if s["key"] == "legal-framework-aed")["change"] == -16.7
    full = selectors.scorecard_for(viewer=focal_a, assessment=assessment_a)
    assert full.standard_by_key()["data-quality"] < 100  # the full score does count DQ.4


def test_within_one_catalogue_the_identity_mapping_applies(
    secretariat: Any, member_a: Any, focal_a: Any, answer_all: Any
) -> None:
    v1 = Catalogue.objects.get(code="clearway-2022-v1")
    first = services.cycle_create(
        actor=secretariat,
        name="A",
        catalogue=v1,
        opens_on=datetime.date(2023, 1, 1),
        closes_on=datetime.date(2023, 2, 1),
        members=[member_a],
    ).assessments.get()
    answer_all(first, focal_a, level="pilot")
    second = services.cycle_create(
        actor=secretariat,
        name="B",
        catalogue=v1,
        opens_on=datetime.date(2024, 1, 1),
        closes_on=datetime.date(2024, 2, 1),
        members=[member_a],
    ).assessments.get()
    answer_all(second, focal_a, level="partial")
    change = analytics.assessment_change(viewer=focal_a, assessment=second)
    assert not change.through_mapping
    risk = next(c for c in change.standards if c.standard.key == "return-of-goods")
    assert risk.unmatched_indicators == 0 and risk.delta is not None and risk.delta > 0
