"""Scores across assessments and cycles: change since the previous cycle, the cycle overview, heat map and
benchmarks (suppressed under `MIN_MEMBERS_FOR_BENCHMARK` Members), and claimed stages against measured values.

Built on the scoped reads of `selectors`, so disclosure rules hold alike."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import Count
from django.utils.formats import number_format

from clearway.assessments.disclosure import audience_of, levels_for_aggregates
from clearway.assessments.models import (
    COMPLETED_STATUSES,
    Answer,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Indicator,
    Stage,
)
from clearway.assessments.scoring import scorecard_compute
from clearway.assessments.selectors import (
    answer_list,
    assessment_levels,
    assessment_list_for_user,
    assessments_completed,
    cycle_current,
    cycle_previous,
    cycle_standards,
    indicator_list,
    indicator_mapping_for,
)
from clearway.core.actors import Actor
from clearway.core.i18n import current_language, percent_format

MIN_MEMBERS_FOR_BENCHMARK = 3


# ---------------------------------------------------------------- change since the previous cycle


@dataclass(frozen=True)
class StandardChange:
    standard: Any
    previous: float | None
    current: float | None
    compared_indicators: int
    unmatched_indicators: int

    @property
    def delta(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return round(self.current - self.previous, 1)


@dataclass
class CycleChange:
    previous_assessment: Assessment | None
    through_mapping: bool
    standards: list[StandardChange] = field(default_factory=list)
    previous_overall: float | None = None
    current_overall: float | None = None

    @property
    def delta(self) -> float | None:
        if self.previous_overall is None or self.current_overall is None:
            return None
        return round(self.current_overall - self.previous_overall, 1)


class _CarriedAnswer:
    """A previous answer presented as an answer to the current catalogue's indicator it maps to."""

    def __init__(self, answer: Answer, indicator_id: int):
        self.indicator_id = indicator_id
        self.stage, self.yes, self.value = answer.stage, answer.yes, answer.value
        self.not_measurable = answer.not_measurable
        self.is_answered = answer.is_answered


def assessment_change(*, viewer: Actor, assessment: Assessment) -> CycleChange:
    """Like-for-like change since the Member's previous cycle: both sides scored on the indicators that correspond."""
    previous_cycle = cycle_previous(cycle=assessment.cycle)
    previous = None
    if previous_cycle is not None:
        previous = assessment_list_for_user(
            user=viewer, cycle=previous_cycle, member=assessment.member
        ).first()
    through_mapping = previous is not None and previous.cycle.catalogue_id != assessment.cycle.catalogue_id
    change = CycleChange(previous_assessment=previous, through_mapping=through_mapping)
    if previous is None:
        return change
    pairs = indicator_mapping_for(source=previous.cycle.catalogue, target=assessment.cycle.catalogue)
    old_answers = {a.indicator_id: a for a in previous.answers.all()}
    carried = [_CarriedAnswer(old_answers[s], t) for s, t in pairs if s in old_answers]
    mapped_targets = {t for _s, t in pairs}
    levels = assessment_levels(viewer=viewer, assessment=assessment)
    indicators = indicator_list(catalogue=assessment.cycle.catalogue, levels=levels)
    common = [i for i in indicators if i.pk in mapped_targets]
    before = scorecard_compute(indicators=common, answers=carried)
    after = scorecard_compute(indicators=common, answers=answer_list(assessment=assessment))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    common_ids = {i.pk for i in common}
    for indicator in indicators:
        counts[indicator.standard_id][0 if indicator.pk in common_ids else 1] += 1
    before_scores = {s.standard.pk: s.score for s in before.standards}
    change.standards = [
        StandardChange(
            standard=s.standard,
            previous=before_scores.get(s.standard.pk),
            current=s.score,
            compared_indicators=counts[s.standard.pk][0],
            unmatched_indicators=counts[s.standard.pk][1],
        )
        for s in after.standards
    ]
    change.previous_overall, change.current_overall = before.overall, after.overall
    return change


# ---------------------------------------------------------------- cycle overview, heat map, benchmarks


