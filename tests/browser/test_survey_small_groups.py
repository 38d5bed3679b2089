"""An observer reads a survey's statistics in a real browser: regions under 3 respondents have no column and the
page says why; the secretariat sees every region."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import Any

from clearway.members.models import Member
from clearway.surveys.models import Disclosure
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.conftest import PASSWORD
from tests.surveys import forms
from tests.surveys.conftest import ANSWERS, TARGETS, answer

SHOTS = Path(os.environ.get("CLEARWAY_SCREENSHOTS", "/tmp/clearway-screenshots"))


def test_an_observer_sees_no_column_for_a_region_under_3_respondents(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    make_user("observer", username="olga")
    sam = make_user("secretariat_staff", username="sam")
    version = questionnaire_import_xlsform(file=io.BytesIO(forms.stats_form()), code="stats", actor=sam)
    survey = survey_create(
        version=version,
        reference="ECOM/2026/9",
        letter_date=datetime.date(2026, 3, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=list(Member.objects.filter(iso3__in=TARGETS)),
        deadline=datetime.date(2026, 4, 30),
        actor=sam,
        disclosure=Disclosure.AGGREGATE,
    )
    survey = survey_open(survey=survey, actor=sam)
    for iso3, answers in ANSWERS.items():  # KEN and UGA (ESA), FRA (EUR)
        answer(survey, iso3, answers, actor=sam)

    sign_in("olga", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/statistics/")
    assert page.locator("#small-group").is_visible()
    rates = page.locator("#rates").inner_text()
    assert "ESA" not in rates and "EUR" not in rates
    assert "Uganda is studying it." in page.content()
    assert "Not shown: fewer than 3 Members answered." in page.content()  # the year: two answers
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "survey-statistics-observer.png"), full_page=True)

    page.context.clear_cookies()
    sign_in("sam", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/statistics/")
    assert page.locator("#small-group").count() == 0
    assert "ESA" in page.locator("#rates").inner_text()
    page.screenshot(path=str(SHOTS / "survey-statistics-secretariat.png"), full_page=True)
