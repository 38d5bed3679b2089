"""Every kind of chart Clearway draws is a valid Vega-Lite spec: checked here, since pages and documents skip
Altair's schema checks at run time (see clearway.core.charts)."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import altair as alt
import pytest
from django.utils import translation

from clearway.core import charts

SOURCE = Path(charts.__file__).resolve().parents[1]


def _scorecard() -> None:
    from clearway.assessments.charts import scorecard_chart

    standards = [
        NS(standard=NS(number=n, key=f"S{n}", title_en=f"Standard {n}", title_fr=f"Norme {n}"), score=score)
        for n, score in [(1, 57.3), (2, 80.0), (3, 12.5)]
    ]
    scorecard_chart(card=NS(standards=standards), medians={"S1": 50.0, "S2": None})
    scorecard_chart(card=NS(standards=standards))  # no medians: bars alone, not layered


def _heatmap() -> None:
    from clearway.assessments.charts import heatmap_chart

    scores = {("KEN", 1): 57.3, ("KEN", 2): None, ("UGA", 1): 80.0, ("UGA", 2): 12.5, ("FRA", 1): 100.0}
    heatmap_chart(rows=[{"member": m, "standard": s, "score": score} for (m, s), score in scores.items()])


def _activity_timeline() -> None:
    from clearway.capacity.charts import activity_timeline_svg
    from clearway.capacity.facts import ActivityFacts

    empty = {name: None for name in ActivityFacts.__dataclass_fields__}
    facts = [
        ActivityFacts(
            **{
                **empty,
                "kind": kind,
                "region_code": region,
                "region_codes": [region] if region else [],
                "organiser": "WCO",
                "illustrative": illustrative,
                "start_date": start,
                "end_date": start + datetime.timedelta(days=3),
                "dates": f"{start:%d %B %Y}",
            }
        )
        for kind, region, start, illustrative in [
            ("Regional workshop", "ESA", datetime.date(2021, 3, 22), False),
            ("Webinar", "", datetime.date(2022, 11, 2), True),
        ]
    ]
    activity_timeline_svg(facts)


def _survey_questions() -> None:
    from clearway.surveys.charts import question_chart_png, question_chart_svg
    from clearway.surveys.statistics import ChoiceCount, MatrixRow, QuestionStatistics

    def counts(*pairs: tuple[str, int]) -> list[ChoiceCount]:
        return [
            ChoiceCount(name=label, label=label, count=n, of_respondents=n / 5, of_targeted=n / 9)
            for label, n in pairs
        ]

    choice = QuestionStatistics(
        name="has_prog",
        type="select_one",
        label="Does the programme exist?",
        answered=5,
        choices=counts(("Yes", 3), ("No", 2)),
    )
    matrix = QuestionStatistics(
        name="cover",
        type="matrix",
        label="Which stakeholders does it cover?",
        answered=5,
        rows=[
            MatrixRow(name=name, label=name, answered=5, choices=counts(("Covered now", 2), ("Planned", 3)))
            for name in ("Express carriers", "Postal operators")
        ],
    )
    for question in (choice, matrix):
        question_chart_svg(question)
        question_chart_png(question)


def _kpi_result() -> None:
    from clearway.shipments.charts import release_chart_svg, volume_chart_svg

    periods = ["2025-01", "2025-02", "2025-03"]
    rows = [
        {"period": period, "value": value, "label": label, "measure": measure}
        for period, measure in [("2025-01", 1200), ("2025-03", 20.5)]
        for value, label in [("aeo", "AEO"), ("non_aeo", "Non-AEO")]
    ]
    volume_chart_svg(rows, periods=periods)
    release_chart_svg(rows, periods=periods)


def _mra_network() -> None:
    from clearway.aeo.network import Edge, NetworkLayout, Node, mra_network_chart

    def node(key: str, kind: str, x: float, y: float) -> Node:
        region = "ESA" if kind == "member" else ""
        return Node(key=key, label=key, kind=kind, region=region, x=x, y=y, label_x=x, label_y=y, title=key)

    def edge(source: Node, target: Node, status: str, ecommerce: bool) -> Edge:
        return Edge(
            source=source.key,
            target=target.key,
            x=source.x,
            y=source.y,
            x2=target.x,
            y2=target.y,
            status=status,
            covers_ecommerce=ecommerce,
            title=f"{source.key}-{target.key}",
        )

    ken, uga, hub = node("KEN", "member", 1, 0), node("UGA", "member", 0, 1), node("East", "hub", 0.3, 0.3)
    edges = [edge(ken, uga, "signed", True), edge(hub, ken, "under_negotiation", False)]
    charts.chart_to_svg(mra_network_chart(layout=NetworkLayout(nodes=[ken, uga, hub], edges=edges)))


def _aeo_annex() -> None:
    from clearway.aeo.network import annex_coverage_chart

    def stakeholder(label: str, *numbers: int) -> NS:
        answers = dict(zip(("covered", "planned", "under_study", "not_planned"), numbers, strict=True))
        return NS(label=label, **{answer: NS(count=n) for answer, n in answers.items()})

    annex = NS(
        stakeholders=[stakeholder("Express carriers", 3, 1, 0, 2), stakeholder("Platforms", 0, 2, 1, 3)]
    )
    charts.chart_to_svg(annex_coverage_chart(annex=annex))


def _report_annex() -> None:
    from clearway.reports.facts import AeoAnnexFact, CoverageRow
    from clearway.reports.sections.annex import coverage_chart, region_chart

    annex = AeoAnnexFact(
        survey_key="aeo",
        respondents=5,
        by_region=[("East and Southern Africa", 3), ("Europe", 2)],
        coverage=[
            CoverageRow(
                stakeholder="express",
                label="Express carriers",
                covered=3,
                planned=1,
                covered_share=0.6,
                planned_share=0.2,
            )
        ],
    )
    for spec in (coverage_chart(annex), region_chart(annex)):
        charts.chart_to_svg(spec)  # on the report's page and in HTML
        charts.chart_to_png(spec)  # in Word and PDF


def _programme_map() -> None:
    from clearway.members.map import MapCategory, ProgrammeMap, programme_map_svg

    kenya, mauritius = NS(iso3="KEN", name="Kenya"), NS(iso3="MUS", name="Mauritius")
    rows = [NS(member=kenya, category="a", label="Submitted", score=None, drawn=True)]
    rows.append(NS(member=mauritius, category="b", label="None", score=None, drawn=False))
    categories = [MapCategory("a", "Submitted", "#0072B2"), MapCategory("b", "None", "#BDBDBD")]
    programme_map_svg(
        programme=ProgrammeMap(measure="status", legend="Status", rows=rows, categories=categories)
    )
    scored = [NS(member=kenya, category="", label="57.3", score=57.3, drawn=True)]
    programme_map_svg(programme=ProgrammeMap(measure="score", legend="Score", rows=scored))


# Every page and document section that draws a chart, with the module that builds it.
DRAWINGS: list[tuple[str, Callable[[], None]]] = [
    ("clearway.assessments.charts", _scorecard),  # an assessment's page
    ("clearway.assessments.charts", _heatmap),  # the cycle overview
    ("clearway.capacity.charts", _activity_timeline),  # the capacity register, progress reports
    ("clearway.surveys.charts", _survey_questions),  # survey statistics (pages, documents)
    ("clearway.shipments.charts", _kpi_result),  # a KPI result
    ("clearway.aeo.network", _mra_network),  # the MRA network
    ("clearway.aeo.network", _aeo_annex),  # the AEO questionnaire's annex
    ("clearway.reports.sections.annex", _report_annex),  # committee reports' annex
    ("clearway.members.map", _programme_map),  # the programme map
]


@pytest.fixture
def drawn_specs(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The specs handed to vl-convert, which draws nothing here (and no cache keeps the empty drawings); each
    chart's spec is also checked to be the one Altair itself writes (chart_dict sets rows of data aside)."""
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    specs: list[dict[str, Any]] = []
    written = charts.chart_dict

    def compared(chart: Any) -> dict[str, Any]:
        spec = written(chart)
        assert isinstance(chart, dict) or spec == chart.to_dict(validate=False)
        return spec

    monkeypatch.setattr(charts, "chart_dict", compared)
    monkeypatch.setattr(charts, "_svg_drawn", lambda spec, *, ids: specs.append(spec) or "<svg></svg>")
    monkeypatch.setattr(charts, "_png_drawn", lambda spec, *, scale: specs.append(spec) or b"")
    yield specs


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("draw", [draw for _module, draw in DRAWINGS], ids=lambda draw: draw.__name__[1:])
def test_every_chart_is_a_valid_vega_lite_spec(
    draw: Callable[[], None], lang: str, drawn_specs: list[dict[str, Any]]
) -> None:
    with translation.override(lang):
        draw()
    assert drawn_specs
    for spec in drawn_specs:
        alt.Root.validate(spec)  # raises jsonschema's ValidationError naming the wrong property


def test_an_invalid_spec_is_caught(drawn_specs: list[dict[str, Any]]) -> None:
    chart = (
        alt.Chart(alt.Data(values=[{"n": 1}])).mark_bar().encode(x=alt.X("n:Q", axis=alt.Axis(labelLimt=3)))
    )
    charts.chart_to_svg(chart)  # drawn: Altair no longer checks at run time
    with pytest.raises(Exception, match="labelLimt"):
        alt.Root.validate(drawn_specs[0])


def test_every_module_that_builds_charts_is_covered_here() -> None:
    """A new chart module (one importing Altair) must add its charts to DRAWINGS."""
    building = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        if "altair" in names:
            building.add(".".join(path.relative_to(SOURCE.parent).with_suffix("").parts))
    assert building - {"clearway.core.charts"} == {module for module, _draw in DRAWINGS}
