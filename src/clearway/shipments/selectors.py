"""Reads for shipment KPI results, scoped: a Member's users see their Member's results, the secretariat all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.shipments import kpis, measures
from clearway.shipments.models import KpiResult

STAGE_ORDER = ("none", "pilot", "partial", "full")


def _visible(user: Actor) -> Q:
    """Results are the Member's own business: only its users and the secretariat (not regional offices)."""
    if user_is_secretariat(user):
        return Q()
    if user_is_member_user(user):
        return Q(member_id=user.member_id)
    return Q(pk__in=[])


def kpi_result_list_for_user(*, user: Actor, member: Any = None) -> QuerySet[KpiResult]:
    qs = KpiResult.objects.filter(_visible(user)).select_related("member", "created_by")
    return qs.filter(member=member) if member is not None else qs


def kpi_result_get_for_user(*, user: Actor, result_id: int, with_values: bool = True) -> KpiResult:
    """A result the user may see (NotFound otherwise); `with_values=False` leaves its figures (the large `result`
    document) unread until used: a page served from the cache needs only to know the reader may see it."""
    visible = kpi_result_list_for_user(user=user)
    result = (visible if with_values else visible.defer("result")).filter(pk=result_id).first()
    if result is None:
        raise NotFound()
    return result


def assessment_current_for_member(*, user: Actor, member: Any) -> Any:
    """The Member's assessment in the current cycle, if the user can see it."""
    from clearway.assessments.selectors import assessment_for_member_and_cycle, cycle_current

    cycle = cycle_current()
    return assessment_for_member_and_cycle(user=user, member=member, cycle=cycle) if cycle else None


@dataclass(frozen=True)
class MeasureRow:
    indicator: Any
    measure: str
    measured: float | None
    in_unit: Any  # Decimal or None
    current: Any  # the answer's current value or None
    attached_from_this: bool
    unusable: str = ""  # why the value cannot be attached, e.g. a currency Clearway does not convert


def kpi_measure_rows(*, kpi_result: KpiResult, assessment: Any) -> list[MeasureRow]:
    """The numeric indicators this result can answer, with the value it would put there."""
    from clearway.assessments.selectors import indicator_list_with_measure
    from clearway.shipments.services import measure_in_unit, measure_unusable_reason

    answers = {a.indicator_id: a for a in assessment.answers.all()}
    rows = []
    for indicator in indicator_list_with_measure(catalogue=assessment.cycle.catalogue):
        if indicator.kind != "numeric" or not indicator.measure:
            continue
        measured = kpi_result.kpis.get(indicator.measure)
        number = float(measured) if isinstance(measured, int | float) else None
        answer = answers.get(indicator.pk)
        rows.append(
            MeasureRow(
                indicator=indicator,
                measure=indicator.measure,
                measured=number,
                in_unit=measure_in_unit(measure=indicator.measure, value=number, indicator=indicator)
                if number is not None
                else None,
                current=answer.value if answer else None,
                attached_from_this=bool(
                    answer and (answer.provenance or {}).get("kpi_result") == kpi_result.pk
                ),
                unusable=measure_unusable_reason(measure=indicator.measure, indicator=indicator),
            )
        )
    return rows


@dataclass(frozen=True)
class StageCheck:
    indicator: Any
    measure: str
    claimed: str  # the self-assessed stage, '' when not answered
    measured: float | None
    minimum: float | None  # the least measured value consistent with the claimed stage
    supported: str  # the best stage the measured value supports
    verdict: str  # "contradiction" | "understated" | "consistent" | "unanswered" | "unmeasured"

    @property
    def claimed_label(self) -> str:
        return _stage_label(self.claimed)

    @property
    def supported_label(self) -> str:
        return _stage_label(self.supported)


def _stage_label(stage: str) -> str:
    """A maturity stage as people read it, in their language ('' when none)."""
    from clearway.assessments.models import Stage

    return str(Stage(stage).label) if stage in Stage.values else stage


def _supported_stage(expected: dict[str, Any], measured: float) -> str:
    for stage in ("full", "partial", "pilot"):
        threshold = expected.get(stage)
        if isinstance(threshold, int | float) and measured >= threshold:
            return stage
    return "none"


def kpi_stage_checks(*, kpi_result: KpiResult, assessment: Any) -> list[StageCheck]:
    """Maturity indicators whose claimed stage can be checked against a measured value, contradictions first."""
    from clearway.assessments.selectors import indicator_list_with_measure

    answers = {a.indicator_id: a for a in assessment.answers.all()}
    checks = []
    for indicator in indicator_list_with_measure(catalogue=assessment.cycle.catalogue):
        expected = indicator.expected_measure
        if not isinstance(expected, dict) or expected.get("measure") not in measures.MEASURES:
            continue
        measure = expected["measure"]
        value = kpi_result.kpis.get(measure)
        measured = float(value) if isinstance(value, int | float) else None
        answer = answers.get(indicator.pk)
        claimed = answer.stage if answer else ""
        minimum = expected.get(claimed) if claimed in ("full", "partial", "pilot") else None
        supported = _supported_stage(expected, measured) if measured is not None else ""
        checks.append(
            StageCheck(
                indicator,
                measure,
                claimed,
                measured,
                float(minimum) if isinstance(minimum, int | float) else None,
                supported,
                _verdict(claimed, measured, supported),
            )
        )
    order = {"contradiction": 0, "understated": 1, "consistent": 2, "unanswered": 3, "unmeasured": 4}
    return sorted(checks, key=lambda c: (order[c.verdict], c.indicator.standard.number, c.indicator.order))