def _stored_scores(assessment: Assessment, levels: frozenset[str]) -> dict[str, Any]:
    """The assessment's stored overall and per-standard scores for a viewer with `levels`.

    Scores are stored by `assessment_score_refresh` for every audience; an assessment scored before they were
    stored is scored here from its answers.
    """
    audience = audience_of(levels)
    if audience is None:
        return {"overall": None, "standards": {}}
    if audience in (assessment.scores or {}):
        stored: dict[str, Any] = assessment.scores[audience]
        return stored
    indicators = indicator_list(catalogue=assessment.cycle.catalogue, levels=levels)
    card = scorecard_compute(indicators=indicators, answers=assessment.answers.all())
    return {"overall": card.overall, "standards": card.standard_by_key()}


def assessment_standard_scores(*, assessment: Assessment, levels: frozenset[str]) -> dict[str, float | None]:
    """The assessment's stored score per standard key over the indicators of `levels` (for other apps)."""
    return dict(_stored_scores(assessment, levels)["standards"])


def assessment_overall_for(*, viewer: Actor, assessment: Assessment) -> float | None:
    """The overall score over the indicators `viewer` may see, as stored after the last change."""
    overall: float | None = _stored_scores(
        assessment, assessment_levels(viewer=viewer, assessment=assessment)
    )["overall"]
    return overall


