from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from clearway.aeo import updates
from clearway.aeo.models import MraStatus, Programme, RegisterUpdate
from clearway.aeo.questionnaire import (
    QUESTIONNAIRE_CODE,
    WORKBOOK_XLSX,
    questionnaire_sheets,
    workbook_sheets_read,
)
from clearway.core.actors import SYSTEM
from clearway.core.exceptions import InvalidTransition, PermissionDenied


def test_shipped_workbook_matches_its_yaml_source() -> None:
    assert workbook_sheets_read(content=WORKBOOK_XLSX.read_bytes()) == questionnaire_sheets()


@pytest.fixture
def aeo_survey(db: Any, member_a: Any, member_b: Any) -> Any:
    from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open

    version = questionnaire_import_xlsform(file=WORKBOOK_XLSX, code=QUESTIONNAIRE_CODE, actor=SYSTEM)
    survey = survey_create(
        version=version,
        reference="AEO test",
        letter_date=datetime.date(2021, 6, 10),
        signatory="Director",
        target_kind="list",
        members=[member_a, member_b],
        deadline=datetime.date(2021, 9, 30),
        actor=SYSTEM,
    )
    return survey_open(survey=survey, actor=SYSTEM)


def test_questionnaire_imports_with_the_matrix_repeat_and_both_languages(aeo_survey: Any) -> None:
    from clearway.surveys.definition import fields, matrices, repeats
    from clearway.surveys.services import questionnaire_export_xlsform, questionnaire_import_xlsform

    definition = aeo_survey.version.definition
    matrix = matrices(definition)[0]
    assert [row["name"] for row in matrix["rows"]][:2] == ["cov_express_carrier", "cov_postal_operator"]
    assert len(matrix["rows"]) == 8
    assert [r["name"] for r in repeats(definition)] == ["mras"]
    labels = {f.name: f.label_in("fr") for f in fields(definition)}
    assert labels["aeo_programme"] == "Votre administration dispose-t-elle d'un programme OEA ?"
    exported = questionnaire_export_xlsform(version=aeo_survey.version)
    again = questionnaire_import_xlsform(
        file=__import__("io").BytesIO(exported), code=QUESTIONNAIRE_CODE, actor=SYSTEM
    )
    assert again.pk == aeo_survey.version.pk  # the round trip gives the same definition


def _answer(survey: Any, member: Any, answers: dict[str, Any]) -> Any:
    from clearway.surveys.services import response_get_or_create, response_save_draft, response_submit

    response = response_get_or_create(survey=survey, member=member, actor=SYSTEM)
    response = response_save_draft(
        response=response, answers=answers, expected_version=response.version, actor=SYSTEM
    )
    return response_submit(response=response, actor=SYSTEM, lang="en")


KENYA_ANSWER = {
    "aeo_programme": "yes",
    "launch_year": 2016,
    "programme_name": "Kenya AEO",
    **{f"cov_{c}": "not_planned" for c in ["e_vendor", "e_marketplace", "fulfilment_centre", "other"]},
    "cov_express_carrier": "covered",
    "cov_postal_operator": "covered",
    "cov_customs_broker": "covered",
    "cov_freight_forwarder": "planned",
    "ecommerce_features": ["data_quality"],
    "mras": [
        {
            "mra_partner": "France",
            "mra_status": "signed",
            "mra_signed_on": "2019-05-01",
            "mra_covers_ecommerce": "yes",
        }
    ],
}


