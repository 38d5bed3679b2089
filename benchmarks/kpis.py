"""Benchmark: Clearway's KPI computation against plain pandas and one hand-written DuckDB SQL query.

    .venv/bin/python benchmarks/kpis.py                    # 1M and 10M rows
    .venv/bin/python benchmarks/kpis.py --sizes 1M         # one size
    .venv/bin/python benchmarks/kpis.py --full             # 1M, 10M and 100M rows
    .venv/bin/python benchmarks/kpis.py --repeat 3         # three rounds, ratios of the medians
    .venv/bin/python benchmarks/kpis.py --sizes 10M --methods clearway,clearway_full --baseline /tmp/before --repeat 3
                                                           # against another checkout, run in turn with this one

Data are generated once per size into --data (default /tmp/clearway-bench, outside the repository) and reused.
Every measurement runs in its own subprocess; the parent samples the child's resident memory (psutil) every
20 ms, so each peak is that run's alone. All three methods apply the same contract checks (errors excluded,
duplicates excluded) and compute the same KPIs for month x {all, channel, operator type, AEO status} and over
all months, the measures administrations report (issue 28) included; after each run, twelve of those (CHECKED)
are compared with those of the first method of the same round. Prints rows per second, peak memory and ratios
measured in the same run: of whole runs, and of the work alone, each run's start-up (starting Python and
importing and opening what the method uses, from the moment the parent starts the child) taken off; with
--baseline, this checkout's whole `kpis compute` over the other's (time and peak memory); and each method's
growth in time from size to size. Every child runs as the `clearway` command does: garbage collection paused
while it imports, what it imported then frozen. On a shared machine, run it under `nice` and read only ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("clearway", "clearway_full", "pandas", "duckdb_sql", "clearway_full_base")
# The baseline method runs `clearway_full` on another checkout of Clearway (`--baseline PATH`, a git worktree of
# the code before a change), in the same run: the change's cost measured on the same machine at the same time.
BASELINE = "clearway_full_base"
# Peak bytes per row measured at 10M rows: pandas holds the needed columns plus work copies (with the measures of
# issue 28, about sixty columns, and the sorted copies its exact 90th percentiles take: 19.7 GB, 2026-12-07); the
# hand-written SQL's exact quantiles (quantile_disc) hold every duration of every stage and grouping set (10.5 GB).
BYTES_PER_ROW = {"pandas": 2000, "duckdb_sql": 1100}
# Measures added by issue 28 that every method returns over all rows, rounded as Clearway rounds them, and that
# the harness compares between the methods of a run (the baseline's code has none of them).
CHECKED = (
    "unreleased_at_period_end_share",
    "unreleased_age_mean_hours",
    "lane_red_share",
    "hit_rate_targeted",
    "hit_rate_random",
    "inspection_hit_rate",
    "collection_rate",
    "collection_vendor_share",
    "de_minimis_value_share",
    "advance_lead_time_p90_hours",
    "arrival_to_risk_assessment_mean_hours",
    "risk_assessment_to_release_median_hours",
)


def _checked(values: Any) -> dict[str, float | None]:
    """The CHECKED measures of one method, hours to 2 decimals and shares and rates to 4."""
    out: dict[str, float | None] = {}
    for name in CHECKED:
        value = values.get(name)
        missing = value is None or value != value  # NaN: pandas's 0/0
        out[name] = None if missing else round(float(value), 2 if name.endswith("_hours") else 4)
    return out


def _size(text: str) -> int:
    text = text.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * factor)


# --------------------------------------------------------------------------- the three methods (child side)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearway.settings")
    import django

    django.setup()


_SPAWNED: float = 0.0  # when the parent started this worker (time.time()), passed as --spawned


def _started() -> float:
    """The method's start-up (seconds since the parent started this process), read once it is ready to touch the
    data. Like the `clearway` command, a worker imports with garbage collection paused and then freezes what it
    imported (see clearway.cli.main): the same for every method.

    Not the process's own creation time: the kernel gives it from a boot time in whole seconds, which made
    every start-up look up to a second longer than it was (0.77 s for a process that took 0.05 s).
    """
    gc.freeze()
    gc.enable()
    return time.time() - _SPAWNED


def run_clearway(path: Path) -> dict[str, Any]:
    """The KPIs exactly as `kpis compute` computes them (contract errors and duplicates excluded), no extras."""
    _django()
    import ibis.backends.duckdb  # noqa: F401  (imported before the clock: start-up; connecting is work)

    from clearway.shipments import kpis, platforms, validation
    from clearway.shipments.engines import engine_get, source_resolve

    startup = _started()
    engine = engine_get("duckdb")
    source = source_resolve(path)
    typed = validation.shipments_typed(engine=engine, raw=engine.read(source))
    checked = validation.shipments_checked(
        engine=engine, typed=typed, duplicates=validation.duplicate_ids(engine=engine, typed=typed)
    )
    params = kpis.KpiParameters()
    accepted = validation.accepted_table(checked=checked)
    cube = engine.cache(kpis.kpi_cube(rows=kpis.kpi_rows(accepted=accepted, params=params)))
    expression = kpis.kpi_results(cube=cube, params=params, reused=engine.reused)
    operators = kpis.operators_by_group(engine.table_arrow(kpis.kpi_operators(cube=cube, params=params)))
    groups = kpis.kpi_records(table=engine.table_arrow(expression), params=params, operators=operators)
    engine.table_arrow(platforms.platform_totals(cube=cube))
    engine.table_arrow(platforms.platform_quantiles(cube=cube))
    k = next(g for g in groups if g["period"] == "all" and g["dimension"] == "all")
    return {
        "volume": k["volume"],
        "advance_data_share": k["advance_data_share"],
        "release_time_median_hours": k["release_time_median_hours"],
        "groups": len(groups),
        "checked": _checked(k),
        "startup": startup,
    }


def run_clearway_full(path: Path) -> dict[str, Any]:
    """The whole `kpis compute`: also the per-rule and per-field quality summary and the quarantine file."""
    _django()
    import ibis.backends.duckdb  # noqa: F401  (as in `run_clearway`)

    from clearway.shipments.pipeline import ComputeRequest, kpis_compute

    startup = _started()
    result = kpis_compute(
        request=ComputeRequest(input=path, quarantine=Path("/tmp/clearway-bench/quarantine.parquet"))
    )
    k = result["kpis"]
    return {
        "volume": k["volume"],
        "advance_data_share": k["advance_data_share"],
        "release_time_median_hours": k["release_time_median_hours"],
        "groups": len(result["groups"]),
        "checked": _checked(k),
        "startup": startup,
    }


def _errors_pandas(df: Any, np: Any, pd: Any) -> Any:
    """The contract's error rules, in pandas (the columns of a Parquet input are already typed)."""
    import pycountry

    currencies = {c.alpha_3 for c in pycountry.currencies}
    countries = {c.alpha_2 for c in pycountry.countries} | {"EU"}
    required = [
        "shipment_id",
        "channel",
        "operator_id",
        "operator_type",
        "origin_country",
        "destination_country",
        "intrinsic_value",
        "currency",
        "customs_value",
        "arrival_at",
        "inspected",
        "nii_scanned",
    ]
    bad = df[required].isna().any(axis=1)
    bad |= df["channel"].notna() & ~df["channel"].isin(["postal", "express", "cargo"])
    bad |= df["operator_type"].notna() & ~df["operator_type"].isin(
        [
            "postal_operator",
            "express_carrier",
            "freight_forwarder",
            "customs_broker",
            "e_platform",
            "e_vendor",
            "fulfilment_centre",
            "other",
        ]
    )
    bad |= df["lane"].notna() & ~df["lane"].isin(["green", "yellow", "red"])
    bad |= df["finding"].notna() & ~df["finding"].isin(
        ["none", "undervaluation", "misdescription", "prohibited", "restricted", "ipr", "other"]
    )
    bad |= df["collection_model"].notna() & ~df["collection_model"].isin(
        ["at_border", "vendor", "platform", "intermediary", "deferred_account"]
    )
    for col in (
        "intrinsic_value",
        "customs_value",
        "gross_weight_kg",
        "transport_cost",
        "duties_taxes_assessed",
        "duties_taxes_collected",
    ):
        bad |= df[col] < 0
    bad |= df["currency"].notna() & ~df["currency"].isin(currencies)
    bad |= df["origin_country"].notna() & ~df["origin_country"].isin(countries)
    bad |= df["destination_country"].notna() & ~df["destination_country"].isin(countries)
    bad |= df["hs_code"].notna() & ~df["hs_code"].str.fullmatch(r"[0-9]{6}").fillna(False).astype(bool)
    bad |= df["quantity"] <= 0
    bad |= df["released_at"] < df["arrival_at"]
    bad |= df["shipment_id"].duplicated(keep=False) & df["shipment_id"].notna()
    return bad


