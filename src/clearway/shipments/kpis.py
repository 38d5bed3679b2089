"""The shipment KPIs, written once with Ibis; the same expressions run on DuckDB, PySpark and PostgreSQL.

Method (one pass over the data): accepted rows are aggregated into a *cube* of two parts, computed in the
same scan: per period, channel, operator type and AEO status, the counts and sums the KPIs need; and per the
same keys and release time in whole minutes, the number of shipments (a histogram). Every breakdown (all, by
channel, by operator type, by AEO status; per period and over all periods) is a roll-up of that small cube,
and the release-time quantiles are read off the histogram by the nearest-rank method, so they are exact to
the minute and identical on every engine. Money is summed in whole cents for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from clearway.shipments.contract import (
    AEO_STATUSES,
    CHANNELS,
    COLLECTION_MODELS,
    LANES,
    OPERATOR_TYPES,
    Dimension,
)
from clearway.shipments.measures import DECIMALS, LANE_VALUES, MEASURES, MONEY, STAGES
from clearway.shipments.staging import EPOCH_US, PERIOD_COLUMNS, PERIOD_END_COLUMNS

PERIODS = ("month", "quarter")
DIMENSIONS = ("all", "channel", "operator_type", "aeo_status")
ALL = "all"
KEYS = ["period", "dimension", "value"]
MINUTES_24H = 24 * 60
_MINUTE_US = 60_000_000
_HOUR_US = 60 * _MINUTE_US


# The conditions the KPIs count, one 0/1 column each in `kpi_rows`.
_FLAGS = (
    "advance",
    "risk_before",
    "released",
    "within_24h",
    "inspected",
    "controlled",
    "hits",
    "nii",
    "de_minimis",
    "returned",
    "ok_timeliness",
    "ok_accuracy",
    "ok_completeness",
    "ok_consistency",
    "pending",
    *(f"lane_{lane}" for lane in LANES),
    *(f"controls_{lane}" for lane in LANE_VALUES),
    *(f"hits_{lane}" for lane in LANE_VALUES),
    "inspected_hits",
    "nii_hits",
    "with_model",
    *(f"model_{model}" for model in COLLECTION_MODELS),
    *(f"{stage}_n" for stage in STAGES),
)
# Sums of money (cents) and durations (microseconds): summed as 38-digit decimals on every engine, so no sum
# wraps around (Spark's sum of 64-bit integers does, silently).
_BIG_SUMS = (
    "duties_cents",
    "collected_cents",
    "customs_cents",
    "de_minimis_cents",
    "assessed_above_cents",
    "pending_age_us",
    *(f"{stage}_us" for stage in STAGES),
)
_SUMS = ("n", *_BIG_SUMS, *_FLAGS)
BIG = dt.Decimal(38, 0)


@dataclass(frozen=True)
class KpiParameters:
    period: str = "month"
    de_minimis: float = 150.0  # national currency; customs_value at or below it counts as de minimis
    min_operators: int = (
        3  # a breakdown's group with fewer distinct operators is suppressed (see `suppressed`)
    )


def de_minimis_cents(threshold: float) -> int:
    """The largest amount in whole cents at or below the threshold (values are compared in cents, exactly)."""
    return int((Decimal(str(threshold)) * 100).to_integral_value(rounding=ROUND_FLOOR))


def period_key(t: ir.Table, period: str) -> ir.IntegerValue:
    """202501 for January 2025, 20251 for its quarter (staged once, see staging.py): integers group fast."""
    return t[PERIOD_COLUMNS[period]]


def period_label(key: ir.IntegerValue, period: str) -> ir.StringValue:
    """The key as 2025-01 or 2025-Q1, formatted on the small aggregated table only."""
    if period == "quarter":
        return (key // 10).cast("string") + "-Q" + (key % 10).cast("string")
    return (key // 100).cast("string") + "-" + (key % 100).cast("string").lpad(2, "0")


def _duration_us(t: ir.Table, start: str, end: str) -> ir.IntegerValue:
    """The exact duration between two instants, in microseconds: a difference of integers on every engine."""
    return t[f"{EPOCH_US}{end}"] - t[f"{EPOCH_US}{start}"]


# The breakdown columns are grouped and rolled up as small integers (the value's place in the contract's
# list) and named at the very end: an engine hashes and compares integers faster than text. In roll-ups the
# value of the "all" breakdown is ALL_CODE and a missing value UNKNOWN_CODE; the "all periods" period is 0.
CODED = {"channel": CHANNELS, "operator_type": OPERATOR_TYPES, "aeo_status": AEO_STATUSES}
ALL_CODE, UNKNOWN_CODE = -1, -2


def kpi_rows(
    *, accepted: ir.Table, params: KpiParameters, carry: dict[str, ir.Value] | None = None
) -> ir.Table:
    """One row per accepted shipment, reduced to the keys, the conditions the KPIs count and the duties.

    A condition is true, false or NULL (a missing timestamp, say), and only its sum is used: SQL's SUM skips
    NULLs, so NULL counts as false without a NULL-to-false per row and condition (the KPI query, counted in
    instructions on one million rows: 5% fewer). A group whose values are all NULL sums to NULL, made 0 in the
    cube.

    `carry`: more columns for the same rows (expressions on `accepted`), read by a table the cube computes
    along (see `kpi_cube`); the KPIs ignore them.
    """
    t = accepted
    durations = {stage: _duration_us(t, start, end) for stage, (start, end) in STAGES.items()}
    stage_us = {stage: (d >= 0).ifelse(d, ibis.null(dt.int64)) for stage, d in durations.items()}
    release_us = durations["release_time"]
    controlled = t.inspected | t.nii_scanned
    hit = t.finding.notnull() & (t.finding != "none")
    lane = t.lane.fill_null("none")
    end = t[PERIOD_END_COLUMNS[params.period]]
    pending = t[f"{EPOCH_US}released_at"].isnull() | (t[f"{EPOCH_US}released_at"] >= end)
    de_minimis = t.customs_value <= de_minimis_cents(params.de_minimis)
    return t.select(
        period=period_key(t, params.period),
        # The value's place in the contract's list, joined in with the list (see validation._with_lookups).
        channel=t._index_channel,
        operator_type=t._index_operator_type,
        # Grouped as read (true, false or NULL) and coded on the small cube (see `_coded_keys`).
        aeo_status=t.operator_aeo,
        # Each release-process stage's duration in whole minutes: the histograms count them (see `kpi_cube`).
        **{f"{s}_minute": (stage_us[s] // _MINUTE_US).cast("int64") for s in STAGES},
        advance=t.advance_data_at < t.arrival_at,
        risk_before=t.risk_assessed_at < t.arrival_at,
        released=t.released_at.notnull(),
        within_24h=release_us <= MINUTES_24H * _MINUTE_US,
        operator=t.operator_id,
        platform=t.platform,
        inspected=t.inspected,
        controlled=controlled,
        hits=controlled & hit,
        nii=t.nii_scanned,
        duties_cents=t.duties_taxes_assessed,  # whole cents (staging.py)
        collected_cents=t.duties_taxes_collected,
        customs_cents=t.customs_value,
        de_minimis_cents=de_minimis.ifelse(t.customs_value, 0),
        assessed_above_cents=de_minimis.ifelse(0, t.duties_taxes_assessed),
        de_minimis=de_minimis,
        returned=t.returned,
        pending=pending,
        pending_age_us=pending.ifelse(end - t[f"{EPOCH_US}arrival_at"], 0),
        **{f"lane_{v}": t.lane == v for v in LANES},
        **{f"controls_{v}": controlled & (lane == v) for v in LANE_VALUES},
        **{f"hits_{v}": controlled & hit & (lane == v) for v in LANE_VALUES},
        inspected_hits=t.inspected & hit,
        nii_hits=t.nii_scanned & hit,
        with_model=t.collection_model.notnull(),
        **{f"model_{m}": t.collection_model == m for m in COLLECTION_MODELS},
        **{f"{stage}_n": stage_us[stage].notnull() for stage in STAGES},
        **{f"{stage}_us": stage_us[stage] for stage in STAGES},
        **{f"ok_{d}": ~t[f"_defect_{d}"] for d in Dimension},
        **(carry or {}),
    )


def _coded_keys(table: ir.Table, keys: list[str]) -> dict[str, ir.Value]:
    """The keys of an aggregated table, the operator's AEO flag as its place in AEO_STATUSES (NULL: unknown)."""
    aeo = table.aeo_status
    code = aeo.isnull().ifelse(
        AEO_STATUSES.index("unknown"), aeo.ifelse(AEO_STATUSES.index("aeo"), AEO_STATUSES.index("non_aeo"))
    )
    return {key: code.cast("int64") if key == "aeo_status" else table[key] for key in keys}


