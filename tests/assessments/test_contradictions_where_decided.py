"""Declared versus measured where decisions are made: the secretariat's review, the cycle overview (per standard)
and the committee report (in aggregate, no Member named)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from clearway.assessments.models import Assessment, AssessmentCycle, Catalogue
from clearway.assessments.services import answer_save


def _contradicted(member: Any, actor: Any) -> tuple[Assessment, Any]:
    """A submitted assessment claiming "full" on an indicator its own measured value does not support."""
    catalogue = Catalogue.objects.get(code="clearway-2022-v2")
    cycle = AssessmentCycle.objects.create(
        name_en="Cycle 2026",
        catalogue=catalogue,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    assessment = Assessment.objects.create(member=member, cycle=cycle, status="in_progress")
    claim = catalogue.indicators.filter(
        kind="maturity", expected_measure__measure="advance_data_share"
    ).first()
    measured = catalogue.indicators.filter(kind="numeric", measure="advance_data_share").first()
    answer_save(actor=actor, assessment=assessment, indicator_code=claim.code, base_version=0, stage="full")
    answer_save(actor=actor, assessment=assessment, indicator_code=measured.code, base_version=0, value=10)
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=timezone.now())
    return assessment, claim


def test_the_review_and_the_cycle_overview_show_the_unsupported_claims(
    client_for: Any, secretariat: Any, focal_a: Any, member_a: Any
) -> None:
    assessment, claim = _contradicted(member_a, focal_a)
    review = client_for(secretariat).get(f"/assessments/{assessment.pk}/").content.decode()
    checks = review[review.index('id="review-checks"') :].split("</div>")[0]
    assert claim.code in checks and "Before deciding: 1 claim is not supported" in checks
    cycle = client_for(secretariat).get(f"/assessments/cycles/{assessment.cycle_id}/").content.decode()
    row = cycle[cycle.index(f'data-standard="{claim.standard.key}"') :].split("</tr>")[0]
    assert "<td data-claims>1</td>" in row
