"""The mutual recognition network: a node-link layout computed here, drawn by Vega-Lite as rules + points + text.

Members sit on a circle grouped by WCO region (a gap between regions); a plurilateral arrangement is a hub inside
the circle linked to each party. Edges are dashed while an arrangement is under negotiation and coloured when it
covers e-commerce stakeholders.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from clearway.aeo.models import MraKind, MraStatus, MutualRecognition
from clearway.core.charts import PALETTE, chart_item_description
from clearway.core.i18n import localized
from clearway.members.models import Member

REGION_GAP = 0.6  # empty slots left between two regions on the circle
HUB_RADIUS = 0.45
LABEL_RADIUS = 1.13


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    kind: str  # "member" or "hub"
    region: str
    x: float
    y: float
    label_x: float
    label_y: float
    title: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    x: float
    y: float
    x2: float
    y2: float
    status: str
    covers_ecommerce: bool
    title: str


@dataclass(frozen=True)
class NetworkLayout:
    nodes: list[Node]
    edges: list[Edge]


def _member_key(member: Member) -> str:
    return f"m:{member.iso3}"


def _circle_positions(members: list[Member]) -> dict[str, tuple[float, float, float]]:
    """Angle slots for each Member, regions kept together in the WCO region order, a gap between regions."""
    ordered = sorted(members, key=lambda m: (m.region.order, m.region.code, m.name_en))
    slots: list[float] = []
    position, previous_region = 0.0, None
    for member in ordered:
        if previous_region is not None and member.region_id != previous_region:
            position += REGION_GAP
        slots.append(position)
        previous_region = member.region_id
        position += 1
    total = max(position, 1.0)
    result = {}
    for member, slot in zip(ordered, slots, strict=True):
        angle = math.pi / 2 - 2 * math.pi * slot / total  # clockwise from the top
        result[_member_key(member)] = (math.cos(angle), math.sin(angle), angle)
    return result


def mra_network_layout(*, mras: Iterable[MutualRecognition]) -> NetworkLayout:
    arrangements = list(mras)
    members: dict[int, Member] = {}
    for mra in arrangements:
        for programme in mra.programmes.all():
            members[programme.member_id] = programme.member
    positions = _circle_positions(list(members.values()))
    nodes = [
        Node(
            key=_member_key(m),
            label=m.iso3,
            kind="member",
            region=m.region.code,
            x=round(x, 4),
            y=round(y, 4),
            label_x=round(LABEL_RADIUS * math.cos(a), 4),
            label_y=round(LABEL_RADIUS * math.sin(a), 4),
            title=m.name,
        )
        for m in members.values()
        for x, y, a in [positions[_member_key(m)]]
    ]
    edges: list[Edge] = []
    for mra in arrangements:
        parties = sorted({_member_key(p.member) for p in mra.programmes.all()})
        if mra.kind == MraKind.BILATERAL and len(parties) == 2:
            edges.append(_edge(mra, parties[0], parties[1], positions[parties[0]], positions[parties[1]]))
            continue
        hub = _hub_node(mra, [positions[p] for p in parties])
        nodes.append(hub)
        hub_pos = (hub.x, hub.y, 0.0)
        edges.extend(_edge(mra, hub.key, party, hub_pos, positions[party]) for party in parties)
    nodes.sort(key=lambda n: n.key)
    return NetworkLayout(nodes=nodes, edges=edges)


def _hub_node(mra: MutualRecognition, points: list[tuple[float, float, float]]) -> Node:
    mean_x = sum(p[0] for p in points) / len(points)
    mean_y = sum(p[1] for p in points) / len(points)
    norm = math.hypot(mean_x, mean_y) or 1.0
    x, y = HUB_RADIUS * mean_x / norm, HUB_RADIUS * mean_y / norm
    name = localized(mra, "name") or _("Plurilateral arrangement")
    return Node(
        key=f"h:{mra.pk}",
        label=name,
        kind="hub",
        region="",
        x=round(x, 4),
        y=round(y, 4),
        label_x=round(x, 4),
        label_y=round(y - 0.07, 4),
        title=name,
    )


def _edge(
    mra: MutualRecognition,
    source: str,
    target: str,
    a: tuple[float, float, float],
    b: tuple[float, float, float],
) -> Edge:
    return Edge(
        source=source,
        target=target,
        x=round(a[0], 4),
        y=round(a[1], 4),
        x2=round(b[0], 4),
        y2=round(b[1], 4),
        status=mra.status,
        covers_ecommerce=mra.covers_ecommerce,
        title=mra.label,
    )


def mra_network_chart(*, layout: NetworkLayout, width: int = 640) -> alt.LayerChart:
    """A layered Vega-Lite chart (rules, points, labels) of the layout, with legends in the reader's language."""
    status_labels = {
        MraStatus.SIGNED.value: _("Signed"),
        MraStatus.UNDER_NEGOTIATION.value: _("Under negotiation"),
    }
    scope_yes, scope_no = _("Covers e-commerce stakeholders"), _("Other operators only")
    # Screen readers are told what each line and point stands for (a description per row), not its coordinates;
    # the labels beside the points repeat the points' names and are hidden from them.
    edge_rows = [
        {
            "x": e.x,
            "y": e.y,
            "x2": e.x2,
            "y2": e.y2,
            "status": status_labels[e.status],
            "scope": scope_yes if e.covers_ecommerce else scope_no,
            "arrangement": e.title,
            "description": chart_item_description(
                [
                    (_("Arrangement"), e.title),
                    (_("Status"), status_labels[e.status]),
                    (_("Scope"), scope_yes if e.covers_ecommerce else scope_no),
                ]
            ),
        }
        for e in layout.edges
    ]
    node_rows = [
        {
            "x": n.x,
            "y": n.y,
            "lx": n.label_x,
            "ly": n.label_y,
            "label": n.label,
            "name": n.title,
            "region": n.region or _("Plurilateral"),
            "kind": n.kind,
            "description": chart_item_description(
                [(_("Member"), n.title), (_("Region"), n.region or _("Plurilateral"))]
            ),
        }
        for n in layout.nodes
    ]
    scale = alt.Scale(domain=[-1.3, 1.3])
    axis_x = alt.X("x:Q", axis=None, scale=scale)
    axis_y = alt.Y("y:Q", axis=None, scale=scale)
    edges = (
        alt.Chart(alt.Data(values=edge_rows))
        .mark_rule(strokeWidth=1.6, opacity=0.8)
        .encode(
            x=axis_x,
            y=axis_y,
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "scope:N",
                title=_("Scope"),
                scale=alt.Scale(domain=[scope_yes, scope_no], range=[PALETTE[3], "#9aa5b1"]),
            ),
            strokeDash=alt.StrokeDash(
                "status:N",
                title=_("Status"),
                scale=alt.Scale(domain=list(status_labels.values()), range=[[1, 0], [5, 4]]),
            ),
            tooltip=[
                alt.Tooltip("arrangement:N", title=_("Arrangement")),
                alt.Tooltip("status:N", title=_("Status")),
            ],
            description=alt.Description("description:N"),
        )
    )
    points = (
        alt.Chart(alt.Data(values=node_rows))
        .mark_point(filled=True, size=140, opacity=1)
        .encode(
            x=axis_x,
            y=axis_y,
            fill=alt.Fill("region:N", title=_("Region"), scale=alt.Scale(range=PALETTE)),
            shape=alt.Shape(
                "kind:N", legend=None, scale=alt.Scale(domain=["member", "hub"], range=["circle", "diamond"])
            ),
            tooltip=[alt.Tooltip("name:N", title=_("Member")), alt.Tooltip("region:N", title=_("Region"))],
            description=alt.Description("description:N"),
        )
    )
    labels = (
        alt.Chart(alt.Data(values=node_rows))
        .mark_text(fontSize=10, fontWeight="bold", aria=False)
        .encode(
            x=alt.X("lx:Q", axis=None, scale=scale),
            y=alt.Y("ly:Q", axis=None, scale=scale),
            text="label:N",
        )
    )
    chart = alt.layer(edges, points, labels).properties(width=width, height=width)
    return chart.configure_view(stroke=None).configure_legend(orient="right", labelLimit=260)