# The parts of the cube, told apart by its `part` column.
TOTALS, HISTOGRAM, ALONG, OPERATORS, PLATFORM_TOTALS, PLATFORM_HISTOGRAM = range(6)
PLATFORM_SUMS = ("n", "released", "within_24h", "advance", *(f"ok_{d}" for d in Dimension))


def kpi_cube(*, rows: ir.Table, along: ir.Table | None = None) -> ir.Table:
    """The cube, one query over the KPI rows in parts (`part`): totals per breakdown key (TOTALS); shipments
    per key, stage and minute (HISTOGRAM); each key's distinct operators (OPERATORS, for suppression); per
    platform, its totals and distinct operators (PLATFORM_TOTALS) and shipments per release minute
    (PLATFORM_HISTOGRAM).

    Every part reads the same rows in one query (DuckDB streams the rows to each aggregation; a query of its own
    per part would compute the checks again: one million rows, 7 s more for the operators alone). The totals
    have few groups, where summing 0/1 columns is fastest; the histograms have many and count rows only. The
    sums of the parts with few rows travel in one array column (`SUMS`, read with `cube_sums`), NULL on the
    histograms' rows.

    `along`: a one-row aggregate of the table the rows come from (the quality summary's counts of the accepted
    rows, validation.accepted_counts), computed in the same pass rather than in a pass of its own (ALONG; see
    `kpi_cube_along`): its counts in `SUMS`, its timestamps in columns of their own, NULL on the other rows.
    """
    keys = ["period", *CODED]
    totals = rows.group_by(keys).aggregate(
        n=rows.count(),
        **{name: rows[name].cast(BIG).sum() for name in _BIG_SUMS},
        **{name: rows[name].sum() for name in _FLAGS},
    )
    # Each stage's histogram an aggregation of its own, over the rows that have the stage. Not one aggregation
    # of the rows unnested into one row per stage: DuckDB streams the rows to every aggregation of the query
    # but holds them all in memory for one that unnests them (one million rows: 0.64 GB at the peak; ten
    # million: 2.4 GB and spilling to disk, the cube's query 15 times as long as at one million).
    hists = {}
    for stage in STAGES:
        minute = rows[f"{stage}_minute"]
        timed = rows.filter(minute.notnull())
        hists[stage] = timed.group_by([*keys, minute.name("minute")]).aggregate(n=timed.count())
    operators = rows.select(*keys, "operator").distinct()
    on_platform = rows.filter(rows.platform.notnull())
    platform_totals = on_platform.group_by("platform").aggregate(
        n=on_platform.count(),
        released=on_platform.released.sum(),
        within_24h=on_platform.within_24h.sum(),
        advance=on_platform.advance.sum(),
        operators=on_platform.operator.nunique(),
        **{f"ok_{d}": on_platform[f"ok_{d}"].sum() for d in Dimension},
    )
    released = on_platform.filter(on_platform.release_time_minute.notnull())
    platform_hist = released.group_by(["platform", "release_time_minute"]).aggregate(n=released.count())
    nothing = ibis.null(dt.int64)
    text = ibis.null(dt.string)
    stamps = {} if along is None else _stamps(along)

    def part(table: ir.Table, index: int, coded: bool = True, **columns: ir.Value) -> ir.Table:
        """`table` with every column of the cube: its `columns`, NULL for the others."""
        values: dict[str, ir.Value] = (
            _coded_keys(table, keys) if coded else {key: ibis.null(dt.int64) for key in keys}
        )
        values |= {"part": ibis.literal(index, type=dt.int64), "stage": nothing, "release_minute": nothing}
        values |= {"platform": text, "operator": text, "operators": nothing, "n": nothing}
        values |= {SUMS: ibis.null(dt.Array(BIG))} | {name: ibis.null(kind) for name, kind in stamps.items()}
        return table.select(**(values | columns))

    parts = [
        part(
            totals,
            TOTALS,
            **{SUMS: _packed(totals, _SUMS)},
        ),
        *(
            part(
                hist,
                HISTOGRAM,
                stage=ibis.literal(place, type=dt.int64),
                release_minute=hist.minute.cast("int64"),
                n=hist.n.cast("int64"),
            )
            for place, hist in enumerate(hists.values())
        ),
        part(operators, OPERATORS, operator=operators.operator),
        part(
            platform_totals,
            PLATFORM_TOTALS,
            coded=False,
            platform=platform_totals.platform,
            operators=platform_totals.operators.cast("int64"),
            **{SUMS: _packed(platform_totals, PLATFORM_SUMS)},
        ),
        part(
            platform_hist,
            PLATFORM_HISTOGRAM,
            coded=False,
            platform=platform_hist.platform,
            release_minute=platform_hist.release_time_minute.cast("int64"),
            n=platform_hist.n.cast("int64"),
        ),
    ]
    if along is not None:
        counted = [name for name in along.columns if name not in stamps]
        parts.append(
            part(
                along,
                ALONG,
                coded=False,
                **{SUMS: _packed(along, counted, fill=False)},
                **{name: along[name] for name in stamps},
            )
        )
    return ibis.union(*parts, distinct=False)


