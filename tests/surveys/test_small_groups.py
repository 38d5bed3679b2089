"""Survey scoping: a regional office never reads a draft, and statistics follow the assessments' small-group rule
(fewer than 3 Members are not shown as a group) for everyone but the secretariat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clearway.core.exceptions import NotFound
from clearway.members.models import Member
from clearway.surveys.models import Disclosure, Response, Survey
from clearway.surveys.selectors import response_get_for_user
from clearway.surveys.services import survey_update_disclosure
from clearway.surveys.statistics import survey_statistics
from tests.surveys.conftest import ANSWERS, answer


def _experience(stats: Any) -> Any:
    return next(q for q in stats.questions if q.name == "experience")


def _has_prog(stats: Any) -> Any:
    return next(q for q in stats.questions if q.name == "has_prog")


def test_a_regional_office_cannot_open_a_draft_of_its_region(
    make_survey: Callable[..., Survey], secretariat: Any, regional_esa: Any, focal_a: Any
) -> None:
    survey = make_survey()
    draft = answer(survey, "KEN", ANSWERS["KEN"], actor=secretariat, submit=False)
    with pytest.raises(NotFound):
        response_get_for_user(user=regional_esa, response_id=draft.pk)
    assert response_get_for_user(user=focal_a, response_id=draft.pk) == draft  # Kenya's own team
    assert response_get_for_user(user=secretariat, response_id=draft.pk) == draft
    answer(survey, "KEN", ANSWERS["KEN"], actor=secretariat)
    assert response_get_for_user(user=regional_esa, response_id=draft.pk).state == "submitted"


def test_a_regional_office_gets_not_found_on_a_draft_page(
    make_survey: Callable[..., Survey], secretariat: Any, regional_esa: Any, client_for: Any
) -> None:
    draft = answer(make_survey(), "KEN", ANSWERS["KEN"], actor=secretariat, submit=False)
    response = client_for(regional_esa).get(f"/surveys/{draft.survey_id}/responses/{draft.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["observer", "focal_b", "regional_esa"])
def test_regions_with_fewer_than_3_respondents_are_not_shown_to_others(
    answered_survey: Survey, secretariat: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    """KEN and UGA (ESA) and FRA (EUR) submitted: 3 in all, but each region under 3."""
    survey_update_disclosure(survey=answered_survey, disclosure=Disclosure.AGGREGATE, actor=secretariat)
    stats = survey_statistics(survey=answered_survey, viewer=request.getfixturevalue(persona))
    assert stats.regions_pooled and not stats.suppressed
    assert {r.code for r in stats.regions} & {"ESA", "EUR"} == set()
    assert all(c.by_region == {} for c in _has_prog(stats).choices)
    assert sum(c.count for c in _has_prog(stats).choices) == 3  # the totals keep every respondent
    assert {(t.member, t.region) for t in _experience(stats).texts} == {("", "")}


def test_the_secretariat_sees_every_region(answered_survey: Survey, secretariat: Any) -> None:
    survey_update_disclosure(survey=answered_survey, disclosure=Disclosure.AGGREGATE, actor=secretariat)
    stats = survey_statistics(survey=answered_survey, viewer=secretariat)
    assert {"ESA", "EUR"} <= {r.code for r in stats.regions} and not stats.regions_pooled
    yes = next(c for c in _has_prog(stats).choices if c.name == "yes")
    assert yes.by_region == {"ESA": 1, "EUR": 1}
    assert {t.region for t in _experience(stats).texts} == {"ESA"}


def test_a_survey_with_fewer_than_3_respondents_shows_no_answer_to_an_observer(
    make_survey: Callable[..., Survey], secretariat: Any, observer: Any, client_for: Any
) -> None:
    survey = make_survey(disclosure=Disclosure.AGGREGATE)
    answer(survey, "BRA", {**ANSWERS["UGA"], "experience": "Brazil's own words."}, actor=secretariat)
    stats = survey_statistics(survey=survey, viewer=observer)
    assert stats.suppressed and stats.questions == [] and stats.respondents == 1
    page = client_for(observer).get(f"/surveys/{survey.pk}/statistics/").content.decode()
    assert "Brazil" not in page and "fewer than 3 Members responded" in page
    assert (
        _experience(survey_statistics(survey=survey, viewer=secretariat)).texts[0].text
        == "Brazil's own words."
    )


def test_attributed_free_text_is_shown_whatever_the_group_size(
    make_survey: Callable[..., Survey], secretariat: Any, observer: Any
) -> None:
    survey = make_survey(disclosure=Disclosure.ATTRIBUTED)
    answer(survey, "BRA", {**ANSWERS["UGA"], "experience": "Brazil's own words."}, actor=secretariat)
    (text,) = _experience(survey_statistics(survey=survey, viewer=observer)).texts
    assert (text.text, text.member) == ("Brazil's own words.", Member.objects.get(iso3="BRA").name)
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_number_answered_by_fewer_than_3_members_is_not_summarised_for_others(
    answered_survey: Survey, secretariat: Any, observer: Any
) -> None:
    """Only KEN and FRA give a year (UGA has no programme): their minimum and maximum would be their own years."""
    survey_update_disclosure(survey=answered_survey, disclosure=Disclosure.AGGREGATE, actor=secretariat)
    year = next(
        q for q in survey_statistics(survey=answered_survey, viewer=observer).questions if q.name == "year"
    )
    assert year.numeric is None and year.numeric_suppressed and year.answered == 2
    full = next(
        q for q in survey_statistics(survey=answered_survey, viewer=secretariat).questions if q.name == "year"
    )
    assert full.numeric is not None and (full.numeric.minimum, full.numeric.maximum) == (2008, 2010)


def test_a_region_is_not_shown_when_the_totals_would_give_a_small_one_away(
    make_survey: Callable[..., Survey], secretariat: Any, observer: Any
) -> None:
    """KEN, UGA and TZA (ESA) answered, and FRA alone in EUR: totals less ESA would be France's answers."""
    survey = make_survey(disclosure=Disclosure.AGGREGATE, iso3s=["KEN", "UGA", "TZA", "FRA"])
    for iso3, answers in (("KEN", ANSWERS["KEN"]), ("UGA", ANSWERS["UGA"]), ("TZA", ANSWERS["UGA"])):
        answer(survey, iso3, answers, actor=secretariat)
    answer(survey, "FRA", ANSWERS["FRA"], actor=secretariat)
    stats = survey_statistics(survey=survey, viewer=observer)
    assert stats.respondents == 4 and stats.regions_pooled
    assert {r.code for r in stats.regions} & {"ESA", "EUR"} == set()
    assert all(c.by_region == {} for c in _has_prog(stats).choices)
    survey_three = make_survey(
        reference="ECOM/2026/2", disclosure=Disclosure.AGGREGATE, iso3s=["KEN", "UGA", "TZA"]
    )
    for iso3 in ("KEN", "UGA", "TZA"):
        answer(survey_three, iso3, ANSWERS["UGA"], actor=secretariat)
    shown = survey_statistics(survey=survey_three, viewer=observer)
    assert "ESA" in {r.code for r in shown.regions} and not shown.regions_pooled


HIDDEN = "Answers are not shown: fewer than 3 Members responded."


def test_the_statistics_page_counts_a_new_submission_at_once(
    make_survey: Callable[..., Survey], secretariat: Any, observer: Any, client_for: Any
) -> None:
    """The page is kept in the page cache; a submission (audited) makes the next visit draw it again."""
    survey = make_survey(disclosure=Disclosure.AGGREGATE)
    answer(survey, "BRA", ANSWERS["UGA"], actor=secretariat)
    client = client_for(observer)
    path = f"/surveys/{survey.pk}/statistics/"
    assert HIDDEN in client.get(path).content.decode()
    assert HIDDEN in client.get(path).content.decode()  # served from the cache
    answer(survey, "KEN", ANSWERS["KEN"], actor=secretariat)
    answer(survey, "FRA", ANSWERS["FRA"], actor=secretariat)
    assert HIDDEN not in client.get(path).content.decode()
