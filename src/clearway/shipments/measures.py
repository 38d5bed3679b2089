"""The vocabulary of shipment measures: the one list of the KPI keys Clearway computes from shipment records.

Everything that names a measure reads it from here: the KPI computation (`kpis`), result files and pages, the
CLI's table, and the assessment catalogue loader (`assessments.reference`), whose numeric indicators name a
measure (`measure: <key>`) and whose maturity indicators may expect one (`expected_measure`). This module
holds names only (no Ibis, no Django models), so importing it costs nothing beyond the data contract's
value lists.
"""

from __future__ import annotations

from clearway.shipments.contract import COLLECTION_MODELS, LANES

# Result format 1: the measures of the first version, in the order results and pages list them.
MEASURES_V1: tuple[str, ...] = (
    "volume",
    "advance_data_share",
    "risk_assessed_before_arrival_share",
    "release_time_median_hours",
    "release_time_p90_hours",
    "released_within_24h_share",
    "inspection_rate",
    "hit_rate",
    "nii_scan_rate",
    "duties_taxes_per_shipment",
    "de_minimis_share",
    "return_rate",
    "data_quality_score",
    "aeo_release_time_difference_hours",
    "aeo_inspection_rate_difference",
)
# The stages of the release process, each a duration between two instants of a shipment (negative: not counted).
STAGES: dict[str, tuple[str, str]] = {
    "release_time": ("arrival_at", "released_at"),
    "advance_lead_time": ("advance_data_at", "arrival_at"),
    "arrival_to_risk_assessment": ("arrival_at", "risk_assessed_at"),
    "risk_assessment_to_release": ("risk_assessed_at", "released_at"),
}
LANE_VALUES = (*LANES, "none")
MEASURES_STAGES: tuple[str, ...] = tuple(
    f"{stage}_{stat}_hours"
    for stage in STAGES
    for stat in ("mean", "median", "p90")
    if f"{stage}_{stat}_hours" not in MEASURES_V1
)
# The measures administrations report (WCO Time Release Study, E-Commerce FoS), added to result format 1.
MEASURES_NEW: tuple[str, ...] = (
    *MEASURES_STAGES,
    "unreleased_at_period_end_share",
    "unreleased_age_mean_hours",
    *(f"lane_{lane}_share" for lane in LANE_VALUES),
    *(f"hit_rate_{lane}" for lane in LANE_VALUES),
    "targeted_controls_share",
    "hit_rate_targeted",
    "hit_rate_random",
    "inspection_hit_rate",
    "nii_hit_rate",
    "revenue_assessed",
    "revenue_collected",
    "collection_rate",
    *(f"collection_{model}_share" for model in COLLECTION_MODELS),
    "de_minimis_value_share",
    "duty_forgone_estimate",
)
MEASURES: tuple[str, ...] = (*MEASURES_V1, *MEASURES_NEW)
# Amounts in the administration's national currency (the contract's duties and taxes, customs values).
MONEY = frozenset(
    {"revenue_assessed", "revenue_collected", "duty_forgone_estimate", "duties_taxes_per_shipment"}
)
# Fractions from 0 to 1 (an indicator in % or pp takes them times 100).
SHARES = frozenset(
    {
        "advance_data_share",
        "risk_assessed_before_arrival_share",
        "released_within_24h_share",
        "inspection_rate",
        "hit_rate",
        "nii_scan_rate",
        "de_minimis_share",
        "return_rate",
        "data_quality_score",
        "aeo_inspection_rate_difference",
        *(m for m in MEASURES_NEW if m.endswith("_share") or m.startswith("hit_rate") or m.endswith("_rate")),
    }
)
HOURS = frozenset({m for m in MEASURES if m.endswith("_hours")})
# Decimal places of each measure in results: fixed, so outputs are byte-identical run after run.
DECIMALS: dict[str, int] = {m: 4 if m in SHARES else 2 for m in MEASURES} | {"volume": 0}
