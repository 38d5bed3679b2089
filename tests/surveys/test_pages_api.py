"""Pages and API by persona: Member B never reads or changes Member A's response; statistics per disclosure."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from clearway.core.models import AuditEvent
from clearway.surveys.models import Disclosure, Response, Survey
from tests.surveys import forms
from tests.surveys.conftest import answer


def _put(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_focal_point_answers_through_the_api(make_survey: Any, client_for: Any, focal_a: Any) -> None:
    survey = make_survey()
    client = client_for(focal_a)
    url = f"/api/surveys/surveys/{survey.pk}/response"
    assert client.get(url).status_code == 404
    started = client.post(url).json()
    assert started["member"] == "KEN" and started["state"] == "draft"
    saved = _put(
        client, url, {"answers": {"has_prog": "no", "types": ["a"]}, "expected_version": started["version"]}
    )
    assert saved.status_code == 200 and saved.json()["version"] == started["version"] + 1
    stale = _put(client, url, {"answers": {"has_prog": "yes"}, "expected_version": started["version"]})
    assert stale.status_code == 409 and "kept as revision" in stale.json()["message"]
    submitted = client.post(url + "/submit")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"


def test_submit_errors_per_question_in_the_users_language(
    make_survey: Any, client_for: Any, focal_a: Any
) -> None:
    survey = make_survey()
    client = client_for(focal_a)
    url = f"/api/surveys/surveys/{survey.pk}/response"
    client.post(url)
    response = client.post(url + "/submit", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["fields"] == {"has_prog": ["Cette question exige une réponse."]}


def test_member_b_cannot_read_or_change_member_a_response(
    make_survey: Any, client_for: Any, focal_a: Any, focal_b: Any, secretariat: Any
) -> None:
    survey = make_survey()
    response = answer(
        survey, "KEN", {"has_prog": "yes", "experience": "secret draft"}, actor=focal_a, submit=False
    )
    other = client_for(focal_b)
    # pages: the response page and the answering page for another Member
    assert other.get(f"/surveys/{survey.pk}/responses/{response.pk}/").status_code == 404
    assert other.get(f"/surveys/{survey.pk}/answer/?member=KEN").status_code == 403
    # the API answers for the caller's own Member only
    url = f"/api/surveys/surveys/{survey.pk}/response?member=KEN"
    assert other.get(url).status_code == 403
    assert _put(other, url, {"answers": {"has_prog": "no"}, "expected_version": 1}).status_code == 403
    assert other.post(f"/api/surveys/surveys/{survey.pk}/response/submit?member=KEN").status_code == 403
    assert other.post(url).status_code == 403
    response.refresh_from_db()
    assert response.answers["has_prog"] == "yes"
    # exports: B's export holds no row of A
    export = load_workbook(
        io.BytesIO(other.get(f"/surveys/{survey.pk}/export/?format=xlsx&drafts=1").content)
    )
    assert all(row[0] != "KEN" for row in export["Responses"].iter_rows(values_only=True))
    # the secretariat sees A's draft
    page = client_for(secretariat).get(f"/surveys/{survey.pk}/responses/{response.pk}/")
    assert page.status_code == 200 and "secret draft" in page.content.decode()


def test_statistics_visibility_per_disclosure(
    answered_survey: Survey, client_for: Any, secretariat: Any, focal_b: Any, observer: Any, anon_client: Any
) -> None:
    url, api = (
        f"/surveys/{answered_survey.pk}/statistics/",
        f"/api/surveys/surveys/{answered_survey.pk}/statistics",
    )
    page = client_for(secretariat).get(url)
    assert (
        page.status_code == 200
        and "<svg" in page.content.decode()
        and "Kenya extended" in page.content.decode()
    )
    assert client_for(secretariat).get(api).json()["respondents"] == 3
    assert client_for(focal_b).get(url).status_code == 403
    assert client_for(focal_b).get(api).status_code == 403
    assert client_for(observer).get(url).status_code == 404  # secretariat-only surveys are not even listed
    assert anon_client.get(url).status_code == 302
    assert anon_client.get(api).status_code == 401
    answered_survey.disclosure = Disclosure.AGGREGATE
    answered_survey.save()
    body = client_for(observer).get(url).content.decode()
    assert "Kenya extended" in body and "— <em>Kenya" not in body
    assert client_for(focal_b).get(api).json()["questions"][0]["choices"][0]["count"] == 2


def test_summary_page_and_api(answered_survey: Survey, client_for: Any, secretariat: Any) -> None:
    client = client_for(secretariat)
    page = client.get(f"/surveys/{answered_survey.pk}/summary/?lang=fr").content.decode()
    assert "Couvert" in page and "Répondants\u00a0: 3 sur 5 Membres visés (60,0\u202f%)" in page
    assert page.count("<svg") == 1  # the matrix chart
    data = client.get(f"/api/surveys/surveys/{answered_survey.pk}/summary?lang=en").json()
    assert data["respondents"] == 3 and data["questions"][2]["rows"][0]["choices"][0]["count"] == 2
    md = client.get(f"/surveys/{answered_survey.pk}/summary/?format=md").content.decode()
    assert "| Covered now | 2 | 66.7% |" in md


def test_exports_read_back(answered_survey: Survey, client_for: Any, secretariat: Any) -> None:
    client = client_for(secretariat)
    workbook = load_workbook(
        io.BytesIO(client.get(f"/surveys/{answered_survey.pk}/export/?format=xlsx&lang=fr").content)
    )
    assert workbook.sheetnames == ["À propos", "Réponses", "Arrangements (mra)"]
    rows = list(workbook["Réponses"].iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 4  # three submitted responses; the draft is left out
    kenya = dict(zip(header, next(r for r in rows if r[0] == "KEN"), strict=True))
    assert kenya["Programme ? [has_prog]"] == "Oui"
    assert kenya["Types [types]"] == "Type A; Type B"
    assert kenya["Types: Type C [types/c]"] == 0 and kenya["Types: Type A [types/a]"] == 1
    assert kenya["Express [cover_express]"] == "Couvert"
    uganda = dict(zip(header, next(r for r in rows if r[0] == "UGA"), strict=True))
    assert uganda["Année [year]"] is None  # not relevant for Uganda (has_prog = no)
    repeat = list(workbook["Arrangements (mra)"].iter_rows(values_only=True))
    assert sorted((r[0], r[2], r[3]) for r in repeat[1:]) == [
        ("FRA", 1, "MAR"),
        ("KEN", 1, "UGA"),
        ("KEN", 2, "TZA"),
    ]
    csv_text = client.get(f"/surveys/{answered_survey.pk}/export/?format=csv&lang=en").content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].endswith("[mra]")
    assert '[{""partner"": ""UGA""}, {""partner"": ""TZA""}]' in csv_text


def test_letter_html_and_docx(answered_survey: Survey, client_for: Any, focal_a: Any) -> None:
    client = client_for(focal_a)
    html = client.get(f"/surveys/{answered_survey.pk}/letter/?lang=fr").content.decode()
    assert "ECOM/2026/1" in html and "A. Secretary" in html and "Organisation mondiale des douanes" in html
    around = client.get(
        f"/surveys/{answered_survey.pk}/letter/?lang=en", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "World Customs Organization" in around and "Télécharger (Word)" in around
    docx = client.get(f"/surveys/{answered_survey.pk}/letter.docx?lang=en")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "ECOM/2026/1" in text and "Dear Director General," in text and "A. Secretary" in text
    assert "We would be grateful to receive your answer by 30 April 2026." in text
    french = client.get(f"/surveys/{answered_survey.pk}/letter.docx?lang=fr")
    french_text = "\n".join(p.text for p in Document(io.BytesIO(french.content)).paragraphs)
    assert (
        "au plus tard le 30 avril 2026" in french_text and "Organisation mondiale des douanes" in french_text
    )


def test_secretariat_imports_creates_and_opens_a_survey_through_pages(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    client = client_for(secretariat)
    bad = forms.build_xlsform([{"type": "selfie", "name": "g", "label": "Where"}])
    page = client.post(
        "/surveys/questionnaires/", {"code": "geo", "file": io.BytesIO(bad)}, format="multipart"
    )
    assert page.status_code == 200 and "row 2" in page.content.decode()
    upload = io.BytesIO(forms.odk_matrix_form())
    upload.name = "coverage.xlsx"
    assert client.post("/surveys/questionnaires/", {"code": "coverage", "file": upload}).status_code == 302
    from clearway.surveys.models import QuestionnaireVersion

    version = QuestionnaireVersion.objects.get(questionnaire__code="coverage")
    created = client.post(
        "/surveys/new/",
        {
            "version": version.pk,
            "reference": "ECOM/2026/9",
            "letter_date": "2026-05-01",
            "signatory": "Dir.",
            "target_kind": "region",
            "regions": [focal_a.member.region_id],
            "deadline": "2026-06-30",
            "disclosure": "aggregate",
        },
    )
    survey = Survey.objects.get(reference="ECOM/2026/9")
    assert created.status_code == 302 and survey.targets.filter(iso3="KEN").exists()
    assert not survey.targets.filter(iso3="FRA").exists()
    assert (
        client_for(focal_a).get(f"/surveys/{survey.pk}/").status_code == 404
    )  # drafts are not shown to Members
    client.post(f"/surveys/{survey.pk}/transition/", {"to": "open"})
    answer_page = client_for(focal_a).get(f"/surveys/{survey.pk}/answer/")
    assert (
        answer_page.status_code == 200
        and 'data-relevant="${ready} = &#x27;yes&#x27;"' in answer_page.content.decode()
    )
    assert not Response.objects.filter(
        survey=survey, member=focal_a.member
    ).exists()  # opening writes nothing
    assert client_for(focal_a).post(f"/surveys/{survey.pk}/transition/", {"to": "closed"}).status_code == 403


@pytest.mark.parametrize("path", ["/api/surveys/questionnaires", "/api/surveys/surveys"])
def test_api_is_in_the_openapi_schema(client_for: Any, secretariat: Any, path: str) -> None:
    schema = client_for(secretariat).get("/api/openapi.json").json()
    assert path in schema["paths"]
    assert "put" in schema["paths"]["/api/surveys/surveys/{survey_id}/response"]


def test_regional_office_reads_submitted_responses_of_its_region_only(
    answered_survey: Survey, client_for: Any, regional_esa: Any
) -> None:
    client = client_for(regional_esa)
    kenya = Response.objects.get(survey=answered_survey, member__iso3="KEN")
    france = Response.objects.get(survey=answered_survey, member__iso3="FRA")
    brazil_draft = Response.objects.get(survey=answered_survey, member__iso3="BRA")
    assert client.get(f"/surveys/{answered_survey.pk}/responses/{kenya.pk}/").status_code == 200
    assert client.get(f"/surveys/{answered_survey.pk}/responses/{france.pk}/").status_code == 404
    assert client.get(f"/surveys/{answered_survey.pk}/responses/{brazil_draft.pk}/").status_code == 404
    assert client.get(f"/surveys/{answered_survey.pk}/answer/").status_code == 403
    assert client.get(f"/surveys/{answered_survey.pk}/statistics/").status_code == 403  # secretariat-only


def test_member_page_panel_is_scoped(
    answered_survey: Survey, client_for: Any, secretariat: Any, focal_b: Any
) -> None:
    from clearway.surveys.member_panels import member_panels

    kenya = answered_survey.targets.get(iso3="KEN")
    panels = member_panels(member=kenya, viewer=secretariat)
    assert len(panels) == 1 and "ECOM/2026/1" in panels[0].html and "Submitted" in panels[0].html
    # Uganda's focal point sees the survey sent to Kenya too (it was sent to Uganda) but not Kenya's response
    html = member_panels(member=kenya, viewer=focal_b)[0].html
    assert "ECOM/2026/1" in html and "/responses/" not in html


def test_questionnaire_import_and_export_through_the_api(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    from clearway.surveys.xlsform import xlsform_to_definition

    client = client_for(secretariat)
    upload = io.BytesIO(forms.kobo_programme_form())
    upload.name = "programme.xlsx"
    created = client.post("/api/surveys/questionnaires/import", {"code": "programme", "file": upload})
    assert created.status_code == 201 and created.json()["number"] == 1
    assert created.json()["languages"] == ["en", "fr"]
    listed = client.get("/api/surveys/questionnaires").json()
    assert "programme" in [q["code"] for q in listed]
    exported = client.get("/api/surveys/questionnaires/programme/versions/1/xlsform")
    detail = client.get("/api/surveys/questionnaires/programme/versions/1").json()
    assert xlsform_to_definition(exported.content) == detail["definition"]
    bad = io.BytesIO(forms.build_xlsform([{"type": "selfie", "name": "g", "label": "G"}]))
    bad.name = "bad.xlsx"
    refused = client.post("/api/surveys/questionnaires/import", {"code": "bad", "file": bad})
    assert refused.status_code == 400 and "row 2" in refused.json()["message"]
    assert refused.json()["fields"]["file"] == [
        "Sheet “survey”, row 2, column “type”, value “selfie”: the question type “selfie” is not supported by Clearway."
    ]
    member_upload = io.BytesIO(forms.single_language_form())
    member_upload.name = "x.xlsx"
    denied = client_for(focal_a).post(
        "/api/surveys/questionnaires/import", {"code": "x", "file": member_upload}
    )
    assert denied.status_code == 403
    assert client_for(focal_a).get("/api/surveys/questionnaires/programme/versions/1").status_code == 404


def test_refused_answers_are_visible_on_the_response_page(
    make_survey: Any, client_for: Any, focal_a: Any, contributor_a: Any, secretariat: Any
) -> None:
    survey = make_survey()
    url = f"/api/surveys/surveys/{survey.pk}/response"
    started = client_for(focal_a).post(url).json()
    _put(
        client_for(focal_a), url, {"answers": {"experience": "first"}, "expected_version": started["version"]}
    )
    stale = _put(
        client_for(contributor_a),
        url,
        {"answers": {"experience": "typed by a colleague"}, "expected_version": started["version"]},
    )
    assert stale.status_code == 409
    page = client_for(focal_a).get(f"/surveys/{survey.pk}/responses/{started['id']}/").content.decode()
    assert "Refused: saved over a newer version" in page and "typed by a colleague" in page
    detail = client_for(secretariat).get(f"/surveys/{survey.pk}/?show=pending").content.decode()
    assert "Kenya" in detail and "Morocco" in detail
    assert (
        "Kenya" not in client_for(secretariat).get(f"/surveys/{survey.pk}/?show=submitted").content.decode()
    )


def test_survey_lifecycle_through_the_api(
    stats_version: Any, client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    client = client_for(secretariat)
    body = {
        "questionnaire": "stats",
        "version": stats_version.number,
        "reference": "API/2026/1",
        "letter_date": "2026-02-01",
        "signatory": "Dir.",
        "target_kind": "region",
        "regions": ["ESA"],
        "deadline": "2026-03-01",
        "disclosure": "aggregate",
    }
    created = client.post("/api/surveys/surveys", data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "draft"
    survey_id = created.json()["id"]
    assert (
        created.json()["targeted"]
        == Survey.objects.get(pk=survey_id).targets.filter(region__code="ESA").count()
    )
    duplicate = client.post("/api/surveys/surveys", data=json.dumps(body), content_type="application/json")
    assert duplicate.status_code == 400 and "reference" in duplicate.json()["fields"]
    assert client_for(focal_a).post(f"/api/surveys/surveys/{survey_id}/open").status_code == 404  # a draft
    assert client.post(f"/api/surveys/surveys/{survey_id}/open").json()["state"] == "open"
    assert client_for(focal_a).post(f"/api/surveys/surveys/{survey_id}/close").status_code == 403
    assert client.post(f"/api/surveys/surveys/{survey_id}/remind").json()["members"][:1] != []
    assert client.post(f"/api/surveys/surveys/{survey_id}/close").json()["state"] == "closed"
    assert client.post(f"/api/surveys/surveys/{survey_id}/open").status_code == 409  # closed stays closed


def test_secretariat_answers_on_behalf_of_a_member(
    make_survey: Any, client_for: Any, secretariat: Any
) -> None:
    survey = make_survey()
    client = client_for(secretariat)
    assert client.get(f"/surveys/{survey.pk}/answer/").status_code == 403  # which Member? it must say
    page = client.get(f"/surveys/{survey.pk}/answer/?member=KEN")
    assert (
        page.status_code == 200
        and f"/api/surveys/surveys/{survey.pk}/response?member=KEN" in page.content.decode()
    )
    url = f"/api/surveys/surveys/{survey.pk}/response?member=KEN"
    assert client.get(url).status_code == 404  # nothing stored until the first save
    assert '"version": 1' in page.content.decode()  # the version the page's first save starts from
    saved = _put(client, url, {"answers": {"has_prog": "no"}, "expected_version": 1})
    assert saved.status_code == 200 and saved.json()["member"] == "KEN"
    submit = f"/api/surveys/surveys/{survey.pk}/response/submit?member=KEN"
    assert client.post(submit).json()["state"] == "submitted"
    assert client.get(f"/api/surveys/surveys/{survey.pk}/response?member=ZZZ").status_code == 404


def test_opening_the_answer_page_writes_nothing_and_an_early_submit_lists_what_is_missing(
    make_survey: Any, client_for: Any, focal_a: Any
) -> None:
    """A page view stores no response and records no audit event; submitting before any save checks the empty
    answers and says what is missing (the response is created then, by the submission)."""
    survey = make_survey()
    client = client_for(focal_a)
    events = AuditEvent.objects.count()
    for _ in range(2):
        assert client.get(f"/surveys/{survey.pk}/answer/").status_code == 200
    assert not Response.objects.filter(survey=survey).exists() and AuditEvent.objects.count() == events
    refused = client.post(f"/api/surveys/surveys/{survey.pk}/response/submit")
    assert refused.status_code == 400 and refused.json()["fields"]
    assert Response.objects.get(survey=survey).state == "draft"


def test_the_french_letter_is_french_throughout_and_the_page_matches_the_document(
    answered_survey: Survey, client_for: Any, focal_a: Any
) -> None:
    answered_survey.signatory_title_en = "Director, Compliance and Facilitation"
    answered_survey.signatory_title_fr = "Directeur, Contrôle et facilitation"
    answered_survey.save()
    client = client_for(focal_a)
    docx = client.get(f"/surveys/{answered_survey.pk}/letter.docx?lang=fr")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Notre référence\u00a0: ECOM/2026/1" in text and "Objet\u00a0: " in text
    assert "Our reference" not in text and "Subject" not in text
    assert "Directeur, Contrôle et facilitation" in text and "Compliance" not in text
    html = client.get(f"/surveys/{answered_survey.pk}/letter/?lang=fr").content.decode()
    letter = html[html.index('id="letter"') :]
    for line in ("Notre référence", "Objet", "Madame la Directrice générale", "haute considération"):
        assert line in letter and line in text
    english = client.get(f"/surveys/{answered_survey.pk}/letter/?lang=en").content.decode()
    assert "Dear Director General," in english and "Yours sincerely," in english
    assert "Director, Compliance and Facilitation" in english


def test_the_answering_page_shows_the_questions_in_the_chosen_form_language_each_time(
    make_survey: Any, client_for: Any, focal_a: Any, secretariat: Any
) -> None:
    """The questions are drawn once per questionnaire version and language and then kept: a visit in one
    language never serves another language's questions."""
    import io

    from clearway.surveys.services import questionnaire_import_xlsform
    from tests.surveys import forms

    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.odk_matrix_form()), code="matrix", actor=secretariat
    )
    survey = make_survey(reference="ECOM/2026/7", version=version, iso3s=["KEN"])
    client = client_for(focal_a)
    path = f"/surveys/{survey.pk}/answer/"
    for _round in range(2):
        english = client.get(path + "?form_lang=en").content.decode()
        french = client.get(path + "?form_lang=fr").content.decode()
        assert "Coverage by stakeholder" in english and "Couverture par acteur" not in english
        assert "Couverture par acteur" in french and "Coverage by stakeholder" not in french
