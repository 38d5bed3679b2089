"""The timeline of activities as a server-rendered Vega-Lite chart."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

from clearway.capacity.facts import ActivityFacts
from clearway.core.charts import PALETTE, chart_theme, chart_to_svg


def activity_timeline_svg(facts: list[ActivityFacts]) -> str:
    if not facts:
        return ""
    rows = [
        {
            "title": f.title[:70] + (" *" if f.illustrative else ""),
            "start": f.start_date.isoformat(),
            "end": f.end_date.isoformat(),
            "kind": f.kind,
            "dates": f.dates,
        }
        for f in facts
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(size=12, cornerRadius=2)
        .encode(
            x=alt.X("start:T", title=_("Dates")),
            x2="end:T",
            y=alt.Y("title:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
            color=alt.Color("kind:N", title=_("Kind"), scale=alt.Scale(range=PALETTE)),
            tooltip=["title:N", "dates:N", "kind:N"],
        )
        .properties(width=520, height=max(60, 22 * len(rows)))
    )
    return chart_to_svg(chart_theme(chart))
