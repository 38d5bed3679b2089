"""Survey fixtures: the hand-computed statistics survey and helpers to answer it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest

from clearway.members.models import Member
from clearway.surveys.models import Disclosure, Survey
from clearway.surveys.services import (
    questionnaire_import_xlsform,
    response_get_or_create,
    response_save_draft,
    response_submit,
    survey_create,
    survey_open,
)
from tests.surveys import forms

TARGETS = ["KEN", "UGA", "FRA", "BRA", "MAR"]

# Hand-computed fixture: 5 Members targeted, 3 submitted (KEN, UGA in ESA; FRA in EUR), BRA left a draft.
ANSWERS = {
    "KEN": {
        "has_prog": "yes",
        "year": 2010,
        "types": ["a", "b"],
        "cover_express": "now",
        "cover_postal": "planned",
        "experience": "Kenya extended AEO to express carriers.",
        "mra": [{"partner": "UGA"}, {"partner": "TZA"}],
    },
    "UGA": {
        "has_prog": "no",
        "year": 2015,
        "types": ["a"],
        "cover_express": "now",
        "experience": "Uganda is studying it.",
    },
    "FRA": {
        "has_prog": "yes",
        "year": 2008,
        "types": ["b", "c"],
        "cover_express": "planned",
        "cover_postal": "now",
        "mra": [{"partner": "MAR"}],
    },
}
DRAFT = {"BRA": {"has_prog": "yes", "year": 2020, "types": ["c"], "cover_express": "no"}}


@pytest.fixture
def stats_version(secretariat: Any) -> Any:
    return questionnaire_import_xlsform(file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat)


@pytest.fixture
def make_survey(secretariat: Any, stats_version: Any) -> Callable[..., Survey]:
    def make(
        *,
        reference: str = "ECOM/2026/1",
        disclosure: str = Disclosure.SECRETARIAT,
        open_it: bool = True,
        iso3s: list[str] | None = None,
        version: Any = None,
    ) -> Survey:
        survey = survey_create(
            version=version or stats_version,
            reference=reference,
            letter_date=datetime.date(2026, 3, 2),
            signatory="A. Secretary",
            target_kind="list",
            members=list(Member.objects.filter(iso3__in=iso3s or TARGETS)),
            deadline=datetime.date(2026, 4, 30),
            actor=secretariat,
            disclosure=disclosure,
        )
        return survey_open(survey=survey, actor=secretariat) if open_it else survey

    return make


def answer(survey: Survey, iso3: str, answers: dict[str, Any], *, actor: Any, submit: bool = True) -> Any:
    response = response_get_or_create(survey=survey, member=Member.objects.get(iso3=iso3), actor=actor)
    response = response_save_draft(
        response=response, answers=answers, expected_version=response.version, actor=actor
    )
    return response_submit(response=response, actor=actor) if submit else response


@pytest.fixture
def answered_survey(make_survey: Callable[..., Survey], secretariat: Any) -> Survey:
    survey = make_survey()
    for iso3, answers in ANSWERS.items():
        answer(survey, iso3, answers, actor=secretariat)
    for iso3, answers in DRAFT.items():
        answer(survey, iso3, answers, actor=secretariat, submit=False)
    return survey
