"""Scorecard and heat-map charts (Vega-Lite via clearway.core.charts), SVG on pages."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from clearway.assessments.scoring import Scorecard
from clearway.core.charts import PALETTE, chart_svg_of, chart_theme
from clearway.core.i18n import localized


def scorecard_chart(
    *,
    card: Scorecard,
    medians: dict[str, float | None] | None = None,
    region_medians: dict[str, float | None] | None = None,
) -> str:
    """One bar per standard (0-100), with the medians of all Members and of the Member's region as ticks where
    they may be shown."""
    rows = [
        {
            "standard": f"{s.standard.number}. {localized(s.standard, 'title')}"[:60],
            "score": s.score,
            "median": (medians or {}).get(s.standard.key),
            "region_median": (region_medians or {}).get(s.standard.key),
        }
        for s in card.standards
        if s.score is not None
    ]
    if not rows:
        return ""
    return chart_svg_of(_scorecard_drawing, rows=rows)


def _scorecard_drawing(*, rows: list[dict[str, Any]]) -> alt.TopLevelMixin:
    order = [str(r["standard"]) for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("standard:N", sort=order, title=_("Standard"), axis=alt.Axis(labelLimit=320, title=None)),
    )
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=_("Score (0-100)")),
        tooltip=[alt.Tooltip("standard:N", title=_("Standard")), alt.Tooltip("score:Q", title=_("Score"))],
    )
    layers: Any = bars
    if any(r["median"] is not None for r in rows):
        ticks = base.mark_tick(color=PALETTE[3], thickness=3, size=18).encode(x="median:Q")
        layers = layers + ticks
    if any(r["region_median"] is not None for r in rows):
        region_ticks = base.mark_tick(color=PALETTE[1], thickness=2, size=12).encode(x="region_median:Q")
        layers = layers + region_ticks
    return chart_theme(layers.properties(width=420, height=max(80, 22 * len(rows))))


def heatmap_chart(*, rows: list[dict[str, Any]]) -> str:
    """Members x standards; rows are {member, standard, score} with score None when not disclosed or not scored."""
    if all(r["score"] is None for r in rows):
        return ""
    return chart_svg_of(_heatmap_drawing, rows=rows)


def _heatmap_drawing(*, rows: list[dict[str, Any]]) -> alt.TopLevelMixin:
    values = [r for r in rows if r["score"] is not None]
    members = list(dict.fromkeys(r["member"] for r in rows))
    standards = list(dict.fromkeys(r["standard"] for r in rows))
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_rect()
        .encode(
            x=alt.X("standard:O", sort=standards, title=_("Standard")),
            # titled for screen readers (each square says "Member: …"), the axis itself untitled
            y=alt.Y("member:N", sort=members, title=_("Member"), axis=alt.Axis(title=None)),
            color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 100], scheme="blues"), title=_("Score")),
            tooltip=[
                alt.Tooltip("member:N", title=_("Member")),
                alt.Tooltip("standard:O", title=_("Standard")),
                alt.Tooltip("score:Q", title=_("Score")),
            ],
        )
        .properties(width=max(200, 26 * len(standards)), height=max(60, 16 * len(members)))
    )
    return chart_theme(chart)