def _verdict(claimed: str, measured: float | None, supported: str) -> str:
    if measured is None:
        return "unmeasured"
    if claimed not in STAGE_ORDER:
        return "unanswered"
    gap = STAGE_ORDER.index(claimed) - STAGE_ORDER.index(supported)
    return "contradiction" if gap > 0 else "understated" if gap < 0 else "consistent"


@dataclass(frozen=True)
class QualityRule:
    code: str
    explanation: str
    dimension: str
    severity: str
    rows: int


@dataclass(frozen=True)
class QualityView:
    rows_quarantined: int
    dimensions: list[tuple[str, Any]]  # (the dimension's name in the reader's language, pass rate)
    rules: list[QualityRule]


def kpi_result_quality(*, kpi_result: KpiResult) -> QualityView:
    """The stored quality summary as a reader sees it: rule explanations and dimensions in the reader's language.

    A result keeps the explanations in the language it was computed in; rules this version knows are explained
    anew, unknown codes (a result from another version) keep their stored text.
    """
    from clearway.shipments.contract import Dimension
    from clearway.shipments.validation import DIMENSION_LABELS, RULES_BY_CODE

    quality = (kpi_result.result or {}).get("quality") or {}

    def dimension_label(value: str) -> str:
        try:
            return str(DIMENSION_LABELS[Dimension(value)])
        except ValueError:
            return value

    rules = []
    for rule in quality.get("rules") or []:
        known = RULES_BY_CODE.get(rule.get("code", ""))
        rules.append(
            QualityRule(
                code=str(rule.get("code", "")),
                explanation=str(known.explanation) if known else str(rule.get("explanation", "")),
                dimension=dimension_label(str(rule.get("dimension", ""))),
                severity=str(rule.get("severity", "")),
                rows=int(rule.get("rows") or 0),
            )
        )
    dimensions = [(dimension_label(d), score) for d, score in (quality.get("dimensions") or {}).items()]
    return QualityView(
        rows_quarantined=int(quality.get("rows_quarantined") or 0), dimensions=dimensions, rules=rules
    )


# The breakdowns a result holds (see kpis.DIMENSIONS) and the codes of their values, in the reader's language.
BREAKDOWN_LABELS = {
    "channel": gettext_lazy("Channel"),
    "operator_type": gettext_lazy("Operator type"),
    "aeo_status": gettext_lazy("AEO status"),
}
VALUE_LABELS = {
    "postal": gettext_lazy("Postal"),
    "express": gettext_lazy("Express"),
    "cargo": gettext_lazy("Cargo"),
    "postal_operator": gettext_lazy("Postal operator"),
    "express_carrier": gettext_lazy("Express carrier"),
    "freight_forwarder": gettext_lazy("Freight forwarder"),
    "customs_broker": gettext_lazy("Customs broker"),
    "e_platform": gettext_lazy("E-commerce platform"),
    "e_vendor": gettext_lazy("E-vendor"),
    "fulfilment_centre": gettext_lazy("Fulfilment centre"),
    "other": pgettext_lazy("operator type", "Other"),
    "aeo": gettext_lazy("AEO"),
    "non_aeo": gettext_lazy("Not AEO"),
    "unknown": gettext_lazy("Unknown"),
}
# The measures shown for each breakdown: the result's measures from the volume to the hit rate (the result holds
# them all; the others are shown over all values only).
BREAKDOWN_MEASURES = measures.MEASURES[: measures.MEASURES.index("hit_rate") + 1]


@dataclass(frozen=True)
class BreakdownRow:
    value: str  # the code, as stored
    label: str  # in the reader's language
    values: list[tuple[str, Any]]  # (measure, value) in the order of BREAKDOWN_MEASURES


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    label: str
    rows: list[BreakdownRow]


def kpi_result_breakdowns(*, kpi_result: KpiResult) -> list[Breakdown]:
    """Over all periods, the KPIs of each channel, operator type and AEO status, in the contract's order."""
    groups = [g for g in (kpi_result.result or {}).get("groups") or [] if g.get("period") == kpis.ALL]
    breakdowns = []
    for dimension, label in BREAKDOWN_LABELS.items():
        found = {str(g.get("value")): g for g in groups if g.get("dimension") == dimension}
        order = [v for v in VALUE_LABELS if v in found] + sorted(v for v in found if v not in VALUE_LABELS)
        rows = [
            BreakdownRow(
                value=value,
                label=str(VALUE_LABELS.get(value, value)),
                values=[(m, found[value].get(m)) for m in BREAKDOWN_MEASURES],
            )
            for value in order
        ]
        if rows:
            breakdowns.append(Breakdown(dimension=dimension, label=str(label), rows=rows))
    return breakdowns


def kpi_result_series(*, kpi_result: KpiResult, dimension: str, measure: str) -> list[dict[str, Any]]:
    """One measure per period (month or quarter, in order) and value of a breakdown ('all' for the whole),
    as chart rows {period, value, label, measure}; periods without shipments are left out."""
    rows = [
        {
            "period": str(g["period"]),
            "value": str(g.get("value")),
            "label": str(VALUE_LABELS.get(str(g.get("value")), g.get("value"))),
            "measure": g.get(measure),
        }
        for g in (kpi_result.result or {}).get("groups") or []
        if g.get("period") != kpis.ALL and g.get("dimension") == dimension and g.get(measure) is not None
    ]
    order = {value: index for index, value in enumerate(VALUE_LABELS)}
    return sorted(rows, key=lambda r: (r["period"], order.get(r["value"], len(order)), r["value"]))


def kpi_result_periods(*, kpi_result: KpiResult) -> list[str]:
    """Every period the result covers, in order, those without shipments included (for a chart's time axis)."""
    groups = (kpi_result.result or {}).get("groups") or []
    return sorted({str(g["period"]) for g in groups if g.get("period") not in (None, kpis.ALL)})
