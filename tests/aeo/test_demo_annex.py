from __future__ import annotations

from typing import Any

import pytest

from clearway.aeo.demo import SURVEY_ANSWERS, SURVEY_REFERENCE, demo_load
from clearway.aeo.models import Programme, RegisterUpdate
from clearway.aeo.summary import aeo_survey_annex

# Hand counts from SURVEY_ANSWERS in clearway/aeo/demo.py (letters C/P/S/N per stakeholder type).
EXPECTED = {
    "express_carrier": {"covered": 13, "planned": 7, "under_study": 8, "not_planned": 1},
    "postal_operator": {"covered": 7, "planned": 7, "under_study": 8, "not_planned": 7},
    "e_vendor": {"covered": 3, "planned": 2, "under_study": 10, "not_planned": 14},
    "e_marketplace": {"covered": 3, "planned": 3, "under_study": 10, "not_planned": 13},
    "fulfilment_centre": {"covered": 2, "planned": 1, "under_study": 6, "not_planned": 20},
    "other": {"covered": 1, "planned": 2, "under_study": 3, "not_planned": 23},
}
RESPONDENTS_BY_REGION = {"ESA": 5, "WCA": 4, "MENA": 5, "EUR": 7, "AP": 7, "AM": 3}


@pytest.fixture
def demo(db: Any) -> Any:
    from clearway.accounts.demo import demo_load as accounts_demo_load
    from clearway.surveys.models import Survey

    accounts_demo_load()
    demo_load()
    return Survey.objects.get(reference=SURVEY_REFERENCE)


def test_demo_is_idempotent_and_gives_31_submitted_illustrative_answers(demo: Any) -> None:
    before = (Programme.objects.count(), RegisterUpdate.objects.count(), demo.responses.count())
    assert "already present" in demo_load()
    assert (Programme.objects.count(), RegisterUpdate.objects.count(), demo.responses.count()) == before
    assert demo.responses.filter(state="submitted", illustrative=True).count() == 31 == len(SURVEY_ANSWERS)
    assert demo.letter_date.isoformat() == "2021-06-10" and demo.deadline.isoformat() == "2021-09-30"
    # three proposals confirmed by the secretariat demo account, the other answers await review
    assert RegisterUpdate.objects.filter(status="pending").count() == 28
    confirmed = RegisterUpdate.objects.filter(status="confirmed")
    assert sorted(u.member.iso3 for u in confirmed) == ["ARE", "CHN", "KOR"]
    korea = Programme.objects.get(member__iso3="KOR")
    assert korea.source == "survey" and korea.coverages.filter(coverage="covered").count() == 8


def test_annex_numbers_equal_the_hand_counts(demo: Any, secretariat: Any) -> None:
    annex = aeo_survey_annex(survey=demo, viewer=secretariat, lang="en")
    assert annex.respondents == 31 and annex.illustrative
    assert {r.code: r.respondents for r in annex.regions} == RESPONDENTS_BY_REGION
    assert {k: v.count for k, v in annex.programme.items()} == {"yes": 26, "under_development": 3, "no": 2}
    for code, expected in EXPECTED.items():
        stakeholder = annex.stakeholder(code)
        got = {kind: getattr(stakeholder, kind).count for kind in expected}
        assert got == expected, code
    express = annex.stakeholder("express_carrier").covered
    assert express.share == pytest.approx(13 / 31)
    assert express.by_region == {"ESA": 2, "MENA": 3, "EUR": 3, "AP": 3, "AM": 2}


def test_annex_counts_match_a_recount_of_the_demo_definition(demo: Any, secretariat: Any) -> None:
    annex = aeo_survey_annex(survey=demo, viewer=secretariat, lang="fr")
    order = [
        "express_carrier",
        "postal_operator",
        "e_vendor",
        "e_marketplace",
        "fulfilment_centre",
        "customs_broker",
        "freight_forwarder",
        "other",
    ]
    for index, code in enumerate(order):
        covered = sum(1 for _i, _p, _y, letters in SURVEY_ANSWERS if letters and letters[index] == "C")
        assert annex.stakeholder(code).covered.count == covered
    assert annex.stakeholder("postal_operator").label == "Opérateurs postaux"


def test_annex_page_shows_the_chart_and_is_labelled_illustrative(
    demo: Any, secretariat: Any, client_for: Any
) -> None:
    page = client_for(secretariat).get(f"/aeo/surveys/{demo.pk}/annex/").content.decode()
    assert "<svg" in page and "Illustrative data" in page
    assert '<td class="num">13</td>' in page
