from __future__ import annotations

import datetime
from typing import Any

from clearway.core.actors import SYSTEM
from tests.conftest import PASSWORD


def test_secretariat_confirms_a_register_update_proposed_by_a_survey_answer(
    page: Any, sign_in: Any, make_user: Any, member_a: Any
) -> None:
    from clearway.aeo.models import Programme
    from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE, WORKBOOK_XLSX
    from clearway.aeo.services import programme_create
    from clearway.surveys import services as surveys

    make_user("secretariat_staff", username="sabine", first_name="Sabine")
    programme_create(
        actor=SYSTEM,
        member=member_a,
        facts={
            "name_en": "Kenya AEO",
            "status": "operational",
            "launch_year": 2016,
            "coverage": {"express_carrier": "covered"},
        },
    )
    version = surveys.questionnaire_import_xlsform(file=WORKBOOK_XLSX, code=QUESTIONNAIRE_CODE, actor=SYSTEM)
    survey = surveys.survey_open(
        survey=surveys.survey_create(
            version=version,
            reference="AEO 2021",
            letter_date=datetime.date(2021, 6, 10),
            signatory="Director",
            target_kind="list",
            members=[member_a],
            deadline=datetime.date(2021, 9, 30),
            actor=SYSTEM,
        ),
        actor=SYSTEM,
    )
    response = surveys.response_get_or_create(survey=survey, member=member_a, actor=SYSTEM)
    answers = {
        "aeo_programme": "yes",
        "launch_year": 2016,
        **{
            f"cov_{c}": "not_planned"
            for c in [
                "e_vendor",
                "e_marketplace",
                "fulfilment_centre",
                "other",
                "customs_broker",
                "freight_forwarder",
            ]
        },
        "cov_express_carrier": "covered",
        "cov_postal_operator": "covered",
    }
    response = surveys.response_save_draft(
        response=response, answers=answers, expected_version=1, actor=SYSTEM
    )
    surveys.response_submit(response=response, actor=SYSTEM, lang="en")

    sign_in("sabine", PASSWORD)
    page.goto("/aeo/")
    page.click("text=1 update proposed by a survey answer awaits review")
    page.click("table.data >> text=Kenya")
    postal = page.locator("#diff tr.diff-changed", has_text="Postal operators")
    assert "Covered now" in postal.inner_text()
    assert Programme.objects.get(member=member_a).coverages.filter(stakeholder="postal_operator").count() == 0
    page.fill("textarea[name=note]", "Checked with the focal point")
    page.click("button[value=confirm]")
    assert page.locator("#update-status").inner_text() == "Confirmed and applied"
    page.click("#main >> text=Kenya AEO")
    assert "Survey answer" in page.locator("dl.facts").inner_text()
    programme = Programme.objects.get(member=member_a)
    assert programme.coverages.get(stakeholder="postal_operator").coverage == "covered"
