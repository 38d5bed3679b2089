"""A focal point answers a survey in a real browser: skip logic live, autosave, nothing lost on a network error or
an expired session; then the secretariat sees the statistics chart."""

from __future__ import annotations

import datetime
import io
from typing import Any

from clearway.core.actors import SYSTEM
from clearway.members.models import Member
from clearway.surveys.models import Response
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.conftest import PASSWORD
from tests.surveys import forms


def test_focal_point_answers_with_skip_logic_and_secretariat_sees_the_chart(
    page: Any, sign_in: Any, make_user: Any, live_server: Any
) -> None:
    kenya = Member.objects.get(iso3="KEN")
    make_user("member_focal_point", member=kenya, username="wanjiru")
    make_user("secretariat_staff", username="sam")
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.kobo_programme_form()), code="programme", actor=SYSTEM
    )
    survey = survey_create(
        version=version,
        reference="ECOM/2026/7",
        letter_date=datetime.date(2026, 3, 1),
        signatory="A. Secretary",
        target_kind="list",
        members=[kenya, Member.objects.get(iso3="UGA")],
        deadline=datetime.date(2026, 6, 30),
        actor=SYSTEM,
    )
    survey_open(survey=survey, actor=SYSTEM)

    sign_in("wanjiru", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/answer/")
    year = page.locator("[data-q=launch_year]")
    other = page.locator("[data-q=other_operator]")
    assert year.is_hidden() and other.is_hidden()
    page.check("input[name=has_programme][value=yes]")
    assert year.is_visible()  # appears only once the answer makes it relevant
    page.fill("input[name=launch_year]", "1985")
    assert year.locator("[data-error]").inner_text() == "Between 1990 and 2030."
    page.fill("input[name=launch_year]", "2009")
    assert year.locator("[data-error]").inner_text() == ""
    page.check("input[name=operators][value=express]")
    assert other.is_hidden()
    page.check("input[name=operators][value=other]")
    page.fill("textarea[name=other_operator]", "Couriers")
    page.click("[data-repeat=arrangements] [data-add-item]")
    page.locator("[data-repeat=arrangements] [data-q=partner] textarea").fill("Uganda")
    page.wait_for_selector("#save-status[data-status=saved]")

    # The network fails: the answer stays in the browser and comes back after a reload.
    page.route("**/api/surveys/**", lambda route: route.abort())
    page.fill("input[name=share_ecommerce]", "12.5")
    page.wait_for_selector("#save-status[data-status=offline]")
    page.unroute("**/api/surveys/**")
    page.goto(f"/surveys/{survey.pk}/answer/")
    assert page.input_value("input[name=share_ecommerce]") == "12.5"
    page.wait_for_selector("#save-status[data-status=saved]")

    # The session ends while typing: the answer is kept in the browser and restored after signing in again.
    page.context.clear_cookies()
    page.fill("input[name=last_review]", "2025-11-03")
    page.wait_for_selector("#save-status[data-status=session]")
    assert page.locator("#login-again").is_visible()
    sign_in("wanjiru", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/answer/")
    assert page.input_value("input[name=last_review]") == "2025-11-03"
    page.wait_for_selector("#save-status[data-status=saved]")

    page.click("#submit-response")
    page.wait_for_selector("#response-state[data-state=submitted]")
    response = Response.objects.get(survey=survey, member=kenya)
    assert response.state == "submitted"
    assert response.answers["share_ecommerce"] == 12.5
    assert response.answers["arrangements"] == [{"partner": "Uganda"}]
    assert response.answers["operators"] == ["express", "other"]
    assert response.answers["last_review"] == "2025-11-03"

    page.context.clear_cookies()
    sign_in("sam", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/statistics/")
    chart = page.locator("#q-operators .chart svg")
    assert chart.is_visible()
    assert "Express carriers" in chart.inner_html()
    assert "1 respondent of 2 Members targeted" in page.locator("#response-rate").inner_text()