# The cube's sums (of the TOTALS, PLATFORM_TOTALS and ALONG parts) are packed in one array column: the histogram
# parts, most of the cube's rows, would otherwise carry some sixty empty columns, and writing them took a third
# of `kpis compute` (one million rows: 13 of 36 s). The parts' few rows are unpacked by name (`cube_sums`).
SUMS = "sums"


def _packed(table: ir.Table, names: Sequence[str], *, fill: bool = True) -> ir.ArrayValue:
    """The columns `names` of `table` as one array of 38-digit integers (NULL sums as 0 where `fill`)."""
    values = [table[name].cast(BIG) for name in names]
    return ibis.array([v.fill_null(0) for v in values] if fill else values).cast(dt.Array(BIG))


def cube_sums(part: ir.Table, names: Sequence[str]) -> dict[str, ir.Value]:
    """The sums `_packed` packed, by name: the money and durations as 38-digit integers, counts as 64-bit."""
    return {name: part[SUMS][i].cast(BIG if name in _BIG_SUMS else dt.int64) for i, name in enumerate(names)}


def _stamps(along: ir.Table) -> dict[str, dt.DataType]:
    """The timestamp columns of an `along` table and their types (carried as they are, not packed)."""
    return {name: kind for name, kind in along.schema().items() if kind.is_timestamp()}


