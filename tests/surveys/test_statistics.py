"""Statistics and the collective summary on a hand-computed fixture (see conftest: 5 targeted, 3 submitted)."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.core.exceptions import PermissionDenied
from clearway.surveys.models import Disclosure, Survey
from clearway.surveys.services import survey_update_disclosure
from clearway.surveys.statistics import survey_statistics
from clearway.surveys.summary import survey_summary


def _q(stats: Any, name: str) -> Any:
    return next(q for q in stats.questions if q.name == name)


def _counts(choices: Any) -> dict[str, tuple[int, dict[str, int]]]:
    return {c.name: (c.count, c.by_region) for c in choices}


def test_response_rate_overall_and_by_region(answered_survey: Survey, secretariat: Any) -> None:
    stats = survey_statistics(survey=answered_survey, viewer=secretariat, lang="en")
    assert (stats.targeted, stats.respondents) == (5, 3)
    assert stats.response_rate == pytest.approx(0.6)
    assert {r.code: (r.targeted, r.respondents) for r in stats.regions} == {
        "ESA": (2, 2),
        "EUR": (1, 1),
        "AM": (1, 0),
        "MENA": (1, 0),
    }


def test_choice_counts_shares_and_cross_tab(answered_survey: Survey, secretariat: Any) -> None:
    stats = survey_statistics(survey=answered_survey, viewer=secretariat, lang="en")
    has_prog = _q(stats, "has_prog")
    assert has_prog.answered == 3
    assert _counts(has_prog.choices) == {"yes": (2, {"ESA": 1, "EUR": 1}), "no": (1, {"ESA": 1})}
    yes = has_prog.choices[0]
    assert (yes.of_respondents, yes.of_targeted) == (pytest.approx(2 / 3), pytest.approx(2 / 5))
    assert _counts(_q(stats, "types").choices) == {
        "a": (2, {"ESA": 2}),
        "b": (2, {"ESA": 1, "EUR": 1}),
        "c": (1, {"EUR": 1}),
    }
    # Uganda's year is not counted: the question is not relevant when has_prog = no
    year = _q(stats, "year").numeric
    assert (year.count, year.minimum, year.maximum, year.mean, year.median) == (2, 2008, 2010, 2009, 2009)


def test_matrix_as_rows_by_choices(answered_survey: Survey, secretariat: Any) -> None:
    matrix = _q(survey_statistics(survey=answered_survey, viewer=secretariat, lang="fr"), "cover")
    assert matrix.type == "matrix" and matrix.label == "Couverture" and matrix.answered == 3
    express, postal = matrix.rows
    assert (express.label, express.answered) == ("Express", 3)
    assert _counts(express.choices) == {"now": (2, {"ESA": 2}), "planned": (1, {"EUR": 1}), "no": (0, {})}
    assert _counts(postal.choices) == {"now": (1, {"EUR": 1}), "planned": (1, {"ESA": 1}), "no": (0, {})}
    assert [c.label for c in express.choices] == ["Couvert", "Prévu", "Non prévu"]


def test_free_text_attribution_follows_disclosure(
    answered_survey: Survey, secretariat: Any, focal_b: Any
) -> None:
    texts = _q(survey_statistics(survey=answered_survey, viewer=secretariat), "experience").texts
    assert {(t.member, t.region) for t in texts} == {("Kenya", "ESA"), ("Uganda", "ESA")}
    with pytest.raises(PermissionDenied):  # secretariat-only survey: a Member sees no statistics
        survey_statistics(survey=answered_survey, viewer=focal_b)
    survey_update_disclosure(survey=answered_survey, disclosure=Disclosure.AGGREGATE, actor=secretariat)
    for viewer in (focal_b, secretariat):
        texts = _q(survey_statistics(survey=answered_survey, viewer=viewer), "experience").texts
        assert sorted(t.text for t in texts) == [
            "Kenya extended AEO to express carriers.",
            "Uganda is studying it.",
        ]
        assert {t.member for t in texts} == {""}
    survey_update_disclosure(survey=answered_survey, disclosure=Disclosure.ATTRIBUTED, actor=secretariat)
    partners = _q(survey_statistics(survey=answered_survey, viewer=focal_b), "partner").texts
    assert sorted((t.text, t.member) for t in partners) == [
        ("MAR", "France"),
        ("TZA", "Kenya"),
        ("UGA", "Kenya"),
    ]


def test_summary_numbers(answered_survey: Survey, secretariat: Any) -> None:
    summary = survey_summary(survey=answered_survey, viewer=secretariat, lang="en")
    assert (summary.targeted, summary.respondents, summary.response_rate) == (5, 3, pytest.approx(0.6))
    assert [q.name for q in summary.questions] == ["has_prog", "types", "cover"]
    express = summary.question("cover").rows[0]
    now = express.choices[0]
    assert (now.name, now.count, now.share, now.share_of_targeted) == (
        "now",
        2,
        pytest.approx(2 / 3),
        pytest.approx(0.4),
    )
    assert now.by_region == {"ESA": 2}
    assert now.share_by_region == {"ESA": 1.0, "EUR": 0.0}
    data = summary.to_dict()
    assert data["letter_date"] == "2026-03-02" and data["questions"][2]["rows"][1]["name"] == "cover_postal"


def test_charts_svg_for_pages_and_png_for_documents(answered_survey: Survey, secretariat: Any) -> None:
    from clearway.surveys.charts import question_chart_png, question_chart_svg

    stats = survey_statistics(survey=answered_survey, viewer=secretariat, lang="en")
    matrix_svg = question_chart_svg(_q(stats, "cover"))
    assert matrix_svg.startswith("<svg") and "Covered now" in matrix_svg and "Postal" in matrix_svg
    assert question_chart_png(_q(stats, "types")).startswith(b"\x89PNG")
    assert question_chart_svg(_q(stats, "experience")) == ""  # free text has no chart