def test_submitted_answer_proposes_but_only_confirmation_updates_the_register(
    register: dict[str, Any],
    aeo_survey: Any,
    member_a: Any,
    secretariat: Any,
    focal_a: Any,
    focal_b: Any,
    client_for: Any,
) -> None:
    response = _answer(aeo_survey, member_a, KENYA_ANSWER)
    update = RegisterUpdate.objects.get(response=response)
    assert update.status == "pending" and update.programme == register["ken"]
    ken = Programme.objects.get(pk=register["ken"].pk)
    assert ken.coverages.get(stakeholder="postal_operator").coverage == "planned"  # untouched until confirmed
    with translation.override("en"):
        changed = {row.label for row in updates.register_update_diff(update=update) if row.changed}
    assert changed == {
        "Postal operators",
        "E-vendors",
        "E-marketplaces / e-platforms",
        "Fulfilment centres",
        "Customs brokers",
        "Freight forwarders / logistics providers",
        "Other",
        "E-commerce-specific criteria or benefits",
    }
    assert update.proposed["mras_reported"][0]["partner"] == "France"

    # the Member sees its proposal; another Member does not; nobody but the secretariat confirms
    review = client_for(focal_a).get(f"/aeo/updates/{update.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert review.status_code == 200
    # the reported arrangement's status as people read it, not its code
    mra_status = update.proposed["mras_reported"][0]["status"]
    with translation.override("fr"):
        french_status = str(MraStatus(mra_status).label)
    assert f"<td>{french_status}</td>" in review.content.decode() and french_status != mra_status
    assert client_for(focal_b).get(f"/aeo/updates/{update.pk}/").status_code == 404
    assert client_for(focal_b).get(f"/api/aeo/updates/{update.pk}").status_code == 404
    refused = client_for(focal_a).post(
        f"/api/aeo/updates/{update.pk}/confirm", data={}, content_type="application/json"
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        updates.aeo_register_update_from_response(response=response, actor=focal_a, confirm=True)

    confirmed = client_for(secretariat).post(
        f"/api/aeo/updates/{update.pk}/confirm", data={"note": "checked"}, content_type="application/json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    ken.refresh_from_db()
    assert ken.source == "survey" and ken.confirmed
    # the source detail names the survey and answer version in no particular language
    assert ken.source_detail == f"{aeo_survey.reference}, KEN, v{update.response_version}"
    assert ken.coverages.get(stakeholder="postal_operator").coverage == "covered"
    with pytest.raises(InvalidTransition):
        updates.register_update_confirm(update=update, actor=secretariat)


def test_a_member_without_a_programme_gets_a_new_entry_on_confirmation(
    aeo_survey: Any, member_b: Any, secretariat: Any
) -> None:
    response = _answer(aeo_survey, member_b, {"aeo_programme": "no", "experience": "We watch others."})
    assert not Programme.objects.filter(member=member_b).exists()
    update = updates.aeo_register_update_from_response(response=response, actor=secretariat, confirm=True)
    assert update is not None and update.status == "confirmed"
    programme = Programme.objects.get(member=member_b)
    assert (programme.status, programme.name_en, programme.source) == ("none", "No AEO programme", "survey")


def test_confirmation_refuses_a_register_changed_since_the_proposal(
    register: dict[str, Any], aeo_survey: Any, member_a: Any, secretariat: Any
) -> None:
    from clearway.aeo.services import programme_facts, programme_update
    from clearway.core.exceptions import Conflict

    response = _answer(aeo_survey, member_a, KENYA_ANSWER)
    update = RegisterUpdate.objects.get(response=response)
    ken = register["ken"]
    programme_update(
        actor=secretariat,
        programme=ken,
        expected_version=ken.version,
        facts=programme_facts(programme=ken) | {"launch_year": 2015},
    )
    with pytest.raises(Conflict):
        updates.register_update_confirm(update=update, actor=secretariat)
    refreshed = updates.register_update_propose(response=response, actor=secretariat)
    assert refreshed is not None and refreshed.pk == update.pk and refreshed.current["launch_year"] == 2015
    assert updates.register_update_confirm(update=refreshed, actor=secretariat).status == "confirmed"


def test_reject_leaves_the_register_and_an_edit_after_submission_proposes_again(
    register: dict[str, Any], aeo_survey: Any, member_a: Any, secretariat: Any, focal_a: Any, client_for: Any
) -> None:
    from clearway.surveys.services import response_save_draft

    response = _answer(aeo_survey, member_a, KENYA_ANSWER)
    update = RegisterUpdate.objects.get(response=response)
    page = client_for(secretariat).post(
        f"/aeo/updates/{update.pk}/", {"decision": "reject", "note": "not yet"}
    )
    assert page.status_code == 302
    update.refresh_from_db()
    assert update.status == "rejected" and update.decided_by == secretariat
    assert register["ken"].coverages.get(stakeholder="postal_operator").coverage == "planned"

    edited = response_save_draft(
        response=response,
        answers={**KENYA_ANSWER, "cov_e_vendor": "planned"},
        expected_version=response.version,
        actor=focal_a,
    )
    fresh = RegisterUpdate.objects.get(response=response, status="pending")
    assert fresh.response_version == edited.version and fresh.proposed["coverage"]["e_vendor"] == "planned"


def test_skip_logic_keeps_hidden_coverage_answers_out_of_the_proposal(
    aeo_survey: Any, member_b: Any, secretariat: Any
) -> None:
    from clearway.surveys.services import response_get_or_create, response_save_draft

    response = response_get_or_create(survey=aeo_survey, member=member_b, actor=SYSTEM)
    # typed while the answer was "yes", then changed to "no": the coverage rows are no longer relevant
    response = response_save_draft(
        response=response,
        answers={"aeo_programme": "no", "cov_postal_operator": "covered"},
        expected_version=response.version,
        actor=SYSTEM,
    )
    from clearway.surveys.services import response_submit

    response_submit(response=response, actor=SYSTEM, lang="en")
    update = RegisterUpdate.objects.get(response=response)
    assert update.proposed["status"] == "none" and update.proposed["coverage"] == {}


def test_questionnaire_is_shipped_as_reference_data(db: Any) -> None:
    from clearway.aeo.reference import reference_load
    from clearway.surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.get(code=QUESTIONNAIRE_CODE)  # loaded with the reference data
    reference_load()
    assert questionnaire.versions.count() == 1
    assert questionnaire.title_en == "Expanding the AEO concept to cross-border e-commerce"
    assert questionnaire.title_fr == "Étendre le concept d'OEA au commerce électronique transfrontalier"
