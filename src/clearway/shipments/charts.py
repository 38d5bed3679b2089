"""Charts of a KPI result over time (Vega-Lite via clearway.core.charts): shipments per period by channel, and the
median release time per period, AEO against other operators."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from clearway.core.charts import PALETTE, chart_theme, chart_to_svg
from clearway.shipments import selectors
from clearway.shipments.models import KpiResult


def kpi_result_charts_svg(*, kpi_result: KpiResult) -> tuple[str, str]:
    """The result page's two charts: shipments per period by channel; median release time per period, AEO
    operators against the others (operators of unknown status left out)."""
    periods = selectors.kpi_result_periods(kpi_result=kpi_result)
    volume = selectors.kpi_result_series(kpi_result=kpi_result, dimension="channel", measure="volume")
    release = selectors.kpi_result_series(
        kpi_result=kpi_result, dimension="aeo_status", measure="release_time_median_hours"
    )
    return (
        volume_chart_svg(volume, periods=periods),
        release_chart_svg([row for row in release if row["value"] != "unknown"], periods=periods),
    )


def volume_chart_svg(rows: list[dict[str, Any]], *, periods: list[str]) -> str:
    """Stacked bars: shipments per period, split by channel; `periods` all the periods covered, so that one
    without shipments shows as an empty place on the axis. '' when there is nothing to draw."""
    if not rows:
        return ""
    base = _over_periods(rows, periods=periods, measure=_("Shipments"), values=_("Channel"), number=",d")
    bars = base.mark_bar().encode(
        y=alt.Y("measure:Q", title=_("Shipments"), stack="zero", axis=alt.Axis(format=",d"))
    )
    return chart_to_svg(chart_theme(bars))


def release_chart_svg(rows: list[dict[str, Any]], *, periods: list[str]) -> str:
    """Lines: the median release time per period for AEO operators and the others ('' when there is none), on
    an axis of all the periods covered."""
    if not rows:
        return ""
    hours = _("Release time, median (hours)")
    base = _over_periods(rows, periods=periods, measure=hours, values=_("AEO status"), number=".2f")
    lines = base.mark_line(point=True).encode(y=alt.Y("measure:Q", title=hours, scale=alt.Scale(zero=True)))
    return chart_to_svg(chart_theme(lines))


def _over_periods(
    rows: list[dict[str, Any]], *, periods: list[str], measure: str, values: str, number: str
) -> alt.Chart:
    """The part both charts share: periods across, one colour per value (in the order the rows give them, the
    contract's order, see selectors.VALUE_LABELS), titled tooltips; the caller adds the mark and the y axis."""
    period = _("Period")
    labels = list(dict.fromkeys(str(r["label"]) for r in rows))
    return (
        alt.Chart(alt.Data(values=rows))
        .encode(
            x=alt.X("period:O", title=period, scale=alt.Scale(domain=periods), axis=alt.Axis(labelAngle=-45)),
            color=alt.Color(
                "label:N",
                title=values,
                sort=labels,  # also the order in which bars are stacked
                scale=alt.Scale(domain=labels, range=PALETTE[: len(labels)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=period),
                alt.Tooltip("label:N", title=values),
                alt.Tooltip("measure:Q", title=measure, format=number),
            ],
        )
        .properties(width=520, height=220)
    )
