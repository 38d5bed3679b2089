"""Scores stored per audience on each assessment: equal to scoring the answers, kept up to date on every change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clearway.assessments import analytics, selectors, services
from clearway.assessments.disclosure import AUDIENCES
from clearway.assessments.models import Assessment, Indicator
from clearway.assessments.reference import CATALOGUE_DIR, LoadSummary
from clearway.assessments.scoring import scorecard_compute
from tests.assessments.conftest import answer_values

pytestmark = pytest.mark.django_db


def _mixed_answers(assessment: Any, actor: Any, answer_all: Any) -> None:
    """Strong answers everywhere but weak ones on the restricted indicators, so each audience's score differs."""
    answer_all(assessment, actor, level="full")
    for indicator in Indicator.objects.filter(catalogue=assessment.cycle.catalogue).exclude(
        disclosure="public"
    ):
        current = assessment.answers.get(indicator=indicator)
        level = "none" if indicator.disclosure == "secretariat" else "partial"
        services.answer_save(
            actor=actor,
            assessment=assessment,
            indicator_code=indicator.code,
            base_version=current.version,
            **answer_values(indicator, level),
        )


def _scored_now(assessment: Any, levels: frozenset[str]) -> dict[str, Any]:
    indicators = selectors.indicator_list(catalogue=assessment.cycle.catalogue, levels=levels)
    card = scorecard_compute(indicators=indicators, answers=assessment.answers.all())
    return {"overall": card.overall, "standards": card.standard_by_key()}


def test_each_audience_stores_the_score_of_the_indicators_it_may_see(
    assessment_a: Any, focal_a: Any, answer_all: Any
) -> None:
    _mixed_answers(assessment_a, focal_a, answer_all)
    assessment_a.refresh_from_db()
    overalls = {name: assessment_a.scores[name]["overall"] for name in AUDIENCES}
    assert overalls["all"] < overalls["members"] < overalls["public"] == 100.0
    for name, levels in AUDIENCES.items():
        assert assessment_a.scores[name] == _scored_now(assessment_a, levels)
    assert float(assessment_a.score) == overalls["all"]


def test_pooled_pages_read_the_stored_scores_per_viewer(
    cycle: Any,
    assessment_a: Any,
    focal_a: Any,
    focal_b: Any,
    observer: Any,
    secretariat: Any,
    answer_all: Any,
) -> None:
    _mixed_answers(assessment_a, focal_a, answer_all)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    assessment_a.refresh_from_db()
    expected = {
        secretariat: assessment_a.scores["all"],
        focal_a: assessment_a.scores["all"],  # a Member sees all of its own answers
        focal_b: assessment_a.scores["members"],
        observer: assessment_a.scores["public"],
    }
    for viewer, scores in expected.items():
        [row] = analytics.cycle_heatmap(viewer=viewer, cycle=cycle)
        assert (row.overall, row.scores) == (scores["overall"], scores["standards"])


def test_an_assessment_stored_before_scores_were_kept_is_scored_from_its_answers(
    cycle: Any, assessment_a: Any, focal_a: Any, secretariat: Any, answer_all: Any
) -> None:
    _mixed_answers(assessment_a, focal_a, answer_all)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    stored = Assessment.objects.get(pk=assessment_a.pk).scores["all"]
    pooled = [
        (b.standard.key, b.region, b.count)
        for b in analytics.cycle_benchmarks(viewer=secretariat, cycle=cycle)
    ]
    Assessment.objects.filter(pk=assessment_a.pk).update(scores={})
    [row] = analytics.cycle_heatmap(viewer=secretariat, cycle=cycle)
    assert (row.overall, row.scores) == (stored["overall"], stored["standards"])
    again = [
        (b.standard.key, b.region, b.count)
        for b in analytics.cycle_benchmarks(viewer=secretariat, cycle=cycle)
    ]
    assert again == pooled and any(count == 1 for _key, _region, count in again)


def test_a_catalogue_reloaded_with_new_weights_rescores_its_assessments(
    tmp_path: Path, assessment_a: Any, focal_a: Any, answer_all: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearway.assessments import reference

    _mixed_answers(assessment_a, focal_a, answer_all)
    assessment_a.refresh_from_db()
    before = assessment_a.scores["all"]["overall"]
    # Weigh the secretariat-only indicators (answered worst) far more: the overall score must fall.
    catalogue = assessment_a.cycle.catalogue
    restricted = set(
        Indicator.objects.filter(catalogue=catalogue, disclosure="secretariat").values_list("code")
    )
    lines = (CATALOGUE_DIR / "clearway-2022-v2.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    current_code, out = "", []
    for line in lines:
        if line.strip().startswith("- code:"):
            current_code = line.split(":", 1)[1].strip()
        if (current_code,) in restricted and line.strip().startswith("weight:"):
            line = line[: line.index("weight:")] + "weight: 20\n"
        out.append(line)
    (tmp_path / "clearway-2022-v2.yaml").write_text("".join(out), encoding="utf-8")
    monkeypatch.setattr(reference, "CATALOGUE_DIR", tmp_path)
    reference.catalogue_load(reference.catalogue_check(tmp_path / "clearway-2022-v2.yaml"), LoadSummary())
    assessment_a.refresh_from_db()
    assert assessment_a.scores["all"]["overall"] < before
    assert assessment_a.scores["all"] == _scored_now(assessment_a, AUDIENCES["all"])