def mra_network_spec_rows(*, layout: NetworkLayout) -> list[dict[str, Any]]:
    """The edges as rows (for a table beside the chart, so the network stays readable without the picture)."""
    labels = {n.key: n.label for n in layout.nodes}
    return [
        {
            "from": labels[e.source],
            "to": labels[e.target],
            "status": e.status,
            "covers_ecommerce": e.covers_ecommerce,
        }
        for e in layout.edges
    ]


def annex_coverage_chart(*, annex: Any, width: int = 560) -> alt.Chart:
    """Stacked bars: for each stakeholder type, respondents covering it now, planning, studying, not planning."""
    kinds = [
        ("covered", _("Covered now")),
        ("planned", _("Planned")),
        ("under_study", _("Under study")),
        ("not_planned", _("Not planned")),
    ]
    rows = [
        {"stakeholder": s.label, "answer": label, "count": getattr(s, attr).count}
        for s in annex.stakeholders
        for attr, label in kinds
    ]
    # Fields titled for screen readers ("Stakeholder type: Platforms; Answer: Planned"), the y axis untitled.
    stakeholder, respondents = _("Stakeholder type"), _("Respondents")
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "stakeholder:N",
                title=stakeholder,
                sort=[s.label for s in annex.stakeholders],
                axis=alt.Axis(labelLimit=320, title=None),
            ),
            x=alt.X("count:Q", title=respondents, stack="zero"),
            color=alt.Color(
                "answer:N",
                title=_("Answer"),
                sort=[label for _a, label in kinds],  # also the order in which the bars are stacked
                scale=alt.Scale(
                    domain=[label for _a, label in kinds],
                    range=[PALETTE[2], PALETTE[0], PALETTE[1], "#c3cad2"],
                ),
            ),
            tooltip=[
                alt.Tooltip("stakeholder:N", title=stakeholder),
                alt.Tooltip("answer:N", title=_("Answer")),
                alt.Tooltip("count:Q", title=respondents),
            ],
        )
        .properties(width=width, height=260)
    )
