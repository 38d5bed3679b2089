"""The one place where assessment scores are computed (indicator -> standard -> principle -> overall, 0-100).

The formula (Clearway's choice, documented in docs/assessments.md and explained on every scorecard):

1. Indicator points, from 0 to 1:
   - maturity stage: full = 3, partial = 2, pilot = 1, not implemented = 0 points out of 3
     (the mapping used by the UN trade-facilitation survey is commonly 3/2/1/0; Clearway adopts it);
   - yes / no: yes = 1, no = 0;
   - number with a target: linear between the value scoring zero (`floor`) and the target, capped to 0..1.
     Without a floor: higher-is-better scores value / target, lower-is-better scores target / value (1 at 0).
     A number without a target is reported but not scored.
   - unanswered or "cannot be answered" indicators are left out (they neither add nor subtract).
2. Standard score = 100 x sum(weight x points) / sum(weight) over its scored indicators.
3. Principle score = plain mean of the scores of its standards that have a score.
4. Overall score = plain mean of the principle scores, so each key principle counts the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean
from typing import Any, Protocol

STAGE_POINTS: dict[str, int] = {"full": 3, "partial": 2, "pilot": 1, "none": 0}
STAGE_MAX = 3


class IndicatorLike(Protocol):
    pk: Any
    code: str
    kind: str
    weight: Decimal
    target: Decimal | None
    floor: Decimal | None
    direction: str


class AnswerLike(Protocol):
    stage: str
    yes: bool | None
    value: Decimal | None
    not_measurable: bool


def indicator_points(indicator: IndicatorLike, answer: AnswerLike | None) -> float | None:
    """Points from 0 to 1, or None when the indicator does not count (unanswered, not measurable, no target)."""
    if answer is None or answer.not_measurable:
        return None
    if indicator.kind == "maturity":
        return STAGE_POINTS[answer.stage] / STAGE_MAX if answer.stage in STAGE_POINTS else None
    if indicator.kind == "yes_no":
        return None if answer.yes is None else float(answer.yes)
    if answer.value is None or indicator.target is None:
        return None
    return numeric_points(
        value=float(answer.value),
        target=float(indicator.target),
        floor=None if indicator.floor is None else float(indicator.floor),
        direction=indicator.direction,
    )


def numeric_points(*, value: float, target: float, floor: float | None, direction: str) -> float:
    if floor is not None and floor != target:
        return _clamp((value - floor) / (target - floor))
    if direction == "lower":
        return 1.0 if value <= target else _clamp(target / value)
    if target == 0:
        return 1.0
    return _clamp(value / target)


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Any
    answer: Any
    points: float | None
    weight: float

    @property
    def contribution(self) -> float | None:
        return None if self.points is None else self.points * self.weight


@dataclass
class StandardScore:
    standard: Any
    lines: list[IndicatorLine] = field(default_factory=list)

    @property
    def scored(self) -> list[IndicatorLine]:
        return [line for line in self.lines if line.points is not None]

    @property
    def weight_total(self) -> float:
        return sum(line.weight for line in self.scored)

    @property
    def points_total(self) -> float:
        return sum(line.contribution or 0.0 for line in self.scored)

    @property
    def score(self) -> float | None:
        total = self.weight_total
        return None if not total else round(100 * self.points_total / total, 1)


@dataclass
class PrincipleScore:
    principle: Any
    standards: list[StandardScore] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        scores = [s.score for s in self.standards if s.score is not None]
        return round(mean(scores), 1) if scores else None


@dataclass
class Scorecard:
    principles: list[PrincipleScore]

    @property
    def standards(self) -> list[StandardScore]:
        return [s for p in self.principles for s in p.standards]

    @property
    def overall(self) -> float | None:
        scores = [p.score for p in self.principles if p.score is not None]
        return round(mean(scores), 1) if scores else None

    @property
    def scored_principles(self) -> list[PrincipleScore]:
        return [p for p in self.principles if p.score is not None]

    def standard_by_key(self) -> dict[str, float | None]:
        return {s.standard.key: s.score for s in self.standards}

    def gaps(self) -> list[StandardScore]:
        """Standards with a score, weakest first (ties by standard number)."""
        return sorted(
            (s for s in self.standards if s.score is not None), key=lambda s: (s.score, s.standard.number)
        )

    @property
    def answered_count(self) -> int:
        return sum(
            1
            for s in self.standards
            for line in s.lines
            if line.answer is not None and line.answer.is_answered
        )

    @property
    def indicator_count(self) -> int:
        return sum(len(s.lines) for s in self.standards)


def scorecard_compute(*, indicators: Sequence[Any], answers: Iterable[Any]) -> Scorecard:
    """Score `answers` against `indicators` (each with .standard and .standard.principle loaded)."""
    by_indicator = {a.indicator_id: a for a in answers}
    standards: dict[int, StandardScore] = {}
    principles: dict[int, PrincipleScore] = {}
    for indicator in sorted(indicators, key=lambda i: (i.standard.number, i.order, i.code)):
        standard = indicator.standard
        if standard.pk not in standards:
            standards[standard.pk] = StandardScore(standard=standard)
            principle = standard.principle
            principles.setdefault(principle.pk, PrincipleScore(principle=principle)).standards.append(
                standards[standard.pk]
            )
        answer = by_indicator.get(indicator.pk)
        standards[standard.pk].lines.append(
            IndicatorLine(
                indicator=indicator,
                answer=answer,
                points=indicator_points(indicator, answer),
                weight=float(indicator.weight),
            )
        )
    return Scorecard(principles=sorted(principles.values(), key=lambda p: p.principle.number))


def scores_by_audience(
    *, indicators: Sequence[Any], answers: Iterable[Any], audiences: Mapping[str, frozenset[str]]
) -> dict[str, dict[str, Any]]:
    """Overall and per-standard scores for each audience, over the indicators of the disclosure levels it may see.

    Stored on the assessment (`Assessment.scores`) whenever its answers change, so pages that pool many Members
    (cycle overview, heat map, benchmarks) read one row per Member instead of scoring every answer again.
    """
    answers = list(answers)
    stored: dict[str, dict[str, Any]] = {}
    for audience, levels in audiences.items():
        card = scorecard_compute(
            indicators=[i for i in indicators if i.disclosure in levels], answers=answers
        )
        stored[audience] = {"overall": card.overall, "standards": card.standard_by_key()}
    return stored