def kpi_cube_along(*, cube: ir.Table, along: ir.Table) -> ir.Table:
    """The row `kpi_cube` carried along (its `along` table), with `along`'s columns and types."""
    row = cube.filter(cube.part == ALONG)
    stamps = _stamps(along)
    counted = [name for name in along.columns if name not in stamps]
    values = {name: row[SUMS][i].cast(along[name].type()) for i, name in enumerate(counted)}
    values |= {name: row[name] for name in stamps}
    return row.select(**{name: values[name] for name in along.columns})


def _keyed(table: ir.Table, columns: tuple[str, ...]) -> ir.Table:
    """Every row of (a small part of) the cube once per period x breakdown it counts in (and once over all
    periods), keyed by period, dimension and value as that breakdown groups it; `columns` carried as they are.

    The keys are codes (see CODED): period 0 is all periods, dimension its place in DIMENSIONS. Summing the
    keyed rows by their keys rolls every breakdown up in one aggregation (`_rollup`): one query step instead
    of one per breakdown, and a far smaller expression (Ibis builds and compiles the roll-ups in 40% less
    time, about 0.1 s per computation whatever its size).
    """
    breakdowns = len(DIMENSIONS)
    spread = table.mutate(_breakdown=ibis.literal(list(range(2 * breakdowns)), type=dt.Array(dt.int64)))
    spread = spread.unnest("_breakdown")
    index = spread._breakdown % breakdowns
    value = ibis.cases(
        *(
            (index == i, spread[dimension].fill_null(UNKNOWN_CODE))
            for i, dimension in enumerate(DIMENSIONS)
            if dimension != ALL
        ),
        else_=ALL_CODE,
    )
    return spread.select(
        period=(spread._breakdown < breakdowns).ifelse(spread.period.cast("int64"), 0),
        dimension=index,
        value=value.cast("int64"),
        **{name: spread[name] for name in columns},
    )


