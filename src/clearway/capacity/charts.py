"""The timeline of activities as a server-rendered Vega-Lite chart."""

from __future__ import annotations

import datetime
import math
from typing import Any, cast

import altair as alt
from django.utils.translation import gettext as _

from clearway.capacity.facts import ActivityFacts
from clearway.core.charts import PALETTE, chart_item_description, chart_svg_of, chart_theme


def activity_timeline_svg(facts: list[ActivityFacts]) -> str:
    if not facts:
        return ""
    activity, dates = _("Activity"), _("Dates")
    rows = [
        {
            "title": _bar_label(f),
            "start": f.start_date.isoformat(),
            "end": f.end_date.isoformat(),
            "kind": f.kind,
            "dates": f.dates,
            # what a screen reader says of the bar and of its marker: the activity and its dates as written
            "description": chart_item_description([(activity, _bar_label(f)), (dates, f.dates)]),
        }
        for f in facts
    ]
    return chart_svg_of(_timeline_drawing, rows=rows)


def _timeline_drawing(*, rows: list[dict[str, Any]]) -> alt.TopLevelMixin:
    activity, dates, kind = _("Activity"), _("Dates"), _("Kind")
    # Fields are titled for screen readers (axes and legend), the axes themselves untitled.
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("title:N", sort=None, title=activity, axis=alt.Axis(labelLimit=300, title=None)),
        description=alt.Description("description:N"),
        color=alt.Color(
            "kind:N",
            title=kind,
            scale=alt.Scale(range=PALETTE),
            legend=alt.Legend(orient="bottom", columnPadding=24, labelLimit=360),
        ),
        tooltip=[
            alt.Tooltip("title:N", title=activity),
            alt.Tooltip("dates:N", title=dates),
            alt.Tooltip("kind:N", title=kind),
        ],
    )
    first, last, step = _month_ticks(rows)
    # Ticks on the first of a month only, every `step` months: each label names its month once.
    axis = alt.Axis(
        format="%Y" if step >= 12 else "%b %Y",
        labelAngle=0,
        title=None,
        tickCount={"interval": "month", "step": step},
    )
    start = alt.X("start:T", title=dates, axis=axis, scale=alt.Scale(domain=[first, last]))
    bars = base.mark_bar(size=12, cornerRadius=2).encode(x=start, x2="end:T")
    # A workshop of a few days is a sliver on a multi-year axis: a marker at its start keeps it visible.
    starts = base.mark_point(filled=True, size=45, opacity=1).encode(x=start)
    # Padding leaves room for labels a reader's browser draws wider than the server measured them.
    chart = alt.layer(bars, starts).properties(
        width=520, height=max(60, 22 * len(rows)), padding={"left": 40, "right": 20, "top": 5, "bottom": 5}
    )
    # chart_theme only calls configure_* methods, which layered charts have as well.
    return chart_theme(cast(alt.Chart, chart)).configure(font="DejaVu Sans")


MAX_TICKS = 8  # month labels that fit side by side under the 520-pixel-wide chart


def _month_ticks(rows: list[dict[str, Any]]) -> tuple[str, str, int]:
    """The axis from the first of the first activity's month to the first of the month after the last one ends,
    and the months between two ticks (1, 2, 3, 6, or whole years) that keep at most MAX_TICKS labels."""
    first = datetime.date.fromisoformat(min(r["start"] for r in rows)).replace(day=1)
    end = datetime.date.fromisoformat(max(r["end"] for r in rows))
    last = datetime.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in (1, 2, 3, 6) if months / s <= MAX_TICKS), 12 * math.ceil(months / 12 / MAX_TICKS))
    return first.isoformat(), last.isoformat(), step


def _bar_label(f: ActivityFacts) -> str:
    """Short enough to read beside a bar: kind, where (region or organiser), month; * marks illustrative rows."""
    where = "/".join(f.region_codes) or f.organiser
    return f"{f.kind} · {where} · {f.start_date:%m/%Y}" + (" *" if f.illustrative else "")
