"""XLSForm import and export: real-world-style forms round-trip, unsupported features are refused by row."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from clearway.core.exceptions import PermissionDenied, ValidationFailed
from clearway.surveys.services import questionnaire_export_xlsform, questionnaire_import_xlsform
from clearway.surveys.xlsform import definition_to_xlsform, xlsform_to_definition
from tests.surveys import forms

FORMS = [
    forms.kobo_programme_form,
    forms.odk_matrix_form,
    forms.single_language_form,
    forms.stats_form,
    forms.or_other_form,
]


@pytest.mark.parametrize("make_form", FORMS, ids=lambda f: f.__name__)
def test_round_trip_export_then_import_gives_the_same_definition(make_form: Any) -> None:
    definition = xlsform_to_definition(make_form())
    exported = definition_to_xlsform(definition)
    assert xlsform_to_definition(exported) == definition
    # and the export is a plain XLSForm with the three sheets ODK tools expect
    assert load_workbook(io.BytesIO(exported)).sheetnames == ["survey", "choices", "settings"]


def test_kobo_form_keeps_languages_skip_logic_constraints_and_repeats() -> None:
    d = xlsform_to_definition(forms.kobo_programme_form())
    assert d["languages"] == ["en", "fr"]
    assert d["title"] == {"en": "Programme survey", "fr": "Enquête sur les programmes"}
    names = [c["name"] for c in d["children"]]
    assert "start" not in names and "end" not in names  # Kobo metadata is accepted and ignored
    year = next(c for c in d["children"] if c["name"] == "launch_year")
    assert year["relevant"] == "${has_programme} = 'yes'"
    assert year["constraint"] == ". >= 1990 and . <= 2030"
    assert year["constraint_message"] == {"en": "Between 1990 and 2030.", "fr": "Entre 1990 et 2030."}
    assert year["required"] is True
    has = d["children"][0]
    assert has["required_message"] == {"en": "Please answer.", "fr": "Veuillez répondre."}
    repeat = next(c for c in d["children"] if c["type"] == "repeat")
    assert [c["name"] for c in repeat["children"]] == ["partner", "scope"]
    assert [c["name"] for c in d["choice_lists"]["operators"]] == ["express", "postal", "platforms", "other"]
    assert d["choice_lists"]["yesno"][0]["label"] == {"en": "Yes", "fr": "Oui"}


def test_or_other_adds_the_other_choice_and_a_specify_question() -> None:
    d = xlsform_to_definition(forms.or_other_form())
    assert [c["name"] for c in d["choice_lists"]["channel"]] == ["post", "express", "other"]
    specify = d["children"][1]
    assert (specify["type"], specify["name"]) == ("text", "channel_other")
    assert specify["relevant"] == "selected(${channel}, 'other')"


def test_matrix_idiom_becomes_a_matrix_question() -> None:
    d = xlsform_to_definition(forms.odk_matrix_form())
    matrix = d["children"][1]
    assert matrix["type"] == "matrix"
    assert matrix["list"] == "status"
    assert matrix["relevant"] == "${ready} = 'yes'"
    assert matrix["header"]["label"] == {"en": "Stakeholder", "fr": "Acteur"}
    assert [r["name"] for r in matrix["rows"]] == ["cover_express", "cover_postal"]
    assert matrix["rows"][0]["required"] is True
    assert d["children"][2]["type"] == "group"  # a plain group is not mistaken for a matrix


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"type": "geopoint", "name": "where", "label": "Where?"},
            "row 3: the question type “geopoint” is not supported",
        ),
        (
            {"type": "calculate", "name": "c", "calculation": "1 + 1"},
            "row 3: the column “calculation” is not supported",
        ),
        (
            {"type": "select_one yn", "name": "f", "label": "F", "choice_filter": "name != 'x'"},
            "row 3: the column “choice_filter”",
        ),
        (
            {"type": "text", "name": "t", "label": "T", "relevant": "${nowhere} = 'x'"},
            "row 3: relevant refers to unknown questions: nowhere",
        ),
        (
            {"type": "text", "name": "t", "label": "T", "relevant": "pulldata('a', 'b')"},
            "row 3: relevant: The function pulldata() is not supported",
        ),
        (
            {"type": "text", "name": "t", "label": "T", "required": "${ok} = 'yes'"},
            "row 3: a conditional “required”",
        ),
    ],
)
def test_unsupported_feature_names_the_sheet_and_row(row: dict[str, Any], expected: str) -> None:
    data = forms.build_xlsform(
        [{"type": "select_one yn", "name": "ok", "label": "OK?"}, row],
        [{"list_name": "yn", "name": "yes", "label": "Yes"}],
    )
    with pytest.raises(ValidationFailed) as info:
        xlsform_to_definition(data)
    assert "Sheet “survey”" in str(info.value.message)
    assert expected in str(info.value.message)


def test_nested_repeat_is_refused_by_row() -> None:
    data = forms.build_xlsform(
        [
            {"type": "begin repeat", "name": "outer", "label": "Outer"},
            {"type": "begin repeat", "name": "inner", "label": "Inner"},
            {"type": "text", "name": "t", "label": "T"},
            {"type": "end repeat"},
            {"type": "end repeat"},
        ]
    )
    with pytest.raises(
        ValidationFailed, match="row 3: a repeat group inside a repeat group is not supported"
    ):
        xlsform_to_definition(data)


def test_not_a_workbook_and_invalid_xlsform_are_clear_errors() -> None:
    with pytest.raises(ValidationFailed, match="not an .xlsx workbook"):
        xlsform_to_definition(b"name,label\n")
    missing_list = forms.build_xlsform([{"type": "select_one nolist", "name": "q", "label": "Q"}], [])
    with pytest.raises(ValidationFailed, match="not valid"):
        xlsform_to_definition(missing_list)


def test_import_versions_and_is_idempotent(secretariat: Any) -> None:
    v1 = questionnaire_import_xlsform(
        file=io.BytesIO(forms.kobo_programme_form()), code="programme", actor=secretariat
    )
    again = questionnaire_import_xlsform(
        file=io.BytesIO(forms.kobo_programme_form()), code="programme", actor=secretariat
    )
    assert again.pk == v1.pk and v1.number == 1
    v2 = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="programme", actor=secretariat
    )
    assert v2.number == 2 and v2.questionnaire_id == v1.questionnaire_id
    assert v1.title_fr == "Enquête sur les programmes"
    exported = questionnaire_export_xlsform(version=v1)
    assert xlsform_to_definition(exported) == v1.definition


def test_only_the_secretariat_imports(focal_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        questionnaire_import_xlsform(file=io.BytesIO(forms.single_language_form()), code="x", actor=focal_a)
