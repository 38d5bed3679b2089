"""Charts of a KPI result over time (Vega-Lite via clearway.core.charts): shipments per period by channel, and the
median release time per period, AEO against other operators."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from clearway.core.charts import PALETTE, chart_theme, chart_to_svg


def _order(rows: list[dict[str, Any]]) -> list[str]:
    """The values' labels in the order the rows give them (the contract's order, see selectors.VALUE_LABELS)."""
    return list(dict.fromkeys(str(r["label"]) for r in rows))


def volume_chart_svg(rows: list[dict[str, Any]], *, periods: list[str]) -> str:
    """Stacked bars: shipments per period, split by channel; `periods` all the periods covered, so that one
    without shipments shows as an empty place on the axis. '' when there is nothing to draw."""
    if not rows:
        return ""
    period, shipments, channel = _("Period"), _("Shipments"), _("Channel")
    labels = _order(rows)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=period, scale=alt.Scale(domain=periods), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("measure:Q", title=shipments, stack="zero", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "label:N",
                title=channel,
                sort=labels,  # also the order in which the bars are stacked
                scale=alt.Scale(domain=labels, range=PALETTE[: len(labels)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=period),
                alt.Tooltip("label:N", title=channel),
                alt.Tooltip("measure:Q", title=shipments, format=",d"),
            ],
        )
        .properties(width=520, height=220)
    )
    return chart_to_svg(chart_theme(chart))


def release_chart_svg(rows: list[dict[str, Any]], *, periods: list[str]) -> str:
    """Lines: the median release time per period for AEO operators and the others ('' when there is none), on
    an axis of all the periods covered."""
    if not rows:
        return ""
    period, hours, status = _("Period"), _("Release time, median (hours)"), _("AEO status")
    labels = _order(rows)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=period, scale=alt.Scale(domain=periods), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("measure:Q", title=hours, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "label:N",
                title=status,
                sort=labels,
                scale=alt.Scale(domain=labels, range=PALETTE[: len(labels)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=period),
                alt.Tooltip("label:N", title=status),
                alt.Tooltip("measure:Q", title=hours, format=".2f"),
            ],
        )
        .properties(width=520, height=220)
    )
    return chart_to_svg(chart_theme(chart))