def _rollup(table: ir.Table, columns: tuple[str, ...], extra: tuple[str, ...] = ()) -> ir.Table:
    """`table` summed for every period x breakdown (and over all periods), keyed by period, dimension, value
    (and `extra`, grouped as they are)."""
    keyed = _keyed(table, (*extra, *columns))
    return keyed.group_by([*KEYS, *extra]).aggregate(**{name: keyed[name].sum() for name in columns})


def _labelled(table: ir.Table, period: str) -> ir.Table:
    """The coded keys of a (small) roll-up as text: 2025-01 or all, a dimension's name, a value's name."""
    values = [(table.value == ALL_CODE, ALL), (table.value == UNKNOWN_CODE, "unknown")]
    for index, dimension in enumerate(DIMENSIONS):
        for code, label in enumerate(CODED.get(dimension, ())):
            values.append(((table.dimension == index) & (table.value == code), label))
    return table.mutate(
        period=(table.period == 0).ifelse(ALL, period_label(table.period, period)),
        dimension=ibis.cases(*((table.dimension == i, d) for i, d in enumerate(DIMENSIONS)), else_=None),
        value=ibis.cases(*values, else_=None),
    )


_QUANTILES = {"median": 0.5, "p90": 0.9}


def _reached(cum: ir.IntegerValue, total: ir.IntegerValue, p: float) -> ir.BooleanValue:
    return cum.cast("float64") >= total.cast("float64") * p


