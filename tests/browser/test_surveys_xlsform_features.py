"""A Member's focal point answers an imported ODK-style form in Chromium: its groups, cascading selects, piping,
a calculation, a repeat sized by an answer, relevance chains (ODK's: a hidden answer stops counting), its own
languages, and the server's checks on submission. Screenshots go to $CLEARWAY_SCREENSHOTS (default: a temp dir)."""

from __future__ import annotations

import datetime
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from clearway.core.actors import SYSTEM
from clearway.members.models import Member
from clearway.surveys.models import Response, ResponseFile
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.conftest import PASSWORD
from tests.surveys import forms
from tests.surveys.test_answers_odk import PNG

SHOTS = Path(os.environ.get("CLEARWAY_SCREENSHOTS") or tempfile.mkdtemp(prefix="clearway-xlsform-"))


def _violations(page: Any) -> list[str]:
    from tests.browser.test_accessibility import RULES

    found = Axe().run(page, options=RULES).response["violations"]
    return [f"{v['id']} at {node['target']}" for v in found for node in v["nodes"][:3]]


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_focal_point_answers_an_imported_odk_form_with_its_logic_and_languages(
    page: Any, sign_in: Any, make_user: Any, live_server: Any
) -> None:
    kenya = Member.objects.get(iso3="KEN")
    make_user("member_focal_point", member=kenya, username="amani")
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.odk_features_form()), code="ports", actor=SYSTEM, source_name="ports.xlsx"
    )
    survey = survey_create(
        version=version,
        reference="ECOM/2026/9",
        letter_date=datetime.date(2026, 3, 1),
        signatory="A. Secretary",
        target_kind="list",
        members=[kenya],
        deadline=datetime.date(2026, 6, 30),
        actor=SYSTEM,
    )
    survey_open(survey=survey, actor=SYSTEM)

    sign_in("amani", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/answer/")
    assert page.locator("[data-node=welcome] strong").inner_text() == "Welcome."  # markdown in a label

    # Cascading select: the cities offered follow the country.
    page.check("input[name=country][value=tz]")
    city = page.locator("[data-q=city] select")
    assert city.locator("option[value=dar]").is_enabled() and city.locator("option[value=mba]").is_disabled()
    page.check("input[name=country][value=ke]")
    assert city.locator("option[value=mba]").is_enabled() and city.locator("option[value=dar]").is_disabled()
    city.select_option("mba")

    # Piping: the officer's name appears in the next label as it is typed.
    page.fill("textarea[name=officer]", "Mr Otieno")
    assert "How many offices does Mr Otieno run?" in page.locator("[data-q=offices] label").inner_text()

    # repeat_count: two offices, two items, no add button; the calculation is shown read-only.
    page.fill("input[name=offices]", "2")
    repeat = page.locator("[data-repeat=office]")
    page.wait_for_function("document.querySelectorAll('[data-repeat=office] [data-item]').length === 2")
    assert repeat.locator("[data-add-item]").is_hidden()
    assert page.locator("[data-node=staff_note]").inner_text() == "Expected staff: 20"
    repeat.locator("[data-item]").nth(0).locator("[data-q=office_name] textarea").fill("Kilindini")
    repeat.locator("[data-item]").nth(1).locator("[data-q=office_name] textarea").fill("Port Reitz")

    # A relevance chain: the fault question depends on a question that depends on another.
    fault = page.locator("[data-q=scanner_fault]")
    page.check("input[name=scanner][value=yes]")
    page.check("input[name=scanner_works][value=no]")
    assert fault.is_visible()
    fault.locator("textarea").fill("Broken belt")
    _shot(page, "1-answering-english")
    assert _violations(page) == []  # every kind of question passes axe's checks
    page.check(
        "input[name=scanner][value=no]"
    )  # scanner_works hides, so its "no" stops counting: fault hides
    assert page.locator("[data-q=scanner_works]").is_hidden() and fault.is_hidden()

    page.fill("input[name=opens]", "07:30")
    page.fill("input[name=location]", "-4.0435 39.6682")
    page.locator("input[name=congestion]").fill("6")
    # An image question: the file goes through the platform's upload checks at once; a PDF is refused there.
    gate = page.locator("[data-q=gate]")
    gate.locator("input[type=file]").set_input_files(
        files=[{"name": "gate.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    gate.locator("[data-error]").filter(has_text="not an accepted file").wait_for()
    gate.locator("input[type=file]").set_input_files(
        files=[{"name": "gate.png", "mimeType": "image/png", "buffer": PNG}]
    )
    gate.locator("[data-upload-name]").filter(has_text="gate.png").wait_for()
    page.wait_for_selector("#save-status[data-status=saved]")

    # Submitting without the required acknowledgement: the server says what is missing, under the question.
    page.click("#submit-response")
    confirm_error = page.locator("[data-q=confirm] [data-error]")
    confirm_error.wait_for()
    assert confirm_error.inner_text() == "This question requires an answer."
    _shot(page, "2-server-checks")

    # The form's own languages: the questions in Spanish, the page in English.
    page.select_option("#form-lang", "es")
    page.wait_for_url("**form_lang=es**")
    assert "¿Hay un escáner?" in page.locator("[data-q=scanner]").inner_text()
    assert page.input_value("textarea[name=officer]") == "Mr Otieno"
    assert page.locator("#submit-response").inner_text() == "Submit the institutional answer"
    _shot(page, "3-questions-in-spanish")
    assert _violations(page) == []

    page.check("input[name=confirm]")
    page.wait_for_selector("#save-status[data-status=saved]")
    page.click("#submit-response")
    page.wait_for_selector("#response-state[data-state=submitted]")
    response = Response.objects.get(survey=survey, member=kenya)
    answers = response.answers
    assert response.state == "submitted"
    assert (answers["country"], answers["city"], answers["offices"], answers["total_staff"]) == (
        "ke",
        "mba",
        2,
        "20",
    )
    assert [o["office_name"] for o in answers["office"]] == ["Kilindini", "Port Reitz"]
    assert (
        "scanner_works" not in answers and "scanner_fault" not in answers
    )  # not relevant: cleared, as in ODK
    assert (answers["opens"], answers["location"], answers["congestion"], answers["confirm"]) == (
        "07:30",
        "-4.0435 39.6682",
        6,
        "OK",
    )
    assert answers["start"] and answers["today"] == datetime.date.today().isoformat()
    assert answers["gate"]["name"] == "gate.png" and ResponseFile.objects.get(
        pk=answers["gate"]["upload"]
    ).size == len(PNG)
    _shot(page, "4-submitted")
