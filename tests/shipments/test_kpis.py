"""Every KPI against values computed by hand on twelve rows (see conftest.hand_rows for the arithmetic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from clearway.shipments.kpis import MEASURES, KpiParameters
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

from .conftest import JAN, hand_rows, shipment, write_rows


def _compute(path: Path, **kw: Any) -> dict[str, Any]:
    """The hand rows have two operators: nothing is suppressed unless a test asks for it."""
    quarantine = path.with_name("quarantine.parquet")
    kw.setdefault("params", KpiParameters(min_operators=1))
    return kpis_compute(request=ComputeRequest(input=path, quarantine=quarantine, **kw))


def _group(result: dict[str, Any], period: str, dimension: str = "all", value: str = "all") -> dict[str, Any]:
    matches = [
        g for g in result["groups"] if (g["period"], g["dimension"], g["value"]) == (period, dimension, value)
    ]
    assert len(matches) == 1, (period, dimension, value)
    return matches[0]


@pytest.fixture(scope="module")
def hand_result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = write_rows(hand_rows(), tmp_path_factory.mktemp("hand") / "hand.parquet")
    return _compute(path) | {"path": path}


def test_overall_kpis_match_hand_computation(hand_result: dict[str, Any]) -> None:
    result = hand_result
    overall = _group(result, "all")
    assert overall == {
        "period": "all",
        "dimension": "all",
        "value": "all",
        "volume": 7,  # A1-A5, M1, M2
        "advance_data_share": 0.7143,  # 5/7: A3 has none, A5's came after arrival
        "risk_assessed_before_arrival_share": 0.5714,  # 4/7: A2 and A3 after arrival, A5 never
        "release_time_median_hours": 10.0,  # minutes 60,120,600,1230,1800,2880 -> 3rd = 600
        "release_time_p90_hours": 48.0,  # ceil(0.9*6) = 6th = 2880
        "released_within_24h_share": 0.6667,  # 4 of the 6 released
        "inspection_rate": 0.4286,  # A2, M1, M2
        "hit_rate": 0.25,  # 1 finding (A2) of 4 controls (A2, A3 scan, M1, M2)
        "nii_scan_rate": 0.1429,  # A3
        "duties_taxes_per_shipment": 2.48,  # (12.34 + 5.00) / 7
        "de_minimis_share": 0.8571,  # all but A2 (customs value 200 > 150)
        "return_rate": 0.1429,  # A4
        "data_quality_score": 0.8571,  # (5/7 + 6/7 + 6/7 + 7/7) / 4 over accepted rows
        "aeo_release_time_difference_hours": -9.0,  # AEO median 60 min, non-AEO 600 min
        "aeo_inspection_rate_difference": -0.3333,  # 1/3 - 2/3
        "release_time_mean_hours": 18.58,  # (60+120+600+1230+1800+2880) / 6 minutes = 1115
        # Advance data 24 h before arrival for A1, A2, A4, M1, M2; A3 has none, A5's came after arrival.
        "advance_lead_time_mean_hours": 24.0,
        "advance_lead_time_median_hours": 24.0,
        "advance_lead_time_p90_hours": 24.0,
        # Risk assessed after arrival: A2 (2 h), A3 (1 h); the others before arrival, A5 never.
        "arrival_to_risk_assessment_mean_hours": 1.5,
        "arrival_to_risk_assessment_median_hours": 1.0,
        "arrival_to_risk_assessment_p90_hours": 2.0,
        # Risk assessment to release (minutes): A1 1500, A2 1680, A3 0, M1 1980, M2 2610; A5 unassessed.
        "risk_assessment_to_release_mean_hours": 25.9,
        "risk_assessment_to_release_median_hours": 28.0,
        "risk_assessment_to_release_p90_hours": 43.5,
        # A4 is never released: at the end of January it had waited from 10 January 08:00, 520 hours.
        "unreleased_at_period_end_share": 0.1429,
        "unreleased_age_mean_hours": 520.0,
        "lane_green_share": 0.8571,
        "lane_yellow_share": 0.0,
        "lane_red_share": 0.1429,  # A2
        "lane_none_share": 0.0,
        "hit_rate_green": 0.0,  # A3 scanned, M1 and M2 inspected: no finding
        "hit_rate_yellow": None,
        "hit_rate_red": 1.0,  # A2 inspected, undervaluation
        "hit_rate_none": None,
        "targeted_controls_share": 0.25,  # 1 of the 4 controls on a yellow or red lane
        "hit_rate_targeted": 1.0,
        "hit_rate_random": 0.0,
        "inspection_hit_rate": 0.3333,  # A2 of A2, M1, M2
        "nii_hit_rate": 0.0,  # A3: finding none
        "revenue_assessed": 17.34,
        "revenue_collected": 0.0,
        "collection_rate": 0.0,
        "collection_at_border_share": 1.0,
        "collection_vendor_share": 0.0,
        "collection_platform_share": 0.0,
        "collection_intermediary_share": 0.0,
        "collection_deferred_account_share": 0.0,
        "de_minimis_value_share": 0.3506,  # 6 x 18 of 308
        "duty_forgone_estimate": 6.66,  # 108 x 12.34 / 200
        "suppressed": False,
    }
    # The headline counts every row read: quarantined rows fail the dimension of their error.
    assert result["kpis"]["data_quality_score"] == 0.8125  # (10/12 + 10/12 + 11/12 + 8/12) / 4
    assert result["kpis"]["volume"] == 7
    assert set(result["kpis"]) == set(MEASURES)


def test_periods_and_breakdowns(hand_result: dict[str, Any]) -> None:
    result = hand_result
    january = _group(result, "2025-01")
    assert (january["volume"], january["advance_data_share"]) == (5, 0.6)
    assert (january["release_time_median_hours"], january["release_time_p90_hours"]) == (2.0, 48.0)
    march = _group(result, "2025-03")
    assert (march["volume"], march["release_time_median_hours"], march["release_time_p90_hours"]) == (
        2,
        10.0,
        20.5,
    )
    february = _group(result, "2025-02")  # empty period inside the span: present, volume 0, rates undefined
    assert february["volume"] == 0
    assert all(february[m] is None for m in MEASURES if m != "volume")
    volumes = {
        g["value"]: g["volume"]
        for g in result["groups"]
        if g["period"] == "all" and g["dimension"] == "channel"
    }
    assert volumes == {"cargo": 1, "express": 2, "postal": 4}
    aeo = {
        g["value"]: g["volume"]
        for g in result["groups"]
        if g["period"] == "all" and g["dimension"] == "aeo_status"
    }
    assert aeo == {"aeo": 3, "non_aeo": 3, "unknown": 1}
    op = {
        g["value"]: g["volume"]
        for g in result["groups"]
        if g["period"] == "all" and g["dimension"] == "operator_type"
    }
    assert op == {"express_carrier": 2, "freight_forwarder": 1, "postal_operator": 4}
    express = _group(result, "all", "channel", "express")
    assert express["released_within_24h_share"] == 1.0 and express["return_rate"] == 0.5
    assert express["aeo_release_time_difference_hours"] is None  # differences only on the 'all' rows


def test_quarter_period(hand_parquet: Path) -> None:
    result = _compute(hand_parquet, params=KpiParameters(period="quarter", min_operators=1))
    periods = sorted({g["period"] for g in result["groups"]})
    assert periods == ["2025-Q1", "all"]
    assert _group(result, "2025-Q1")["volume"] == 7


def test_de_minimis_threshold_is_a_parameter(hand_parquet: Path) -> None:
    result = _compute(hand_parquet, params=KpiParameters(de_minimis=10.0, min_operators=1))
    assert result["kpis"]["de_minimis_share"] == 0.0
    assert result["parameters"] == {"period": "month", "de_minimis": 10.0, "min_operators": 1}


def test_quarantine_keeps_every_rejected_row_with_its_reasons(hand_result: dict[str, Any]) -> None:
    result, hand_parquet = hand_result, hand_result["path"]
    quality = result["quality"]
    assert (quality["rows_read"], quality["rows_accepted"], quality["rows_quarantined"]) == (12, 7, 5)
    rows = pq.read_table(hand_parquet.with_name("quarantine.parquet")).to_pylist()
    reasons = {
        r["shipment_id"] + ("@" + r["arrival_at"].strftime("%H") if r["shipment_id"] == "DUP" else ""): r[
            "reason"
        ]
        for r in rows
    }
    assert reasons == {
        "Q1": "consistency:released_before_arrival",
        "DUP@08": "consistency:duplicate_shipment_id",
        "DUP@09": "consistency:duplicate_shipment_id",
        "Q4": "consistency:currency_unknown",
        "Q5": "accuracy:intrinsic_value_negative",
    }
    counts = {r["code"]: r["rows"] for r in quality["rules"] if r["severity"] == "error"}
    assert counts == {
        "released_before_arrival": 1,
        "duplicate_shipment_id": 2,
        "currency_unknown": 1,
        "intrinsic_value_negative": 1,
    }
    assert quality["dimensions"] == {
        "timeliness": 0.8333,
        "accuracy": 0.8333,
        "completeness": 0.9167,
        "consistency": 0.6667,
    }
    fill = {f["field"]: f["fill_rate"] for f in quality["fields"]}
    assert fill["shipment_id"] == 1.0 and fill["hs_code"] == 0.9167 and fill["finding"] == 0.1667  # A2, A3


def test_several_errors_in_one_row_are_all_named(rows_file: Any) -> None:
    path = rows_file([shipment("X", JAN, currency="ABC", customs_value=-1.0, channel="drone", quantity=0)])
    result = _compute(path)
    assert result["kpis"]["volume"] == 0 and result["quality"]["rows_quarantined"] == 1
    reason = pq.read_table(path.with_name("quarantine.parquet")).column("reason").to_pylist()[0]
    assert reason.split(";") == [
        "consistency:channel_not_allowed",
        "accuracy:customs_value_negative",
        "consistency:currency_unknown",
        "accuracy:quantity_not_positive",
    ]


def test_all_rows_quarantined_gives_empty_kpis(rows_file: Any) -> None:
    result = _compute(rows_file([shipment("X", JAN, currency=None)]))
    assert result["groups"] == [] and result["kpis"]["volume"] == 0
    assert result["kpis"]["advance_data_share"] is None
    assert result["quality"]["rules"][0]["code"] == "currency_missing"


def test_release_exactly_24_hours_counts_as_within(rows_file: Any) -> None:
    from .conftest import H

    rows = [
        shipment("a", JAN, released_at=JAN + 24 * H),
        shipment("b", JAN, released_at=JAN + 24 * H + 1 * H / 3600),
    ]
    assert _compute(rows_file(rows))["kpis"]["released_within_24h_share"] == 0.5


def test_csv_gives_the_same_result_as_parquet(rows_file: Any, hand_result: dict[str, Any]) -> None:
    result = _compute(rows_file(hand_rows(), "rows.csv"))
    reference = hand_result
    assert result["groups"] == reference["groups"] and result["kpis"] == reference["kpis"]


def _nearest_rank(minutes: list[int], p: float) -> int:
    """The first minute whose cumulative count reaches p * total (the definition in docs/shipments.md)."""
    ordered = sorted(minutes)
    for index, minute in enumerate(ordered, start=1):
        if index >= p * len(ordered):
            return minute
    raise AssertionError("empty")


def test_release_quantiles_in_two_steps_match_the_definition() -> None:
    """Hour first, then the minute inside it: the same minutes as ranking every release, at hour edges too."""
    import random

    import ibis

    from clearway.shipments import kpis

    rng = random.Random(7)
    samples: dict[str, list[int]] = {
        "edges": [59, 60, 60, 61, 119, 120, 120, 121],
        "one": [1500],
        "ties": [30] * 9 + [3000],
        "spread": [rng.randint(0, 5000) for _ in range(997)],
        "skewed": [int(rng.expovariate(1 / 600)) for _ in range(500)],
    }
    # The cube's histogram rows: each sample is one operator type's (its place in the list), the first two
    # AEO operators; all of one month and one channel.
    names = list(samples)
    rows = []
    for place, minutes in enumerate(samples.values()):
        for minute in sorted(set(minutes)):
            rows.append(
                {
                    "period": 202501,
                    "channel": 0,
                    "operator_type": place,
                    "aeo_status": kpis.AEO_STATUSES.index("aeo" if place < 2 else "non_aeo"),
                    "stage": 0,  # the release time
                    "release_minute": minute,
                    "n": minutes.count(minute),
                }
            )
    cube = ibis.memtable(rows)
    found = ibis.duckdb.connect().to_pyarrow(kpis._quantiles(cube, lambda t: t)).to_pylist()
    by_key = {
        (r["period"], r["dimension"], r["value"]): (r["release_time_median"], r["release_time_p90"])
        for r in found
    }
    types = kpis.DIMENSIONS.index("operator_type")
    got = {
        names[value]: q
        for (period, dimension, value), q in by_key.items()
        if (period, dimension) == (202501, types)
    }
    # Every breakdown rolls the same minutes up: all shipments, and the AEO operators' ones.
    everything = [m for minutes in samples.values() for m in minutes]
    aeo = [m for minutes in list(samples.values())[:2] for m in minutes]
    for period in (202501, 0):
        assert by_key[(period, 0, kpis.ALL_CODE)] == (
            _nearest_rank(everything, 0.5),
            _nearest_rank(everything, 0.9),
        )
        aeo_key = (period, kpis.DIMENSIONS.index("aeo_status"), kpis.AEO_STATUSES.index("aeo"))
        assert by_key[aeo_key] == (
            _nearest_rank(aeo, 0.5),
            _nearest_rank(aeo, 0.9),
        )
    assert got == {v: (_nearest_rank(m, 0.5), _nearest_rank(m, 0.9)) for v, m in samples.items()}
