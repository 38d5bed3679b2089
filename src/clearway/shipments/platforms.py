"""Top e-commerce platforms, by the data's own `platform` field: volume, release time and data quality.

Over all periods, the `TOP` platforms with the most accepted shipments (ties by name), each with its share of the
volume, release-time median and 90th percentile (nearest rank, in minutes, as the KPIs), share released within
24 hours, advance-data share and data-quality score. A platform whose shipments fewer than
`KpiParameters.min_operators` distinct operators carried is listed with its figures blanked (`suppressed`),
as a breakdown's group is: they could show one operator's figures.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from clearway.shipments.contract import Dimension
from clearway.shipments.kpis import (
    PLATFORM_HISTOGRAM,
    PLATFORM_SUMS,
    PLATFORM_TOTALS,
    KpiParameters,
    cube_sums,
)

TOP = 10
FIGURES = (
    "volume",
    "volume_share",
    "release_time_median_hours",
    "release_time_p90_hours",
    "released_within_24h_share",
    "advance_data_share",
    "data_quality_score",
)


def platform_totals(*, cube: ir.Table) -> ir.Table:
    """Per platform: shipments, released, within 24 h, advance data, rows without a defect per dimension and
    distinct operators (the cube's PLATFORM_TOTALS part, see kpis.kpi_cube)."""
    totals = cube.filter(cube.part == PLATFORM_TOTALS)
    return totals.select("platform", "operators", **cube_sums(totals, PLATFORM_SUMS))


def platform_quantiles(*, cube: ir.Table) -> ir.Table:
    """Per platform, the nearest-rank median and 90th percentile of the release minute, from the cube's
    PLATFORM_HISTOGRAM part (shipments per platform and release minute)."""
    hist = cube.filter(cube.part == PLATFORM_HISTOGRAM)
    running = ibis.window(group_by="platform", order_by="release_minute", preceding=None, following=0)
    ranked = hist.mutate(
        cum=hist.n.sum().over(running), total=hist.n.sum().over(ibis.window(group_by="platform"))
    )
    cum, total = ranked.cum.cast("float64"), ranked.total.cast("float64")
    return ranked.group_by("platform").aggregate(
        median=ranked.release_minute.min(where=cum >= total * 0.5),
        p90=ranked.release_minute.min(where=cum >= total * 0.9),
    )


def platform_records(
    *, totals: Any, quantiles: Any, volume: int, params: KpiParameters
) -> list[dict[str, Any]]:
    """The top platforms (pyarrow tables of `platform_totals` and `platform_quantiles`) as sorted records."""
    minutes = {r["platform"]: r for r in quantiles.to_pylist()}
    rows = sorted(totals.to_pylist(), key=lambda r: (-int(r["n"]), str(r["platform"])))[:TOP]
    return [_record(row, minutes.get(row["platform"], {}), volume, params) for row in rows]


def _share(num: Any, den: Any) -> float | None:
    return round(int(num or 0) / int(den), 4) if den else None


def _record(
    row: dict[str, Any], minutes: dict[str, Any], volume: int, params: KpiParameters
) -> dict[str, Any]:
    n = int(row["n"])
    if int(row["operators"]) < params.min_operators:
        return {"platform": row["platform"], **dict.fromkeys(FIGURES), "suppressed": True}
    quality = [int(row[f"ok_{d}"] or 0) / n for d in Dimension]  # n > 0: a platform's row counts shipments

    def hours(minute: Any) -> float | None:
        return None if minute is None else round(int(minute) / 60, 2)

    return {
        "platform": row["platform"],
        "volume": n,
        "volume_share": _share(n, volume),
        "release_time_median_hours": hours(minutes.get("median")),
        "release_time_p90_hours": hours(minutes.get("p90")),
        "released_within_24h_share": _share(row["within_24h"], row["released"]),
        "advance_data_share": _share(row["advance"], n),
        "data_quality_score": round(sum(quality) / len(quality), 4),
        "suppressed": False,
    }