def _stage_seconds(df: Any, start: str, end: str) -> Any:
    """An exact duration in seconds, NaN where an instant is missing or the end comes first."""
    seconds = (df[end] - df[start]).dt.total_seconds()
    return seconds.where(seconds >= 0)


def _nearest_rank(rows: Any, keys: list[str], column: str, num: int, den: int) -> Any:
    """Per group, the num/den-quantile by the nearest-rank method (Clearway's): the k-th smallest value, k the
    least whole number with k / n >= num / den, in integers (0.9 x 10 is not 9 in floating point)."""
    present = rows.loc[rows[column].notna(), [*keys, column]].sort_values([*keys, column])
    grouped = present.groupby(keys, observed=True)[column]
    rank = grouped.cumcount() + 1
    size = grouped.transform("size")
    return present[rank == -(-num * size // den)].set_index(keys)[column]


def run_pandas(path: Path) -> dict[str, Any]:
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    startup = _started()
    columns = [
        "shipment_id",
        "channel",
        "operator_id",
        "operator_type",
        "operator_aeo",
        "origin_country",
        "destination_country",
        "hs_code",
        "description",
        "quantity",
        "gross_weight_kg",
        "intrinsic_value",
        "currency",
        "customs_value",
        "transport_cost",
        "advance_data_at",
        "arrival_at",
        "risk_assessed_at",
        "released_at",
        "lane",
        "inspected",
        "nii_scanned",
        "finding",
        "duties_taxes_assessed",
        "duties_taxes_collected",
        "collection_model",
        "returned",
        "platform",
    ]
    df = pq.read_table(path, columns=columns).to_pandas()
    df = df[~_errors_pandas(df, np, pd)]
    arrival = df["arrival_at"]

    release_s = _stage_seconds(df, "arrival_at", "released_at")
    stages = {
        "adv": _stage_seconds(df, "advance_data_at", "arrival_at"),
        "risk": _stage_seconds(df, "arrival_at", "risk_assessed_at"),
        "rel": _stage_seconds(df, "risk_assessed_at", "released_at"),
    }
    period_end = (arrival.dt.tz_localize(None).dt.to_period("M") + 1).dt.start_time.dt.tz_localize("UTC")
    pending = df["released_at"].isna() | (df["released_at"] >= period_end)
    controlled = df["inspected"].fillna(False) | df["nii_scanned"].fillna(False)
    hit = df["finding"].notna() & (df["finding"] != "none")
    lane = df["lane"].fillna("none")
    de_minimis = df["customs_value"] <= 150
    vague = (
        df["description"]
        .str.strip()
        .str.lower()
        .isin(
            ["gift", "gifts", "parts", "goods", "sample", "samples", "item", "items", "merchandise", "stuff"]
        )
    )
    rows = pd.DataFrame(
        {
            "period": arrival.dt.strftime("%Y-%m"),
            "channel": df["channel"],
            "operator_type": df["operator_type"],
            "aeo_status": np.where(
                df["operator_aeo"].isna(),
                "unknown",
                np.where(df["operator_aeo"].fillna(False).astype(bool), "aeo", "non_aeo"),
            ),
            "n": 1,
            "advance": (df["advance_data_at"] < arrival).fillna(False).astype(int),
            "risk_before": (df["risk_assessed_at"] < arrival).fillna(False).astype(int),
            "release_minute": release_s // 60,
            **{f"{name}_minute": seconds // 60 for name, seconds in stages.items()},
            **{f"{name}_s": seconds for name, seconds in stages.items()},
            "release_s": release_s,
            "pending": pending.astype(int),
            "pending_age_h": ((period_end - arrival).dt.total_seconds() / 3600).where(pending, 0),
            **{f"lane_{v}": (lane == v).astype(int) for v in ("green", "yellow", "red", "none")},
            **{
                f"controls_{v}": (controlled & (lane == v)).astype(int)
                for v in ("green", "yellow", "red", "none")
            },
            **{
                f"hits_{v}": (controlled & hit & (lane == v)).astype(int)
                for v in ("green", "yellow", "red", "none")
            },
            "inspected_hits": (df["inspected"].fillna(False) & hit).astype(int),
            "nii_hits": (df["nii_scanned"].fillna(False) & hit).astype(int),
            "collected": df["duties_taxes_collected"].fillna(0),
            "with_model": df["collection_model"].notna().astype(int),
            **{
                f"model_{m}": (df["collection_model"] == m).astype(int)
                for m in ("at_border", "vendor", "platform", "intermediary", "deferred_account")
            },
            "customs": df["customs_value"],
            "de_minimis_value": df["customs_value"].where(de_minimis, 0),
            "assessed_above": df["duties_taxes_assessed"].fillna(0).where(~de_minimis, 0),
            "operator": df["operator_id"],
            "platform": df["platform"],
            "released": df["released_at"].notna().astype(int),
            "within_24h": (release_s <= 86400).astype(int),
            "inspected": df["inspected"].fillna(False).astype(int),
            "controlled": controlled.astype(int),
            "hits": (controlled & df["finding"].notna() & (df["finding"] != "none")).astype(int),
            "nii": df["nii_scanned"].fillna(False).astype(int),
            "duties": df["duties_taxes_assessed"].fillna(0),
            "de_minimis": de_minimis.astype(int),
            "returned": df["returned"].fillna(False).astype(int),
            "ok_t": (~(df["advance_data_at"].isna() | (df["advance_data_at"] >= arrival))).astype(int),
            "ok_a": (~(df["intrinsic_value"].isin([0.0, 1.0]) | (df["gross_weight_kg"] == 0) | vague)).astype(
                int
            ),
            "ok_c": (
                ~(df["hs_code"].isna() | df["description"].isna() | df["gross_weight_kg"].isna())
            ).astype(int),
            "ok_k": (
                ~(
                    (df["finding"].notna() & (df["finding"] != "none") & ~controlled)
                    | (df["risk_assessed_at"] < df["advance_data_at"]).fillna(False)
                )
            ).astype(int),
        }
    )
    del df
    out = []
    sums = [
        "n",
        "advance",
        "risk_before",
        "released",
        "within_24h",
        "inspected",
        "controlled",
        "hits",
        "nii",
        "duties",
        "de_minimis",
        "returned",
        "ok_t",
        "ok_a",
        "ok_c",
        "ok_k",
        "pending",
        "pending_age_h",
        *(f"{kind}_{v}" for kind in ("lane", "controls", "hits") for v in ("green", "yellow", "red", "none")),
        "inspected_hits",
        "nii_hits",
        "collected",
        "with_model",
        *(f"model_{m}" for m in ("at_border", "vendor", "platform", "intermediary", "deferred_account")),
        "customs",
        "de_minimis_value",
        "assessed_above",
    ]
    rows["all"] = "all"
    for keys in (
        ["period", "all"],
        ["period", "channel"],
        ["period", "operator_type"],
        ["period", "aeo_status"],
        ["all"],
        ["channel"],
        ["operator_type"],
        ["aeo_status"],
    ):
        grouped = rows.groupby(keys, observed=True)
        totals = grouped[sums].sum()
        for name in ("release", *stages):
            column = rows[f"{name}_minute"]
            present = rows[column.notna()].groupby(keys, observed=True)[column.name]
            # The median by nearest rank is pandas's lower median; the 90th percentile is not its `higher`
            # (10 values: the 9th, where `higher` takes the 10th), so it is picked by rank.
            totals[f"{name}_median"] = present.quantile(0.5, interpolation="lower")
            totals[f"{name}_p90"] = _nearest_rank(rows, keys, column.name, 9, 10)
            totals[f"{name}_mean_h"] = grouped[f"{name}_s"].mean() / 3600
        totals["median"], totals["p90"] = totals["release_median"], totals["release_p90"]
        totals["operators"] = grouped["operator"].nunique()
        totals["collection_rate"] = totals["collected"] / totals["duties"]
        totals["de_minimis_value_share"] = totals["de_minimis_value"] / totals["customs"]
        totals["duty_forgone"] = (
            totals["de_minimis_value"]
            * totals["assessed_above"]
            / (totals["customs"] - totals["de_minimis_value"])
        )
        totals["advance_share"] = totals["advance"] / totals["n"]
        totals["inspection_rate"] = totals["inspected"] / totals["n"]
        totals["hit_rate"] = totals["hits"] / totals["controlled"]
        totals["dq"] = (totals["ok_t"] + totals["ok_a"] + totals["ok_c"] + totals["ok_k"]) / (4 * totals["n"])
        out.append(totals.reset_index())
    platforms = rows[rows["platform"].notna()].groupby("platform")
    top = platforms.agg(n=("n", "sum"), operators=("operator", "nunique"), within=("within_24h", "sum"))
    top["median"] = (
        rows[rows["platform"].notna() & rows["release_minute"].notna()]
        .groupby("platform")["release_minute"]
        .quantile(0.5, interpolation="lower")
    )
    top = top.sort_values("n", ascending=False).head(10)
    overall = out[4].iloc[0]
    targeted = overall["controls_yellow"] + overall["controls_red"]
    hits_targeted = overall["hits_yellow"] + overall["hits_red"]
    new = {
        "unreleased_at_period_end_share": overall["pending"] / overall["n"],
        "unreleased_age_mean_hours": overall["pending_age_h"] / overall["pending"],
        "lane_red_share": overall["lane_red"] / overall["n"],
        "hit_rate_targeted": hits_targeted / targeted,
        "hit_rate_random": (overall["hits"] - hits_targeted) / (overall["controlled"] - targeted),
        "inspection_hit_rate": overall["inspected_hits"] / overall["inspected"],
        "collection_rate": overall["collection_rate"],
        "collection_vendor_share": overall["model_vendor"] / overall["with_model"],
        "de_minimis_value_share": overall["de_minimis_value_share"],
        "advance_lead_time_p90_hours": overall["adv_p90"] / 60,
        "arrival_to_risk_assessment_mean_hours": overall["risk_mean_h"],
        "risk_assessment_to_release_median_hours": overall["rel_median"] / 60,
    }
    return {
        "volume": int(overall["n"]),
        "advance_data_share": round(float(overall["advance_share"]), 4),
        "release_time_median_hours": round(float(overall["median"]) / 60, 2),
        "groups": int(sum(len(o) for o in out)),
        "checked": _checked(new),
        "startup": startup,
    }


# DuckDB's `//` divides doubles without flooring (7.9 // 2 is 3.95): whole minutes are floor(seconds / 60).
HAND_SQL = """
WITH src AS (SELECT * FROM read_parquet($files)),
dups AS (SELECT shipment_id FROM src WHERE shipment_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1),
ok AS (
  SELECT s.* FROM src s
  LEFT JOIN dups d USING (shipment_id)
  LEFT JOIN (SELECT unnest($currencies) AS code) c ON s.currency = c.code
  LEFT JOIN (SELECT unnest($countries) AS code) o ON s.origin_country = o.code
  LEFT JOIN (SELECT unnest($countries) AS code) t ON s.destination_country = t.code
  WHERE d.shipment_id IS NULL AND c.code IS NOT NULL AND o.code IS NOT NULL AND t.code IS NOT NULL
    AND s.channel IN ('postal','express','cargo') AND s.operator_id IS NOT NULL AND s.operator_id <> ''
    AND s.operator_type IN ('postal_operator','express_carrier','freight_forwarder','customs_broker','e_platform',
                            'e_vendor','fulfilment_centre','other')
    AND s.intrinsic_value >= 0 AND s.customs_value >= 0 AND s.arrival_at IS NOT NULL
    AND s.inspected IS NOT NULL AND s.nii_scanned IS NOT NULL
    AND coalesce(s.gross_weight_kg, 0) >= 0 AND coalesce(s.transport_cost, 0) >= 0
    AND coalesce(s.duties_taxes_assessed, 0) >= 0 AND coalesce(s.duties_taxes_collected, 0) >= 0
    AND (s.lane IS NULL OR s.lane IN ('green','yellow','red'))
    AND (s.finding IS NULL OR s.finding IN ('none','undervaluation','misdescription','prohibited','restricted','ipr','other'))
    AND (s.collection_model IS NULL OR s.collection_model IN ('at_border','vendor','platform','intermediary','deferred_account'))
    AND (s.hs_code IS NULL OR regexp_full_match(s.hs_code, '[0-9]{6}'))
    AND coalesce(s.quantity, 1) > 0 AND NOT coalesce(s.released_at < s.arrival_at, false)
),
r AS (
  SELECT strftime(arrival_at, '%Y-%m') AS period, channel, operator_type,
         CASE WHEN operator_aeo IS NULL THEN 'unknown' WHEN operator_aeo THEN 'aeo' ELSE 'non_aeo' END AS aeo_status,
         (epoch_us(released_at) - epoch_us(arrival_at)) / 1e6 AS release_s,
         CASE WHEN arrival_at >= advance_data_at THEN (epoch_us(arrival_at) - epoch_us(advance_data_at)) / 1e6 END AS adv_s,
         CASE WHEN risk_assessed_at >= arrival_at THEN (epoch_us(risk_assessed_at) - epoch_us(arrival_at)) / 1e6 END AS risk_s,
         CASE WHEN released_at >= risk_assessed_at THEN (epoch_us(released_at) - epoch_us(risk_assessed_at)) / 1e6 END AS rel_s,
         released_at IS NULL OR released_at >= date_trunc('month', arrival_at) + INTERVAL 1 MONTH AS pending,
         epoch(date_trunc('month', arrival_at) + INTERVAL 1 MONTH) - epoch(arrival_at) AS to_end_s,
         coalesce(lane, 'none') AS lane, collection_model, duties_taxes_collected, operator_id, platform,
         coalesce(advance_data_at < arrival_at, false) AS advance,
         coalesce(risk_assessed_at < arrival_at, false) AS risk_before,
         coalesce(inspected, false) AS insp, coalesce(nii_scanned, false) AS nii,
         coalesce(inspected, false) OR coalesce(nii_scanned, false) AS controlled,
         finding, duties_taxes_assessed, customs_value, returned,
         advance_data_at IS NULL OR advance_data_at >= arrival_at AS d_t,
         intrinsic_value IN (0, 1) OR gross_weight_kg = 0
           OR lower(trim(description)) IN ('gift','gifts','parts','goods','sample','samples','item','items','merchandise','stuff') AS d_a,
         hs_code IS NULL OR description IS NULL OR gross_weight_kg IS NULL AS d_c,
         (finding IS NOT NULL AND finding <> 'none' AND NOT (coalesce(inspected, false) OR coalesce(nii_scanned, false)))
           OR coalesce(risk_assessed_at < advance_data_at, false) AS d_k
  FROM ok
)
SELECT period, channel, operator_type, aeo_status, grouping(period, channel, operator_type, aeo_status) AS level,
       count(*) AS volume,
       avg(advance::INT) AS advance_data_share,
       avg(risk_before::INT) AS risk_assessed_before_arrival_share,
       quantile_disc(floor(release_s / 60), 0.5) / 60 AS release_time_median_hours,
       quantile_disc(floor(release_s / 60), 0.9) / 60 AS release_time_p90_hours,
       avg((release_s <= 86400)::INT) FILTER (WHERE release_s IS NOT NULL) AS released_within_24h_share,
       avg(insp::INT) AS inspection_rate,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled) AS hit_rate,
       avg(nii::INT) AS nii_scan_rate,
       sum(coalesce(duties_taxes_assessed, 0)) / count(*) AS duties_taxes_per_shipment,
       avg((customs_value <= 150)::INT) AS de_minimis_share,
       avg(coalesce(returned, false)::INT) AS return_rate,
       (avg((NOT d_t)::INT) + avg((NOT d_a)::INT) + avg((NOT d_c)::INT) + avg((NOT d_k)::INT)) / 4 AS data_quality_score,
       avg(release_s) / 3600 AS release_time_mean_hours,
       avg(adv_s) / 3600 AS advance_lead_time_mean_hours,
       quantile_disc(floor(adv_s / 60), 0.5) / 60 AS advance_lead_time_median_hours,
       quantile_disc(floor(adv_s / 60), 0.9) / 60 AS advance_lead_time_p90_hours,
       avg(risk_s) / 3600 AS arrival_to_risk_assessment_mean_hours,
       quantile_disc(floor(risk_s / 60), 0.5) / 60 AS arrival_to_risk_assessment_median_hours,
       quantile_disc(floor(risk_s / 60), 0.9) / 60 AS arrival_to_risk_assessment_p90_hours,
       avg(rel_s) / 3600 AS risk_assessment_to_release_mean_hours,
       quantile_disc(floor(rel_s / 60), 0.5) / 60 AS risk_assessment_to_release_median_hours,
       quantile_disc(floor(rel_s / 60), 0.9) / 60 AS risk_assessment_to_release_p90_hours,
       avg(pending::INT) AS unreleased_at_period_end_share,
       avg(to_end_s) FILTER (WHERE pending) / 3600 AS unreleased_age_mean_hours,
       avg((lane = 'green')::INT) AS lane_green_share, avg((lane = 'yellow')::INT) AS lane_yellow_share,
       avg((lane = 'red')::INT) AS lane_red_share, avg((lane = 'none')::INT) AS lane_none_share,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane = 'green') AS hit_rate_green,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane = 'yellow') AS hit_rate_yellow,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane = 'red') AS hit_rate_red,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane = 'none') AS hit_rate_none,
       avg((lane IN ('yellow', 'red'))::INT) FILTER (WHERE controlled) AS targeted_controls_share,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane IN ('yellow', 'red')) AS hit_rate_targeted,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE controlled AND lane IN ('green', 'none')) AS hit_rate_random,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE insp) AS inspection_hit_rate,
       avg((finding IS NOT NULL AND finding <> 'none')::INT) FILTER (WHERE nii) AS nii_hit_rate,
       sum(coalesce(duties_taxes_assessed, 0)) AS revenue_assessed,
       sum(coalesce(duties_taxes_collected, 0)) AS revenue_collected,
       sum(duties_taxes_collected) / sum(duties_taxes_assessed) AS collection_rate,
       avg((collection_model = 'at_border')::INT) AS collection_at_border_share,
       avg((collection_model = 'vendor')::INT) AS collection_vendor_share,
       avg((collection_model = 'platform')::INT) AS collection_platform_share,
       avg((collection_model = 'intermediary')::INT) AS collection_intermediary_share,
       avg((collection_model = 'deferred_account')::INT) AS collection_deferred_account_share,
       sum(customs_value) FILTER (WHERE customs_value <= 150) / sum(customs_value) AS de_minimis_value_share,
       sum(customs_value) FILTER (WHERE customs_value <= 150) * sum(duties_taxes_assessed) FILTER (WHERE customs_value > 150)
         / sum(customs_value) FILTER (WHERE customs_value > 150) AS duty_forgone_estimate,
       count(DISTINCT operator_id) AS operators
FROM r
GROUP BY GROUPING SETS ((period), (period, channel), (period, operator_type), (period, aeo_status),
                        (), (channel), (operator_type), (aeo_status))
"""


PLATFORM_SQL = (
    HAND_SQL[: HAND_SQL.index("\nSELECT period, channel")]
    + """
SELECT platform, count(*) AS volume, count(DISTINCT operator_id) AS operators,
       quantile_disc(floor(release_s / 60), 0.5) / 60 AS release_time_median_hours,
       quantile_disc(floor(release_s / 60), 0.9) / 60 AS release_time_p90_hours,
       avg((release_s <= 86400)::INT) FILTER (WHERE release_s IS NOT NULL) AS released_within_24h_share
FROM r WHERE platform IS NOT NULL GROUP BY platform ORDER BY volume DESC LIMIT 10
"""
)


def run_duckdb_sql(path: Path) -> dict[str, Any]:
    import duckdb
    import pycountry

    files = [str(p) for p in sorted(path.rglob("*.parquet"))] if path.is_dir() else [str(path)]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")
    startup = _started()
    params = {
        "files": files,
        "currencies": sorted(c.alpha_3 for c in pycountry.currencies),
        "countries": sorted({c.alpha_2 for c in pycountry.countries} | {"EU"}),
    }
    cursor = con.execute(HAND_SQL, params)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    con.execute(PLATFORM_SQL, params).fetchall()
    overall = next(r for r in rows if r[0] is None and r[1] is None and r[2] is None and r[3] is None)
    return {
        "volume": overall[5],
        "advance_data_share": round(overall[6], 4),
        "release_time_median_hours": round(overall[8], 2),
        "groups": len(rows),
        "checked": _checked(dict(zip(names, overall, strict=True))),
        "startup": startup,
    }


RUNNERS = {
    "clearway": run_clearway,
    "clearway_full": run_clearway_full,
    "pandas": run_pandas,
    "duckdb_sql": run_duckdb_sql,
    BASELINE: run_clearway_full,
}


# --------------------------------------------------------------------------- the harness (parent side)


def _measure(method: str, path: Path, baseline: str | None = None) -> dict[str, Any]:
    import psutil

    started = time.perf_counter()
    spawned = time.time()
    command = [sys.executable, __file__, "--worker", method, "--input", str(path), "--spawned", repr(spawned)]
    if method == BASELINE:
        if not baseline:
            raise SystemExit(f"{BASELINE} needs --baseline PATH (a checkout of the code to compare with)")
        command += ["--source", str(Path(baseline) / "src")]
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{method} failed:\n{err[-3000:]}")
    return {"seconds": seconds, "peak_bytes": peak, **json.loads(out.strip().splitlines()[-1])}


def _rows_in(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.glob("part-*.parquet"))


def _ensure_data(rows: int, data: Path) -> tuple[Path, float | None]:
    folder = data / f"rows-{rows}"
    if folder.exists() and _rows_in(folder) == rows:
        return folder, None
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("clearway")),
            "shipments",
            "generate",
            "--rows",
            str(rows),
            "--seed",
            "1",
            "--out",
            str(folder),
        ],
        check=True,
        cwd=ROOT,
    )
    return folder, time.perf_counter() - started


