"""The programme on a world map: one value per WCO Member (assessment status or overall score in a cycle, response
to a survey, workshops attended), drawn as a choropleth on the server like every other chart, and the same values
as a table for screen readers and for the Members too small to draw.

Each value is read through the selectors of the app that owns it, so the map shows what the reader may see and
nothing more: another Member's draft assessment or survey response is "not shown", as on the cycle and survey
pages. Boundaries: Natural Earth 1:110m countries (public domain) as TopoJSON, shipped with Clearway in
`data/countries-110m.json` (see `data/BOUNDARIES.md`); never fetched at run time.
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
from django.db.models import Q, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clearway.assessments.models import AssessmentCycle, AssessmentStatus
from clearway.assessments.selectors import assessment_list_for_user, cycle_heatmap
from clearway.capacity.models import ActivityKind, ActivityStatus
from clearway.capacity.selectors import activity_queryset
from clearway.core.charts import PALETTE, chart_item_description, chart_svg_of, chart_theme
from clearway.core.viewers import viewer_is_secretariat, viewer_member_id
from clearway.members.models import Member
from clearway.members.selectors import member_list
from clearway.surveys.models import ResponseState, Survey
from clearway.surveys.selectors import response_list

BOUNDARIES = Path(__file__).resolve().parent / "data" / "countries-110m.json"
# Boundaries the file gives no ISO 3166 numeric code, matched by the name it gives them.
UNCODED_BOUNDARIES = {"Kosovo": "XKX"}
ANTARCTICA = "010"
WORKSHOP_KINDS = [
    ActivityKind.NATIONAL_WORKSHOP,
    ActivityKind.REGIONAL_WORKSHOP,
    ActivityKind.SUBREGIONAL_WORKSHOP,
]
NO_DATA = "#BDBDBD"  # Members with nothing to show; countries that are not Members are lighter still
OUTSIDE = "#EFEFEF"


class MapMeasure(TextChoices):
    STATUS = "status", gettext_lazy("Assessment status in a cycle")
    SCORE = "score", gettext_lazy("Overall score in a cycle")
    SURVEY = "survey", gettext_lazy("Response to a survey")
    WORKSHOPS = "workshops", gettext_lazy("Workshops attended")


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


# ---------------------------------------------------------------- what each map shows


def programme_map(
    *, viewer: Any, measure: str, cycle: AssessmentCycle | None = None, survey: Survey | None = None
) -> ProgrammeMap:
    """Every Member the viewer may see with its value for `measure` (a MapMeasure), as the viewer may see it.

    `cycle` is needed for the status and score maps, `survey` for the survey map; without them, every Member
    has nothing to show.
    """
    members = sorted(member_list(viewer=viewer), key=lambda m: m.name.casefold())
    if measure == MapMeasure.SCORE:
        return _score_map(viewer=viewer, members=members, cycle=cycle)
    if measure == MapMeasure.SURVEY:
        categories, values = _survey_values(viewer=viewer, survey=survey)
        legend = _("Response")
    elif measure == MapMeasure.WORKSHOPS:
        categories, values = _workshop_values(viewer=viewer)
        legend = _("Workshops")
    else:
        categories, values = _status_values(viewer=viewer, cycle=cycle)
        legend = _("Status")
    labels = {c.key: c.label for c in categories}
    drawn = boundary_codes()
    rows = []
    for member in members:
        key, label = values.get(member.pk, (categories[-1].key, ""))
        rows.append(MapRow(member, key, label or labels[key], drawn=member.iso3 in drawn))
    return ProgrammeMap(measure=measure, legend=legend, rows=rows, categories=categories)


Values = dict[int, tuple[str, str]]  # Member id -> (category key, label when it says more than the category)


def _status_values(*, viewer: Any, cycle: AssessmentCycle | None) -> tuple[list[MapCategory], Values]:
    colours = {
        AssessmentStatus.VALIDATED: PALETTE[2],
        AssessmentStatus.SUBMITTED: PALETTE[0],
        AssessmentStatus.RETURNED: PALETTE[3],
        AssessmentStatus.IN_PROGRESS: PALETTE[1],
        AssessmentStatus.NOT_STARTED: PALETTE[5],
    }
    categories = [MapCategory(str(s), str(s.label), colour) for s, colour in colours.items()]
    categories.append(MapCategory("none", _("No assessment to show"), NO_DATA))
    if cycle is None:
        return categories, {}
    visible = assessment_list_for_user(user=viewer, cycle=cycle)
    return categories, {a.member_id: (a.status, "") for a in visible}


def _score_map(*, viewer: Any, members: list[Member], cycle: AssessmentCycle | None) -> ProgrammeMap:
    """Overall scores of the cycle's completed assessments the viewer may see, over the indicators disclosed to
    the viewer (the stored scores, as on the cycle's heat map)."""
    scores = {}
    if cycle is not None:
        scores = {row.assessment.member_id: row.overall for row in cycle_heatmap(viewer=viewer, cycle=cycle)}
    drawn, none = boundary_codes(), _("No score to show")
    rows = [
        MapRow(
            member,
            "",
            none if (score := scores.get(member.pk)) is None else f"{score:.1f}",
            score=score,
            drawn=member.iso3 in drawn,
        )
        for member in members
    ]
    return ProgrammeMap(measure=MapMeasure.SCORE, legend=_("Overall score (0-100)"), rows=rows)


def _survey_values(*, viewer: Any, survey: Survey | None) -> tuple[list[MapCategory], Values]:
    """The responses the viewer may read (`response_list`); a Member not asked, or whose response is not the
    viewer's to see, has nothing to show. Who was asked is shown only where the survey page shows it."""
    categories = [
        MapCategory(ResponseState.SUBMITTED, _("Submitted"), PALETTE[0]),
        MapCategory(ResponseState.DRAFT, _("Draft in progress"), PALETTE[1]),
        MapCategory("not_started", _("Not started"), PALETTE[3]),
        MapCategory("none", _("No response to show"), NO_DATA),
    ]
    if survey is None:
        return categories, {}
    values: Values = {r.member_id: (r.state, "") for r in response_list(user=viewer, survey=survey)}
    asked = survey.targets.values_list("pk", flat=True)
    if not viewer_is_secretariat(viewer):
        asked = asked.filter(pk=viewer_member_id(viewer) or 0)
    for member_id in asked:
        values.setdefault(member_id, ("not_started", ""))
    return categories, values


def _workshop_values(*, viewer: Any) -> tuple[list[MapCategory], Values]:
    """Delivered workshops each Member took part in (listed as a participant, or hosting its national workshop);
    else whether a regional or sub-regional workshop was delivered for its region (the register often records
    how many Members took part in those, not which)."""
    categories = [
        MapCategory("national", _("National workshop"), PALETTE[0]),
        MapCategory("participant", _("Took part in a regional or sub-regional workshop"), PALETTE[2]),
        MapCategory("region", _("A workshop was held for its region"), PALETTE[4]),
        MapCategory("none", _("No workshop yet"), NO_DATA),
    ]
    workshops = (
        activity_queryset(viewer=viewer)
        .prefetch_related(None)
        .filter(status=ActivityStatus.DELIVERED, kind__in=WORKSHOP_KINDS)
    )
    attended: dict[int, set[int]] = {}
    national: set[int] = set()
    pairs = workshops.filter(Q(members__isnull=False)).values_list("pk", "members", "kind")
    hosted = workshops.filter(support_request__isnull=False).values_list(
        "pk", "support_request__member", "kind"
    )
    for activity_id, member_id, kind in [*pairs, *hosted]:
        attended.setdefault(member_id, set()).add(activity_id)
        if kind == ActivityKind.NATIONAL_WORKSHOP:
            national.add(member_id)
    values: Values = {}
    for member_id, activities in attended.items():
        count = len(activities)
        label = ngettext("%(count)d workshop", "%(count)d workshops", count) % {"count": count}
        values[member_id] = ("national" if member_id in national else "participant", label)
    regions = set(workshops.filter(region__isnull=False).values_list("region_id", flat=True))
    for member_id in member_list(viewer=viewer).filter(region_id__in=regions).values_list("pk", flat=True):
        values.setdefault(member_id, ("region", ""))
    return categories, values


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
