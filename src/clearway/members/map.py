"""The programme on a world map: one value per WCO Member drawn as a choropleth on the server like every other
chart, and the same values as a table for screen readers and for the Members too small to draw. This module
knows the boundaries and draws; what each map shows (assessment status or score, survey response, workshops) is
put together above the domain apps, in `reports/programme_map.py`. Boundaries: Natural Earth 1:110m countries
(public domain) as TopoJSON, shipped with Clearway in `data/countries-110m.json` (see `data/BOUNDARIES.md`);
never fetched at run time.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import pycountry
from django.utils.translation import gettext as _

from clearway.core.charts import chart_item_description, chart_svg_of, chart_theme
from clearway.members.models import Member

BOUNDARIES = Path(__file__).resolve().parent / "data" / "countries-110m.json"
# Boundaries the file gives no ISO 3166 numeric code, matched by the name it gives them.
UNCODED_BOUNDARIES = {"Kosovo": "XKX"}
ANTARCTICA = "010"
NO_DATA = "#BDBDBD"  # Members with nothing to show; countries that are not Members are lighter still
OUTSIDE = "#EFEFEF"


@dataclass(frozen=True)
class MapCategory:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class MapRow:
    member: Member
    category: str  # a MapCategory key ("" on the score map)
    label: str  # the value as the table and the map's tooltip say it
    score: float | None = None
    drawn: bool = True  # False: no boundary at 1:110m (small island states, territories, the European Union)


@dataclass
class ProgrammeMap:
    measure: str
    legend: str
    rows: list[MapRow]
    categories: list[MapCategory] = field(default_factory=list)  # empty on the score map

    @property
    def not_drawn(self) -> list[MapRow]:
        return [row for row in self.rows if not row.drawn]

    def counts(self) -> list[tuple[MapCategory, int]]:
        """How many Members fall in each category, in the legend's order."""
        return [(c, sum(1 for r in self.rows if r.category == c.key)) for c in self.categories]


# ---------------------------------------------------------------- boundaries


@functools.cache
def boundary_topology() -> str:
    """The TopoJSON of the boundary file, each country tagged with its ISO 3166 alpha-3 code (`properties.iso3`)."""
    topology = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    alpha3 = {country.numeric: country.alpha_3 for country in pycountry.countries}
    shapes = topology["objects"]["countries"]["geometries"]
    # Antarctica is no Member's and would take a fifth of the map.
    shapes[:] = [shape for shape in shapes if shape.get("id") != ANTARCTICA]
    for shape in shapes:
        properties = shape.setdefault("properties", {})
        properties["iso3"] = alpha3.get(
            shape.get("id", ""), UNCODED_BOUNDARIES.get(properties.get("name"), "")
        )
    return json.dumps(topology, separators=(",", ":"))


@functools.cache
def boundary_codes() -> frozenset[str]:
    """The ISO alpha-3 codes of the countries the boundary file draws."""
    shapes = json.loads(boundary_topology())["objects"]["countries"]["geometries"]
    return frozenset(s["properties"]["iso3"] for s in shapes if s["properties"]["iso3"])


@functools.cache
def _boundary_digest() -> str:
    return hashlib.sha256(BOUNDARIES.read_bytes()).hexdigest()[:16]


# ---------------------------------------------------------------- the drawing


def programme_map_svg(*, programme: ProgrammeMap) -> str:
    """The map as SVG, cached by what it shows (chart_svg_of)."""
    member_title = _("Member")
    rows = [
        {
            "iso3": row.member.iso3,
            "name": row.member.name,
            "value": row.label,
            "category": next((c.label for c in programme.categories if c.key == row.category), ""),
            "score": row.score,
            "description": chart_item_description(
                [(member_title, row.member.name), (programme.legend, row.label)]
            ),
        }
        for row in programme.rows
        if row.drawn and (programme.categories or row.score is not None)
    ]
    return chart_svg_of(
        _map_drawing,
        rows=rows,
        legend=programme.legend,
        categories=[[c.label, c.colour] for c in programme.categories],
        boundaries=_boundary_digest(),  # a new boundary file draws anew, even from a shared cache
    )


def _map_drawing(
    *, rows: list[dict[str, Any]], legend: str, categories: list[list[str]], boundaries: str
) -> alt.TopLevelMixin:
    countries = alt.InlineData(
        values=boundary_topology(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    # Each country is drawn once: coloured when a Member with a value to show, in the background colour if not.
    looked_up = alt.Chart(countries).transform_lookup(
        lookup="properties.iso3",
        from_=alt.LookupData(
            data=alt.Data(values=rows),
            key="iso3",
            fields=["name", "value", "category", "score", "description"],
        ),
    )
    outside = looked_up.transform_filter("!isValid(datum.name)").mark_geoshape(
        fill=OUTSIDE, stroke="#FFFFFF", strokeWidth=0.4, aria=False
    )
    members = (
        looked_up.transform_filter("isValid(datum.name)")
        .mark_geoshape(stroke="#FFFFFF", strokeWidth=0.4)
        .encode(
            color=_map_colour(legend=legend, categories=categories),
            description=alt.Description("description:N"),
            tooltip=[alt.Tooltip("name:N", title=_("Member")), alt.Tooltip("value:N", title=legend)],
        )
    )
    chart = alt.layer(outside, members).project(type="equalEarth").properties(width=760, height=400)
    return chart_theme(chart)  # type: ignore[arg-type]


def _map_colour(*, legend: str, categories: list[list[str]]) -> alt.Color:
    """One colour per category ([label, colour] pairs, legend order), or a 0-100 blue scale for scores."""
    if not categories:
        return alt.Color(
            "score:Q",
            title=legend,
            scale=alt.Scale(domain=[0, 100], scheme="blues"),
            legend=alt.Legend(orient="bottom", gradientLength=260),
        )
    return alt.Color(
        "category:N",
        title=legend,
        scale=alt.Scale(domain=[c[0] for c in categories], range=[c[1] for c in categories]),
        legend=alt.Legend(orient="bottom", columns=3, labelLimit=320, symbolType="square"),
    )