def _pooled_scores(
    cycle: AssessmentCycle, levels: frozenset[str], only: set[int] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(region code, stored scores for `levels`) of the cycle's completed assessments: one row each, read as
    values (pooling 187 Members needs neither the assessments nor their Members as objects). `only`: these
    assessments (those completed at some earlier moment), whatever their status now."""
    audience = audience_of(levels)
    if audience is None:
        return []
    completed = assessments_completed(cycle)
    if only is not None:
        completed = Assessment.objects.filter(cycle=cycle, pk__in=only).select_related(
            "member__region", "cycle__catalogue"
        )
    rows = completed.values_list("pk", "member__region__code", "scores")
    pooled, unscored = [], []
    for pk, region, scores in rows:
        if audience in (scores or {}):
            pooled.append((region, scores[audience]))
        else:
            unscored.append(pk)
    for assessment in completed.filter(pk__in=unscored):  # scored before scores were stored
        pooled.append((assessment.member.region.code, _stored_scores(assessment, levels)))
    return pooled


@dataclass(frozen=True)
class RegionCounts:
    code: str
    name: str
    targeted: int
    not_started: int
    in_progress: int
    submitted: int
    validated: int
    returned: int


@dataclass
class CycleOverviewSummary:
    cycle_id: int | None
    name: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    status: str
    illustrative: bool
    members_targeted: int = 0
    not_started: int = 0
    in_progress: int = 0
    submitted: int = 0
    validated: int = 0
    returned: int = 0
    by_region: list[RegionCounts] = field(default_factory=list)
    median_score: float | None = None
    scored_members: int = 0
    median_suppressed: bool = False

    @property
    def completed(self) -> int:
        return self.submitted + self.validated


def assessment_statuses_at(*, cycle: AssessmentCycle, at: datetime.datetime) -> dict[int, str]:
    """Each assessment of the cycle that existed at `at`, with the status it had then: from the audit trail
    (the last recorded status on or before `at`, else the status before the first change after it), and for an
    assessment without recorded changes from its dated fields (validated_at, submitted_at)."""
    from clearway.core.models import AuditEvent

    assessments = list(
        Assessment.objects.filter(cycle=cycle).values_list(
            "pk", "status", "created_at", "submitted_at", "validated_at"
        )
    )
    events: dict[str, list[tuple[datetime.datetime, Any, Any]]] = defaultdict(list)
    for object_id, when, before, after in (
        AuditEvent.objects.filter(
            object_type=Assessment._meta.label_lower, object_id__in=[str(a[0]) for a in assessments]
        )
        .order_by("at", "id")
        .values_list("object_id", "at", "before", "after")
    ):
        events[object_id].append((when, before or {}, after or {}))
    statuses: dict[int, str] = {}
    for pk, status, created_at, submitted_at, validated_at in assessments:
        if created_at and created_at > at:
            continue
        changes = [(w, b, a) for w, b, a in events.get(str(pk), []) if "status" in a or "status" in b]
        earlier = [a["status"] for w, _b, a in changes if w <= at and "status" in a]
        later = [b["status"] for w, b, _a in changes if w > at and "status" in b]
        if earlier:
            statuses[pk] = earlier[-1]
        elif later:
            statuses[pk] = later[0]
        elif validated_at and validated_at <= at:
            statuses[pk] = AssessmentStatus.VALIDATED
        elif submitted_at and submitted_at <= at:
            statuses[pk] = AssessmentStatus.SUBMITTED
        elif status in COMPLETED_STATUSES:
            statuses[pk] = AssessmentStatus.NOT_STARTED  # completed after `at`
        else:
            statuses[pk] = status
    return statuses


def cycle_overview_summary(
    *, viewer: Actor, cycle: AssessmentCycle | None = None, as_of: datetime.datetime | None = None
) -> CycleOverviewSummary:
    """Counts by status and region and the median overall score (over indicators the viewer may see).

    The median is suppressed (None, median_suppressed=True) when fewer than 3 Members have a score. With
    `as_of`, the statuses are those of that moment (`assessment_statuses_at`) and the median is taken over the
    assessments completed by then.
    """
    cycle = cycle or cycle_current()
    if cycle is None or not viewer.is_authenticated:
        return CycleOverviewSummary(
            cycle_id=None, name="", opens_on=None, closes_on=None, status="", illustrative=False
        )
    summary = CycleOverviewSummary(
        cycle_id=cycle.pk,
        name=cycle.name,
        opens_on=cycle.opens_on,
        closes_on=cycle.closes_on,
        status=cycle.status,
        illustrative=cycle.illustrative,
    )
    rows = (
        Assessment.objects.filter(cycle=cycle)
        .values_list("member__region__code", "member__region__name_en", "member__region__name_fr", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    completed_then: set[int] | None = None
    if as_of is not None:
        statuses = assessment_statuses_at(cycle=cycle, at=as_of)
        completed_then = {pk for pk, st in statuses.items() if st in COMPLETED_STATUSES}
        tally: dict[tuple[str, str, str, str], int] = defaultdict(int)
        for pk, code, name_en, name_fr in Assessment.objects.filter(pk__in=list(statuses)).values_list(
            "pk", "member__region__code", "member__region__name_en", "member__region__name_fr"
        ):
            tally[(code, name_en, name_fr, statuses[pk])] += 1
        rows = [(*key, count) for key, count in tally.items()]  # type: ignore[assignment]
    per_region: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    french = current_language() == "fr"
    for code, name_en, name_fr, status, count in rows:
        per_region[(code, name_fr if french and name_fr else name_en)][status] += count
        setattr(summary, status, getattr(summary, status) + count)
    summary.members_targeted = sum(sum(c.values()) for c in per_region.values())
    summary.by_region = [
        RegionCounts(
            code=code, name=name, targeted=sum(c.values()), **{s.value: c[s.value] for s in AssessmentStatus}
        )
        for (code, name), c in sorted(per_region.items())
    ]
    levels = levels_for_aggregates(viewer)
    scores = [
        overall
        for _region, stored in _pooled_scores(cycle, levels, only=completed_then)
        if (overall := stored["overall"]) is not None
    ]
    summary.scored_members = len(scores)
    if len(scores) >= MIN_MEMBERS_FOR_BENCHMARK:
        summary.median_score = round(median(scores), 1)
    else:
        summary.median_suppressed = bool(scores)
    return summary


@dataclass(frozen=True)
class HeatmapRow:
    assessment: Assessment
    scores: dict[str, float | None]  # standard key -> score
    overall: float | None


def cycle_heatmap(*, viewer: Actor, cycle: AssessmentCycle) -> list[HeatmapRow]:
    """Members x standards for the completed assessments the viewer may see individually."""
    completed = [st.value for st in COMPLETED_STATUSES]
    visible = assessment_list_for_user(user=viewer, cycle=cycle).filter(status__in=completed)
    rows = []
    for assessment in visible.order_by("member__region__order", "member__name_en"):
        scores = _stored_scores(assessment, assessment_levels(viewer=viewer, assessment=assessment))
        rows.append(HeatmapRow(assessment=assessment, scores=scores["standards"], overall=scores["overall"]))
    return rows


@dataclass(frozen=True)
class Benchmark:
    standard: Any
    region: str  # region code, or "" for all Members
    count: int
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def suppressed(self) -> bool:
        return self.count < MIN_MEMBERS_FOR_BENCHMARK


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0], ordered[0], ordered[0]
    from statistics import quantiles

    q1, q2, q3 = quantiles(ordered, n=4, method="inclusive")
    return round(q1, 1), round(q2, 1), round(q3, 1)


def cycle_benchmarks(*, viewer: Actor, cycle: AssessmentCycle) -> list[Benchmark]:
    """Median and quartiles per standard, overall and per region; suppressed under 3 Members with a score."""
    if not viewer.is_authenticated:
        return []
    levels = levels_for_aggregates(viewer)
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    regions: set[str] = set()
    for region, scores in _pooled_scores(cycle, levels):
        regions.add(region)
        for key, score in scores["standards"].items():
            if score is not None:
                groups[(key, "")].append(score)
                groups[(key, region)].append(score)
    visible_keys = {i.standard.key for i in indicator_list(catalogue=cycle.catalogue, levels=levels)}
    out = []
    for standard in cycle_standards(cycle=cycle):
        if standard.key not in visible_keys or not regions:
            continue
        for region in ["", *sorted(regions)]:
            values = groups.get((standard.key, region), [])
            if len(values) < MIN_MEMBERS_FOR_BENCHMARK:
                out.append(Benchmark(standard, region, len(values), None, None, None))
                continue
            q1, q2, q3 = _quartiles(values)
            out.append(Benchmark(standard, region, len(values), q2, q1, q3))
    return out


# ---------------------------------------------------------------- claimed stages against measured values


@dataclass(frozen=True)
class MeasureCheck:
    """A maturity stage claimed for an indicator that a measured value does not support."""

    indicator: Indicator
    stage: str
    measure: str
    measured: float  # as a shipment KPI (shares as fractions 0-1)
    minimum: float
    source: Indicator  # the numeric indicator whose answer gave the measured value

    @property
    def source_code(self) -> str:
        return self.source.code

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    def _in_source_unit(self, value: float) -> str:
        if self.source.unit == "%":
            return percent_format(value, 1)
        shown = number_format(value * self.source.measure_scale, 1 if self.source.measure_scale != 1 else 2)
        return f"{shown} {self.source.unit_label}".strip()

    @property
    def measured_display(self) -> str:
        return self._in_source_unit(self.measured)

    @property
    def minimum_display(self) -> str:
        return self._in_source_unit(self.minimum)


def assessment_measure_checks(*, assessment: Assessment, levels: frozenset[str]) -> list[MeasureCheck]:
    """Claimed stages below the catalogue's `expected_measure` minimum, given the numeric answers measuring it."""
    indicators = indicator_list(catalogue=assessment.cycle.catalogue, levels=levels)
    answers = {a.indicator_id: a for a in assessment.answers.all()}
    measured: dict[str, tuple[float, Indicator]] = {}
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        if (
            indicator.measure
            and answer is not None
            and answer.value is not None
            and not answer.not_measurable
        ):
            measured.setdefault(indicator.measure, (float(answer.value) / indicator.measure_scale, indicator))
    checks = []
    for indicator in indicators:
        expected, answer = indicator.expected_measure, answers.get(indicator.pk)
        if not expected or answer is None or answer.stage not in ("full", "partial", "pilot"):
            continue
        if expected["measure"] in measured and measured[expected["measure"]][0] < expected[answer.stage]:
            value, source = measured[expected["measure"]]
            checks.append(
                MeasureCheck(
                    indicator,
                    answer.stage,
                    expected["measure"],
                    round(value, 4),
                    expected[answer.stage],
                    source,
                )
            )
    return checks