def _fits(method: str, rows: int) -> tuple[bool, str]:
    import psutil

    need = rows * BYTES_PER_ROW.get(method, 0)
    available = psutil.virtual_memory().available
    if need > available * 0.8:
        return False, (
            f"{method} skipped: it would need about {need / 1e9:.0f} GB in memory "
            f"(available {available / 1e9:.0f} GB)"
        )
    return True, ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1M,10M", help="Comma-separated row counts (e.g. 1M,10M,100M).")
    parser.add_argument("--full", action="store_true", help="Include 100M rows.")
    parser.add_argument(
        "--data", default="/tmp/clearway-bench", help="Where generated data are kept and reused."
    )
    parser.add_argument("--methods", default=",".join(m for m in METHODS if m != BASELINE))
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Rounds per size: every method once per round, in turn; ratios of the medians (default 1).",
    )
    parser.add_argument("--json", help="Also write the measurements to this JSON file.")
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument(
        "--baseline",
        help=f"A checkout of Clearway (a git worktree) whose `kpis compute` the {BASELINE} method runs.",
    )
    args = parser.parse_args()
    if args.worker:
        global _SPAWNED
        _SPAWNED = args.spawned
        gc.disable()  # until the method's imports are done (see _started)
        sys.path.insert(0, args.source or str(ROOT / "src"))
        print(json.dumps(RUNNERS[args.worker](Path(args.input))))
        return
    sizes = [_size(s) for s in args.sizes.split(",")]
    if args.full and 100_000_000 not in sizes:
        sizes.append(100_000_000)
    methods = args.methods.split(",")
    if args.baseline and BASELINE not in methods:
        methods.append(BASELINE)
    results: list[dict[str, Any]] = []
    for rows in sizes:
        path, generated = _ensure_data(rows, Path(args.data))
        if generated is not None:
            print(f"{rows:>12,} rows generated in {generated:.1f} s")
        runnable = []
        for method in methods:
            fits, why = _fits(method, rows)
            if fits:
                runnable.append(method)
            else:
                print(f"{rows:>12,} rows  {why}")
        for run in range(1, args.repeat + 1):
            for method in runnable:
                m = _measure(method, path, args.baseline)
                m.update(method=method, rows=rows, run=run)
                results.append(m)
                label = f"{method:<13}" + (f" run {run}/{args.repeat}" if args.repeat > 1 else "")
                print(
                    f"{rows:>12,} rows  {label} {m['seconds']:8.2f} s  (start-up {m['startup']:4.2f} s)  "
                    f"{rows / m['seconds']:>12,.0f} rows/s  peak {m['peak_bytes'] / 1e9:5.2f} GB  volume {m['volume']:,}  adv {m['advance_data_share']}  "
                    f"median {m['release_time_median_hours']} h",
                    flush=True,
                )
                _compare_checked(m, results)
    _print_ratios(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def _compare_checked(m: dict[str, Any], results: list[dict[str, Any]]) -> None:
    """The new measures of this run against those of the first method of the same size and round."""
    if m["method"] == BASELINE:
        return
    first = next(
        r for r in results if r["rows"] == m["rows"] and r["run"] == m["run"] and r["method"] != BASELINE
    )
    if first is m:
        return
    differ = {k: (first["checked"][k], v) for k, v in m["checked"].items() if first["checked"][k] != v}
    if differ:
        shown = ", ".join(f"{k} {a} ({first['method']}) / {b}" for k, (a, b) in differ.items())
        print(f"{'':>12}       new measures DIFFER from {first['method']}: {shown}", flush=True)
    else:
        print(f"{'':>12}       {len(m['checked'])} new measures as {first['method']}", flush=True)


def _ratio(a: dict[str, Any], b: dict[str, Any]) -> str:
    """a's time over b's: whole runs, then the work alone (each run's own start-up taken off)."""
    whole = a["seconds"] / b["seconds"]
    work = (a["seconds"] - a["startup"]) / (b["seconds"] - b["startup"])
    return f"{whole:.2f}x (work after start-up {work:.2f}x)"


def _medians(results: list[dict[str, Any]]) -> dict[tuple[int, str], dict[str, float]]:
    """Per size and method, the median time and start-up over its rounds (one round: the run itself) and the
    highest peak memory of any round."""
    runs: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for r in results:
        runs.setdefault((r["rows"], r["method"]), []).append(r)
    return {
        key: {
            "seconds": statistics.median(r["seconds"] for r in rs),
            "startup": statistics.median(r["startup"] for r in rs),
            "peak_bytes": max(r["peak_bytes"] for r in rs),
        }
        for key, rs in runs.items()
    }


def _spread(results: list[dict[str, Any]], rows: int, num: str, den: str) -> str:
    """The whole-run ratio num/den of each round, lowest and highest, when there were several rounds."""
    by = {(r["method"], r["run"]): r["seconds"] for r in results if r["rows"] == rows}
    ratios = [by[(num, run)] / by[(den, run)] for (m, run) in by if m == num and (den, run) in by]
    if len(ratios) < 2:
        return ""
    return f" [rounds: {min(ratios):.2f}x to {max(ratios):.2f}x]"


def _print_ratios(results: list[dict[str, Any]]) -> None:
    rounds = max((r.get("run", 1) for r in results), default=1)
    print("\nRatios (same run" + (f"; medians of {rounds} rounds" if rounds > 1 else "") + "):")
    by = _medians(results)
    for rows in sorted({r["rows"] for r in results}):
        cw, full, base = (by.get((rows, m)) for m in ("clearway", "clearway_full", BASELINE))
        parts = [f"{rows:>12,} rows:"]
        if cw and (rows, "pandas") in by:
            spread = _spread(results, rows, "pandas", "clearway")
            parts.append(f"pandas/clearway = {_ratio(by[(rows, 'pandas')], cw)}{spread}")
        if cw and (rows, "duckdb_sql") in by:
            spread = _spread(results, rows, "clearway", "duckdb_sql")
            parts.append(f"clearway/hand SQL = {_ratio(cw, by[(rows, 'duckdb_sql')])}{spread}")
        if cw and full:
            parts.append(f"full kpis compute/clearway = {full['seconds'] / cw['seconds']:.2f}x")
        if full and base:
            # The change measured: the whole `kpis compute` of this checkout against the baseline's, in turn.
            spread = _spread(results, rows, "clearway_full", BASELINE)
            parts.append(
                f"full kpis compute/baseline = {_ratio(full, base)}{spread}, "
                f"peak memory {full['peak_bytes'] / base['peak_bytes']:.2f}x"
            )
        if len(parts) > 1:
            print("  ".join(parts))
    for method in ("clearway", "clearway_full", BASELINE):
        sizes = sorted(rows for rows, m in by if m == method)
        for small, large in zip(sizes, sizes[1:], strict=False):
            a, b = by[(small, method)], by[(large, method)]
            print(
                f"{method} time grows {b['seconds'] / a['seconds']:.1f}x from {small:,} to {large:,} rows "
                f"({large / small:.0f}x the rows)"
            )


if __name__ == "__main__":
    main()