def _quantiles(released: ir.Table, keep: Callable[[ir.Table], ir.Table]) -> ir.Table:
    """Nearest-rank median and p90 of release minutes: the first minute whose cumulative count reaches p * total.

    `released`: the cube's histogram rows (shipments per cube key, stage (its place in STAGES) and minute). In two steps, so that
    running sums and the roll-up of minutes cover few rows: first the hour in which the cumulative count
    reaches p * total, on a per-hour histogram rolled up for every breakdown; then the minute inside that hour,
    rolling up only the minutes of the hours reached (the keyed minute rows are joined to those hours before
    they are summed: summing every breakdown's minutes first took most of the KPI query's time on a cube of
    one million rows). The result is the same minute a running sum over every minute would give. Both
    quantiles go through the same steps side by side, told apart by their place in _QUANTILES (`_q`).
    """
    cube_keys = ["period", *CODED, "stage"]
    rows = keep(released.mutate(hour=released.release_minute // 60))  # read twice: per hour, then minutes
    hourly = rows.group_by([*cube_keys, "hour"]).aggregate(n=rows.n.sum())
    hours = _rollup(hourly, ("n",), extra=("stage", "hour"))
    by_hour = ibis.window(group_by=[*KEYS, "stage"], order_by="hour", preceding=None, following=0)
    ranked = hours.mutate(
        cum=hours.n.sum().over(by_hour), total=hours.n.sum().over(ibis.window(group_by=[*KEYS, "stage"]))
    )
    ranked = ranked.mutate(_q=ibis.literal(list(range(len(_QUANTILES))), type=dt.Array(dt.int64)))
    ranked = ranked.unnest("_q")
    # The hour reached, and how many shipments were released in the hours before it.
    p = _probability(ranked._q)
    hour = ranked.filter(
        _reached(ranked.cum, ranked.total, p) & ~_reached(ranked.cum - ranked.n, ranked.total, p)
    )
    hour = hour.select(*KEYS, "stage", "_q", "hour", before=hour.cum - hour.n, total="total")
    keyed = _keyed(rows, ("stage", "hour", "release_minute", "n"))
    inside = keyed.join(hour, [*KEYS, "stage", "hour"])
    minutes = inside.group_by([*KEYS, "stage", "_q", "release_minute"]).aggregate(
        n=inside.n.sum(), before=inside.before.max(), total=inside.total.max()
    )
    by_minute = ibis.window(
        group_by=[*KEYS, "stage", "_q"], order_by="release_minute", preceding=None, following=0
    )
    minutes = minutes.mutate(cum=minutes.before + minutes.n.sum().over(by_minute))
    reached = _reached(minutes.cum, minutes.total, _probability(minutes._q))
    # One row per group, each stage's quantiles side by side (`<stage>_median_minute`, `<stage>_p90_minute`).
    return minutes.group_by(KEYS).aggregate(
        **{
            f"{stage}_{name}": minutes.release_minute.min(
                where=reached & (minutes._q == index) & (minutes.stage == place)
            )
            for place, stage in enumerate(STAGES)
            for index, name in enumerate(_QUANTILES)
        }
    )


def _probability(q: ir.IntegerValue) -> ir.FloatingValue:
    return ibis.cases(*((q == index, p) for index, p in enumerate(_QUANTILES.values())))


def _ratio(num: ir.NumericValue, den: ir.NumericValue) -> ir.FloatingValue:
    return (den > 0).ifelse(num.cast("float64") / den.cast("float64"), ibis.null(dt.float64))


def _as_is(table: ir.Table) -> ir.Table:
    return table


def kpi_table(
    *, cube: ir.Table, period: str, reused: Callable[[ir.Table], ir.Table] | None = None
) -> ir.Table:
    """All KPIs for every period x breakdown, including the AEO versus non-AEO differences.

    `reused` (an engine's `reused`) is given the intermediate tables that later steps read in several places:
    the cube's release-minute histogram (read twice: per hour, then the minutes of the hours reached) and the
    KPIs before the AEO differences (read three times).
    """
    keep = reused or _as_is
    totals = cube.filter(cube.part == TOTALS)
    totals = _rollup(totals.select("period", *CODED, **cube_sums(totals, _SUMS)), _SUMS)
    released = cube.filter((cube.part == HISTOGRAM) & cube.release_minute.notnull())
    quantiles = _quantiles(released, keep)
    quantile_names = [name for name in quantiles.columns if name not in KEYS]
    t = totals.left_join(quantiles, KEYS).select(totals, *(quantiles[name] for name in quantile_names))
    kpis = t.select(*KEYS, *_SUMS, **_measures(t))
    return _with_aeo_differences(keep(_labelled(kpis, period)))


def _hours(minutes: ir.Value) -> ir.FloatingValue:
    return minutes.cast("float64") / 60


def _measures(t: ir.Table) -> dict[str, ir.Value]:
    """Every measure but the money ones (computed exactly from the sums, see `kpi_records`)."""
    controls_targeted = t.controls_yellow + t.controls_red
    hits_targeted = t.hits_yellow + t.hits_red
    measures: dict[str, ir.Value] = {
        "volume": t.n,
        "advance_data_share": _ratio(t.advance, t.n),
        "risk_assessed_before_arrival_share": _ratio(t.risk_before, t.n),
        "released_within_24h_share": _ratio(t.within_24h, t.released),
        "inspection_rate": _ratio(t.inspected, t.n),
        "hit_rate": _ratio(t.hits, t.controlled),
        "nii_scan_rate": _ratio(t.nii, t.n),
        "de_minimis_share": _ratio(t.de_minimis, t.n),
        "return_rate": _ratio(t.returned, t.n),
        "data_quality_score": (
            _ratio(t.ok_timeliness, t.n)
            + _ratio(t.ok_accuracy, t.n)
            + _ratio(t.ok_completeness, t.n)
            + _ratio(t.ok_consistency, t.n)
        )
        / 4,
        "unreleased_at_period_end_share": _ratio(t.pending, t.n),
        "unreleased_age_mean_hours": _ratio(t.pending_age_us, t.pending) / _HOUR_US,
        **{f"lane_{v}_share": _ratio(t[f"lane_{v}"], t.n) for v in LANES},
        "lane_none_share": _ratio(t.n - sum((t[f"lane_{v}"] for v in LANES), ibis.literal(0)), t.n),
        **{f"hit_rate_{v}": _ratio(t[f"hits_{v}"], t[f"controls_{v}"]) for v in LANE_VALUES},
        "targeted_controls_share": _ratio(controls_targeted, t.controlled),
        "hit_rate_targeted": _ratio(hits_targeted, controls_targeted),
        "hit_rate_random": _ratio(t.hits - hits_targeted, t.controlled - controls_targeted),
        "inspection_hit_rate": _ratio(t.inspected_hits, t.inspected),
        "nii_hit_rate": _ratio(t.nii_hits, t.nii),
        "collection_rate": _ratio(t.collected_cents, t.duties_cents),
        **{f"collection_{m}_share": _ratio(t[f"model_{m}"], t.with_model) for m in COLLECTION_MODELS},
        "de_minimis_value_share": _ratio(t.de_minimis_cents, t.customs_cents),
    }
    for stage in STAGES:
        measures[f"{stage}_mean_hours"] = _ratio(t[f"{stage}_us"], t[f"{stage}_n"]) / _HOUR_US
        for name in _QUANTILES:
            measures[f"{stage}_{name}_hours"] = _hours(t[f"{stage}_{name}"])
    return {name: value for name, value in measures.items() if name in MEASURES}


def _with_aeo_differences(kpis: ir.Table) -> ir.Table:
    """AEO minus non-AEO, per period, on the 'all' rows (negative release time: AEO shipments go faster)."""
    by_aeo = kpis.filter(kpis.dimension == "aeo_status")
    aeo = by_aeo.filter(by_aeo.value == "aeo").select(
        period="period", aeo_median=by_aeo.release_time_median_hours, aeo_insp=by_aeo.inspection_rate
    )
    non = by_aeo.filter(by_aeo.value == "non_aeo").select(
        period="period", non_median=by_aeo.release_time_median_hours, non_insp=by_aeo.inspection_rate
    )
    diff = aeo.join(non, "period").select(
        period=aeo.period,
        aeo_release_time_difference_hours=aeo.aeo_median - non.non_median,
        aeo_inspection_rate_difference=aeo.aeo_insp - non.non_insp,
    )
    diff = diff.mutate(dimension=ibis.literal(ALL))
    joined = kpis.left_join(diff, ["period", "dimension"])
    return joined.select(kpis, diff.aeo_release_time_difference_hours, diff.aeo_inspection_rate_difference)


def kpi_expression(
    *,
    accepted: ir.Table,
    params: KpiParameters,
    cache: Callable[[ir.Table], ir.Table] | None = None,
    reused: Callable[[ir.Table], ir.Table] | None = None,
) -> ir.Table:
    """The KPI table expression; `cache` materialises the cube (an engine's `cache`) so roll-ups reread it, and
    `reused` (an engine's `reused`) the small tables the roll-ups read in several places."""
    cube = kpi_cube(rows=kpi_rows(accepted=accepted, params=params))
    if cache is not None:
        cube = cache(cube)
    return kpi_results(cube=cube, params=params, reused=reused)


def kpi_results(
    *, cube: ir.Table, params: KpiParameters, reused: Callable[[ir.Table], ir.Table] | None = None
) -> ir.Table:
    """The KPIs of a (materialised) cube, sorted by their keys."""
    return kpi_table(cube=cube, period=params.period, reused=reused).order_by(KEYS)


def _round(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "volume":
        return int(value)
    rounded = round(float(value), DECIMALS[name])
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in outputs


_CENT = Decimal("0.01")


def _money(cents: Any, divisor: Any = 1) -> float | None:
    """Whole cents (an exact sum) divided by `divisor`, in national currency, rounded half up to the cent."""
    if cents is None or not divisor:
        return None
    value = (Decimal(cents) / Decimal(divisor) / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
    return float(value) or 0.0


def _money_measures(row: dict[str, Any]) -> dict[str, float | None]:
    """The money measures from the group's exact sums of cents (never through a binary float)."""
    above = int(row["customs_cents"] or 0) - int(row["de_minimis_cents"] or 0)
    forgone = None
    if above:
        forgone = _money(
            Decimal(row["de_minimis_cents"] or 0) * Decimal(row["assessed_above_cents"] or 0), above
        )
    return {
        "revenue_assessed": _money(row["duties_cents"] or 0),
        "revenue_collected": _money(row["collected_cents"] or 0),
        "duties_taxes_per_shipment": _money(row["duties_cents"] or 0, row["n"]),
        "duty_forgone_estimate": forgone,
    }


def kpi_records(
    *, table: Any, params: KpiParameters, operators: dict[tuple[str, str, str], int] | None = None
) -> list[dict[str, Any]]:
    """Engine output (a pyarrow table) as sorted, rounded records, with empty periods filled in; groups of a
    breakdown with fewer than `params.min_operators` distinct operators (`operators`, see `kpi_operators`)
    suppressed."""
    records = []
    for row in table.to_pylist():
        values = {m: _round(m, row.get(m)) for m in MEASURES if m not in MONEY} | _money_measures(row)
        record = {**{k: row[k] for k in KEYS}, **{m: values[m] for m in MEASURES}, "suppressed": False}
        records.append(record)
    _suppress(records, operators or {}, params.min_operators)
    records += _empty_periods(records, params.period)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(records, key=lambda r: (r["period"] == ALL, r["period"], order[r["dimension"]], r["value"]))


def _suppress(records: list[dict[str, Any]], operators: dict[tuple[str, str, str], int], least: int) -> None:
    """Blank every measure of a breakdown's group that fewer than `least` operators make up (it could show one
    operator's figures), and the AEO differences of a period whose AEO or non-AEO group is blanked."""
    if least <= 1:
        return
    hidden_periods = set()
    for record in records:
        key = (record["period"], record["dimension"], record["value"])
        if record["dimension"] != ALL and operators.get(key, 0) < least:
            record.update({m: None for m in MEASURES}, suppressed=True)
            if record["dimension"] == "aeo_status" and record["value"] != "unknown":
                hidden_periods.add(record["period"])
    for record in records:
        if record["dimension"] == ALL and record["period"] in hidden_periods:
            record.update(aeo_release_time_difference_hours=None, aeo_inspection_rate_difference=None)


def kpi_operators(*, cube: ir.Table, params: KpiParameters) -> ir.Table:
    """Distinct operators (`operator_id`) of every period x breakdown group, keyed and labelled as the KPIs, from
    the cube's OPERATORS part (each cube key's distinct operators)."""
    keyed = _keyed(cube.filter(cube.part == OPERATORS), ("operator",))
    counts = keyed.group_by(KEYS).aggregate(operators=keyed.operator.nunique())
    return _labelled(counts, params.period)


def operators_by_group(table: Any) -> dict[tuple[str, str, str], int]:
    """`kpi_operators`'s result (a pyarrow table) as {(period, dimension, value): operators}."""
    return {(r["period"], r["dimension"], r["value"]): int(r["operators"]) for r in table.to_pylist()}


def _period_range(first: str, last: str, period: str) -> list[str]:
    def index(label: str) -> int:
        year, rest = label.split("-")
        return int(year) * 12 + (int(rest) - 1 if period == "month" else (int(rest[1:]) - 1) * 3)

    step = 1 if period == "month" else 3
    out = []
    for i in range(index(first), index(last) + 1, step):
        year, month0 = divmod(i, 12)
        out.append(f"{year}-{month0 + 1:02d}" if period == "month" else f"{year}-Q{month0 // 3 + 1}")
    return out


def _empty_periods(records: list[dict[str, Any]], period: str) -> list[dict[str, Any]]:
    """Periods inside the covered span with no accepted shipment: volume 0, every rate undefined."""
    seen = sorted({r["period"] for r in records if r["period"] != ALL})
    if not seen:
        return []
    missing = sorted(set(_period_range(seen[0], seen[-1], period)) - set(seen))
    return [
        {
            "period": p,
            "dimension": ALL,
            "value": ALL,
            **{m: (0 if m == "volume" else None) for m in MEASURES},
            "suppressed": False,
        }
        for p in missing
    ]
