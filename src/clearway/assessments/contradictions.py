"""Declared versus measured, where decisions are made: the claims that measured values do not support
(`analytics.assessment_measure_checks`), counted per standard over a cycle's completed assessments.

Counts are over the indicators each reader may see of each Member's answers, and name no Member.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from clearway.assessments.analytics import assessment_measure_checks
from clearway.assessments.models import COMPLETED_STATUSES, AssessmentCycle
from clearway.assessments.selectors import assessment_levels, assessment_list_for_user
from clearway.core.actors import Actor


@dataclass(frozen=True)
class StandardContradictions:
    standard: Any
    claims: int  # claimed stages the measured value does not support
    members: int  # Members with at least one such claim on this standard


@dataclass(frozen=True)
class CycleContradictions:
    standards: list[StandardContradictions]
    members: int  # Members with at least one unsupported claim
    assessments: int  # completed assessments looked at

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.standards)


def cycle_contradictions(*, viewer: Actor, cycle: AssessmentCycle) -> CycleContradictions:
    """Per standard, the unsupported claims in the cycle's completed assessments that `viewer` may read."""
    completed = (
        assessment_list_for_user(user=viewer, cycle=cycle)
        .filter(status__in=[s.value for s in COMPLETED_STATUSES])
        .prefetch_related("answers")
    )
    claims: Counter[int] = Counter()
    members_by_standard: dict[int, set[int]] = {}
    standards: dict[int, Any] = {}
    members: set[int] = set()
    count = 0
    for assessment in completed:
        count += 1
        levels = assessment_levels(viewer=viewer, assessment=assessment)
        for check in assessment_measure_checks(assessment=assessment, levels=levels):
            standard = check.indicator.standard
            standards[standard.pk] = standard
            claims[standard.pk] += 1
            members_by_standard.setdefault(standard.pk, set()).add(assessment.member_id)
            members.add(assessment.member_id)
    rows = [
        StandardContradictions(standard=standards[pk], claims=n, members=len(members_by_standard[pk]))
        for pk, n in claims.items()
    ]
    rows.sort(key=lambda r: r.standard.number)
    return CycleContradictions(standards=rows, members=len(members), assessments=count)
