"""Assessments API: cycles, summaries, benchmarks, assessments with scorecards, answers (optimistic locking)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from clearway.assessments import analytics, selectors, services
from clearway.assessments.models import Answer, Assessment, AssessmentCycle, Indicator
from clearway.assessments.scoring import Scorecard
from clearway.core.actors import request_actor
from clearway.core.api_schema import ObjectId, Version, model_resolver

router = Router()


class CycleOut(Schema):
    id: int
    name: str  # in the caller's language
    name_en: str
    name_fr: str
    catalogue: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str
    illustrative: bool

    @model_resolver
    def resolve_catalogue(cycle: AssessmentCycle) -> str:
        return cycle.catalogue.code


class RegionCountsOut(Schema):
    code: str
    name: str
    targeted: int
    not_started: int
    in_progress: int
    submitted: int
    validated: int
    returned: int


class SummaryOut(Schema):
    cycle_id: int | None
    name: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    status: str
    illustrative: bool
    members_targeted: int
    not_started: int
    in_progress: int
    submitted: int
    validated: int
    returned: int
    by_region: list[RegionCountsOut]
    median_score: float | None
    median_suppressed: bool


class BenchmarkOut(Schema):
    standard_number: int
    standard_key: str
    region: str
    members_with_score: int
    suppressed: bool
    q1: float | None
    median: float | None
    q3: float | None


class IndicatorOut(Schema):
    code: str
    standard_number: int
    standard_key: str
    kind: str
    text_en: str
    text_fr: str
    unit: str
    direction: str
    target: Decimal | None
    weight: Decimal
    disclosure: str
    measure: str

    @model_resolver
    def resolve_standard_number(indicator: Indicator) -> int:
        return indicator.standard.number

    @model_resolver
    def resolve_standard_key(indicator: Indicator) -> str:
        return indicator.standard.key


class AnswerOut(Schema):
    indicator: str
    stage: str
    yes: bool | None
    value: Decimal | None
    not_measurable: bool
    comment: str
    version: int
    provenance: dict[str, object] | None

    @model_resolver
    def resolve_indicator(answer: Answer) -> str:
        return answer.indicator.code


class StandardScoreOut(Schema):
    number: int
    key: str
    score: float | None


class AssessmentOut(Schema):
    id: int
    member: str
    cycle_id: int
    cycle: str
    status: str
    submitted_at: datetime.datetime | None
    validated_at: datetime.datetime | None
    illustrative: bool
    overall_score: float | None


class AssessmentDetailOut(AssessmentOut):
    standards: list[StandardScoreOut]
    answers: list[AnswerOut]


class StandardChangeOut(Schema):
    number: int
    key: str
    previous: float | None
    current: float | None
    change: float | None
    compared_indicators: int
    unmatched_indicators: int


class ChangeOut(Schema):
    previous_assessment_id: int | None
    previous_cycle: str | None
    through_mapping: bool
    previous_overall: float | None
    current_overall: float | None
    change: float | None
    standards: list[StandardChangeOut]


class AnswerIn(Schema):
    version: Version
    stage: str | None = None
    yes: bool | None = None
    value: str | None = None
    not_measurable: bool = False
    comment: str = ""


class SubmitIn(Schema):
    statement: str


class ReviewIn(Schema):
    comment: str = ""


def _assessment_out(a: Assessment, card: Scorecard | None = None) -> AssessmentOut:
    return AssessmentOut(
        id=a.pk,
        member=a.member.iso3,
        cycle_id=a.cycle_id,
        cycle=a.cycle.name,
        status=a.status,
        submitted_at=a.submitted_at,
        validated_at=a.validated_at,
        illustrative=a.illustrative,
        overall_score=card.overall if card is not None else None,
    )


@router.get("/cycles", response=list[CycleOut])
def cycles_list(request: HttpRequest) -> list[CycleOut]:
    return [CycleOut.from_orm(c) for c in selectors.cycle_list(viewer=request_actor(request))]


@router.get("/cycles/{cycle_id}/summary", response=SummaryOut)
def cycle_summary(request: HttpRequest, cycle_id: ObjectId) -> SummaryOut:
    """Counts by status and region, and the median overall score (suppressed under 3 Members)."""
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    summary = analytics.cycle_overview_summary(viewer=request_actor(request), cycle=cycle)
    return SummaryOut(
        **{**summary.__dict__, "by_region": [RegionCountsOut(**r.__dict__) for r in summary.by_region]}
    )


@router.get("/cycles/{cycle_id}/benchmarks", response=list[BenchmarkOut])
def cycle_benchmarks(request: HttpRequest, cycle_id: ObjectId) -> list[BenchmarkOut]:
    """Median and quartiles per standard, overall (region "") and per region, over indicators disclosed to you."""
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    return [
        BenchmarkOut(
            standard_number=b.standard.number,
            standard_key=b.standard.key,
            region=b.region,
            members_with_score=b.count,
            suppressed=b.suppressed,
            q1=b.q1,
            median=b.median,
            q3=b.q3,
        )
        for b in analytics.cycle_benchmarks(viewer=request_actor(request), cycle=cycle)
    ]


@router.get("/catalogues/{code}/indicators", response=list[IndicatorOut])
def catalogue_indicators(request: HttpRequest, code: str) -> list[IndicatorOut]:
    return [
        IndicatorOut.from_orm(i)
        for i in selectors.indicator_list(catalogue=selectors.catalogue_get(code=code))
    ]


@router.get("/", response=list[AssessmentOut])
def assessments_list(request: HttpRequest, cycle_id: ObjectId | None = None) -> list[AssessmentOut]:
    """Assessments visible to you; scores are over the indicators disclosed to you."""
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id) if cycle_id else None
    out = []
    for a in selectors.assessment_list_for_user(user=request_actor(request), cycle=cycle):
        out.append(_assessment_out(a, selectors.scorecard_for(viewer=request_actor(request), assessment=a)))
    return out


@router.get("/{assessment_id}", response=AssessmentDetailOut)
def assessment_detail(request: HttpRequest, assessment_id: ObjectId) -> AssessmentDetailOut:
    a = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    card = selectors.scorecard_for(viewer=request_actor(request), assessment=a)
    visible = {line.indicator.pk for s in card.standards for line in s.lines}
    return AssessmentDetailOut(
        **_assessment_out(a, card).dict(),
        standards=[
            StandardScoreOut(number=s.standard.number, key=s.standard.key, score=s.score)
            for s in card.standards
        ],
        answers=[
            AnswerOut.from_orm(x) for x in selectors.answer_list(assessment=a) if x.indicator_id in visible
        ],
    )


@router.get("/{assessment_id}/change", response=ChangeOut)
def assessment_change(request: HttpRequest, assessment_id: ObjectId) -> ChangeOut:
    """Like-for-like change since the previous cycle (through the catalogue mapping when versions differ)."""
    a = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    change = analytics.assessment_change(viewer=request_actor(request), assessment=a)
    previous = change.previous_assessment
    return ChangeOut(
        previous_assessment_id=previous.pk if previous else None,
        previous_cycle=previous.cycle.name if previous else None,
        through_mapping=change.through_mapping,
        previous_overall=change.previous_overall,
        current_overall=change.current_overall,
        change=change.delta,
        standards=[
            StandardChangeOut(
                number=c.standard.number,
                key=c.standard.key,
                previous=c.previous,
                current=c.current,
                change=c.delta,
                compared_indicators=c.compared_indicators,
                unmatched_indicators=c.unmatched_indicators,
            )
            for c in change.standards
        ],
    )


@router.put("/{assessment_id}/answers/{code}", response=AnswerOut, url_name="assessments_answer")
def answer_put(request: HttpRequest, assessment_id: ObjectId, code: str, payload: AnswerIn) -> AnswerOut:
    """Save one answer. Send the version you read; 409 Conflict if someone saved since (your version is kept)."""
    a = selectors.assessment_get_for_user(
        user=request_actor(request), assessment_id=assessment_id, write=True
    )
    answer = services.answer_save(
        actor=request_actor(request),
        assessment=a,
        indicator_code=code,
        base_version=payload.version,
        stage=payload.stage,
        yes=payload.yes,
        value=payload.value,
        not_measurable=payload.not_measurable,
        comment=payload.comment,
    )
    return AnswerOut.from_orm(answer)


@router.post("/{assessment_id}/submit", response=AssessmentOut)
def assessment_submit(request: HttpRequest, assessment_id: ObjectId, payload: SubmitIn) -> AssessmentOut:
    a = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    a = services.assessment_submit(actor=request_actor(request), assessment=a, statement=payload.statement)
    return _assessment_out(a, selectors.scorecard_for(viewer=request_actor(request), assessment=a))


@router.post("/{assessment_id}/validate", response=AssessmentOut)
def assessment_validate(request: HttpRequest, assessment_id: ObjectId, payload: ReviewIn) -> AssessmentOut:
    a = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    a = services.assessment_validate(actor=request_actor(request), assessment=a, comment=payload.comment)
    return _assessment_out(a, selectors.scorecard_for(viewer=request_actor(request), assessment=a))


@router.post("/{assessment_id}/return", response=AssessmentOut)
def assessment_return(request: HttpRequest, assessment_id: ObjectId, payload: ReviewIn) -> AssessmentOut:
    a = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    a = services.assessment_return(actor=request_actor(request), assessment=a, comment=payload.comment)
    return _assessment_out(a, selectors.scorecard_for(viewer=request_actor(request), assessment=a))
