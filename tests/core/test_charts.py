"""Charts read to screen readers in the reader's language: axes, legends, titles and each mark."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import altair as alt
import pytest
from django.utils import translation

from clearway.core.charts import chart_to_svg

NBSP = "\u00a0"


def _chart() -> alt.Chart:
    values = [{"answer": "Yes", "count": 3}, {"answer": "No", "count": 1200}]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Respondents"),
            y=alt.Y("answer:N", title="Answer", axis=alt.Axis(title=None), sort=["Yes", "No"]),
            color=alt.Color("answer:N", title="Answer"),
        )
        .properties(title="Does the programme cover platforms?")
    )


def _aria(svg: str) -> tuple[list[str], list[str]]:
    return (
        re.findall(r'aria-label="([^"]*)"', svg),
        re.findall(r'aria-roledescription="([^"]*)"', svg),
    )


@pytest.mark.parametrize(
    ("lang", "expected", "roles"),
    [
        (
            "en",
            [
                "X axis: Respondents",
                "Y axis: Answer, 2 values: Yes, No",
                "Legend: Answer, 2 values: Yes, No",
                "Does the programme cover platforms?",
                "Respondents: 3; Answer: Yes",
                "Respondents: 1,200; Answer: No",
            ],
            {"axis", "legend", "title", "bar", "group container", "rectangle container"},
        ),
        (
            "fr",
            [
                f"Axe X{NBSP}: Répondants",
                f"Axe Y{NBSP}: Answer, 2 valeurs{NBSP}: Yes, No",
                f"Légende{NBSP}: Answer, 2 valeurs{NBSP}: Yes, No",
                "Does the programme cover platforms?",
                f"Répondants{NBSP}: 3\u202f; Answer{NBSP}: Yes",
                f"Répondants{NBSP}: 1{NBSP}200\u202f; Answer{NBSP}: No",
            ],
            {"axe", "légende", "titre", "barre", "conteneur (groupe)", "conteneur (rectangle)"},
        ),
    ],
)
def test_axes_legends_titles_and_marks_are_described_in_the_reader_language(
    lang: str, expected: list[str], roles: set[str]
) -> None:
    chart = _chart()
    if lang == "fr":  # titles come translated from the code that draws the chart
        chart = chart.encode(x=alt.X("count:Q", title="Répondants"))
    with translation.override(lang):
        labels, descriptions = _aria(chart_to_svg(chart))
    assert sorted(labels) == sorted(expected)
    assert set(descriptions) == roles
    # each guide is read once: the label is on the guide, not repeated on the group drawn inside it
    assert max(Counter(labels).values()) == 1


def test_a_discrete_axis_names_its_first_values_only() -> None:
    values = [{"member": f"M{i:02}", "n": i} for i in range(12)]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(y=alt.Y("member:N", title="Member"), x="n:Q")
    with translation.override("en"):
        labels, _roles = _aria(chart_to_svg(chart))
    assert "Y axis: Member, 12 values: M00, M01, M02, M03, M04, M05, M06, M07, …" in labels
    assert "X axis: n" in labels  # untitled, Vega-Lite shows the field's name: so does the description


def test_survey_matrix_bars_say_which_row_and_answer_they_stand_for() -> None:
    from types import SimpleNamespace as NS

    from clearway.surveys.charts import matrix_chart

    question = NS(
        label="Coverage",
        rows=[
            NS(
                label="Express carriers",
                choices=[NS(label="Covered now", count=3), NS(label="Planned", count=1)],
            )
        ],
    )
    with translation.override("fr"):
        labels, _roles = _aria(chart_to_svg(matrix_chart(question)))
    assert (
        f"Répondants{NBSP}: 3\u202f; Élément{NBSP}: Express carriers\u202f; Réponse{NBSP}: Covered now"
        in labels
    )
    assert not [label for label in labels if "order" in label]


def test_activity_timeline_reads_each_activity_with_its_dates() -> None:
    import datetime

    from clearway.capacity.charts import activity_timeline_svg
    from clearway.capacity.facts import ActivityFacts

    fields = {name: None for name in ActivityFacts.__dataclass_fields__}
    facts = ActivityFacts(
        **{
            **fields,
            "kind": "Atelier régional",
            "region_code": "ESA",
            "region_codes": ["ESA"],
            "organiser": "",
            "illustrative": False,
            "start_date": datetime.date(2021, 3, 22),
            "end_date": datetime.date(2021, 3, 25),
            "dates": "22 mars 2021 – 25 mars 2021",
        }
    )
    with translation.override("fr"):
        labels, _roles = _aria(activity_timeline_svg([facts]))
    described = (
        f"Activité{NBSP}: Atelier régional · ESA · 03/2021\u202f; Dates{NBSP}: 22 mars 2021 – 25 mars 2021"
    )
    assert labels.count(described) == 2  # the bar and the marker at its start
    assert not [label for label in labels if "end:" in label or "2021-03" in label]


def _timeline_axis_labels(*spans: tuple[str, int]) -> list[str]:
    import datetime
    import re

    from clearway.capacity.charts import activity_timeline_svg
    from clearway.capacity.facts import ActivityFacts

    empty = {name: None for name in ActivityFacts.__dataclass_fields__}
    facts = [
        ActivityFacts(
            **{
                **empty,
                "kind": "Atelier",
                "region_code": "ESA",
                "region_codes": ["ESA"],
                "organiser": "",
                "illustrative": False,
                "start_date": datetime.date.fromisoformat(start),
                "end_date": datetime.date.fromisoformat(start) + datetime.timedelta(days=days),
                "dates": start,
            }
        )
        for start, days in spans
    ]
    with translation.override("fr"):
        svg = activity_timeline_svg(facts)
    return [
        t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "·" not in t and re.search(r"\d{4}", t)
    ]


@pytest.mark.parametrize(
    ("spans", "labels"),
    [
        ((("2021-03-22", 3),), ["mars 2021", "avr. 2021"]),
        ((("2026-09-01", 3), ("2026-11-20", 2)), ["sept. 2026", "oct. 2026", "nov. 2026", "déc. 2026"]),
        (
            (("2026-01-10", 3), ("2026-12-01", 2)),
            ["janv. 2026", "mars 2026", "mai 2026", "juil. 2026", "sept. 2026", "nov. 2026", "janv. 2027"],
        ),
        ((("2020-01-01", 3), ("2026-11-20", 2)), [str(year) for year in range(2020, 2027)]),
    ],
)
def test_the_activity_timeline_names_each_month_once(spans: Any, labels: list[str]) -> None:
    assert _timeline_axis_labels(*spans) == labels
