"""XLSForm import and export: pyxform reads the workbook as Kobo and ODK users wrote it, Clearway keeps every
sheet and gives it back, and every problem is reported at once with its sheet, row, column and value."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from clearway.core.exceptions import PermissionDenied, ValidationFailed
from clearway.surveys.definition import fields, walk
from clearway.surveys.services import questionnaire_export_xlsform, questionnaire_import_xlsform
from clearway.surveys.xlsform import (
    XLSFormRefused,
    definition_to_xlsform,
    xlsform_read,
    xlsform_to_definition,
)
from tests.surveys import forms
from tests.surveys.xlsform_checks import pyxform_json

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"
# The .xls workbooks come from the shared corpus beside the repository (openpyxl writes no .xls): without it, the
# tests that read them are skipped, saying why.
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus of XLSForms is not on this machine"
)

FORMS = [
    forms.kobo_programme_form,
    forms.odk_matrix_form,
    forms.single_language_form,
    forms.stats_form,
    forms.or_other_form,
]


def _node(definition: dict[str, Any], name: str) -> dict[str, Any]:
    return next(node for node, _a in walk(definition["children"]) if node["name"] == name)


@pytest.mark.parametrize("make_form", FORMS, ids=lambda f: f.__name__)
def test_round_trip_export_then_import_gives_the_same_definition_and_the_same_form_for_pyxform(
    make_form: Any,
) -> None:
    original = make_form()
    definition = xlsform_to_definition(original)
    exported = definition_to_xlsform(definition)
    assert xlsform_to_definition(exported) == definition
    assert pyxform_json(exported, "export.xlsx") == pyxform_json(original, "form.xlsx")
    assert load_workbook(io.BytesIO(exported)).sheetnames[:2] == ["survey", "choices"]


def test_kobo_form_keeps_languages_skip_logic_constraints_repeats_and_its_metadata_fields() -> None:
    d = xlsform_to_definition(forms.kobo_programme_form())
    assert d["languages"] == ["en", "fr"]
    assert d["title"] == {"en": "Programme survey", "fr": "Enquête sur les programmes"}
    start = _node(d, "start")
    assert (start["type"], start["metadata"]) == ("metadata", "start")
    year = _node(d, "launch_year")
    assert year["relevant"] == "${has_programme} = 'yes'"
    assert year["constraint"] == ". >= 1990 and . <= 2030"
    assert year["constraint_message"] == {"en": "Between 1990 and 2030.", "fr": "Entre 1990 et 2030."}
    assert year["required"] is True
    assert _node(d, "has_programme")["required_message"] == {
        "en": "Please answer.",
        "fr": "Veuillez répondre.",
    }
    repeat = next(c for c in d["children"] if c["type"] == "repeat")
    assert [c["name"] for c in repeat["children"]] == ["partner", "scope"]
    assert [c["name"] for c in d["choice_lists"]["operators"]] == ["express", "postal", "platforms", "other"]
    assert d["choice_lists"]["yesno"][0]["label"] == {"en": "Yes", "fr": "Oui"}
    # Kobo's own bookkeeping column comes back on export
    exported = load_workbook(io.BytesIO(definition_to_xlsform(d)))["survey"]
    assert "$kuid" in [c.value for c in exported[1]]


def test_or_other_adds_the_other_choice_and_a_specify_question() -> None:
    d = xlsform_to_definition(forms.or_other_form())
    assert [c["name"] for c in d["choice_lists"]["channel"]] == ["post", "express", "other"]
    specify = _node(d, "channel_other")
    assert specify["type"] == "text"
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


# ---------------------------------------------------------------- the defects of issue 27, one by one


@needs_corpus
def test_an_xls_workbook_imports_as_it_is() -> None:
    d = xlsform_to_definition((CORPUS / "tests_example_xls_group.xls").read_bytes(), filename="group.xls")
    assert _node(d, "father")["type"] == "group"
    assert _node(d, "phone_number")["type"] == "text"


def test_curly_quotes_in_an_expression_are_straightened_as_pyxform_does() -> None:
    data = forms.build_xlsform(
        [
            {"type": "text", "name": "a", "label": "A"},
            {"type": "text", "name": "b", "label": "B", "relevant": "${a} = \u2018yes\u2019"},
        ]
    )
    assert _node(xlsform_to_definition(data), "b")["relevant"] == "${a} = 'yes'"


def test_label_english_column_and_harmless_extra_columns_import_and_come_back_on_export() -> None:
    data = forms.build_xlsform(
        [
            {"type": "text", "name": "a", "label:English": "Name?", "notes": "asked first", "colour": "red"},
            {"type": "integer", "name": "b", "label:English": "Age?", "hint:English": "In years"},
        ]
    )
    d = xlsform_to_definition(data)
    assert _node(d, "a")["label"] == {"en": "Name?"} and d["languages"] == ["en"]
    assert _node(d, "b")["hint"] == {"en": "In years"}
    sheet = load_workbook(io.BytesIO(definition_to_xlsform(d)))["survey"]
    headers = [c.value for c in sheet[1]]
    assert {"notes", "colour", "label:English"} <= set(headers)
    assert sheet.cell(row=2, column=headers.index("notes") + 1).value == "asked first"


def test_allow_choice_duplicates_survives_the_export_so_clearway_reimports_its_own_export() -> None:
    data = forms.build_xlsform(
        [{"type": "select_one l", "name": "q", "label": "Q"}],
        [
            {"list_name": "l", "name": "a", "label": "A"},
            {"list_name": "l", "name": "a", "label": "A again"},
        ],
        {"allow_choice_duplicates": "yes"},
    )
    d = xlsform_to_definition(data)
    assert d["settings"]["allow_choice_duplicates"] == "yes"
    assert xlsform_to_definition(definition_to_xlsform(d)) == d


@needs_corpus
def test_a_table_list_group_is_a_matrix_without_a_phantom_question() -> None:
    d = xlsform_to_definition((CORPUS / "tests_example_xls_table-list.xls").read_bytes(), filename="t.xls")
    names = [f.name for f in fields(d)]
    assert not [n for n in names if n.startswith("reserved_name_for_field_list_labels")]
    assert all(f.label for f in fields(d) if f.type not in ("calculate", "metadata"))
    assert any(node["type"] == "matrix" for node, _a in walk(d["children"]))


def test_choice_images_settings_aliases_and_other_languages_are_kept() -> None:
    data = forms.build_xlsform(
        [
            {
                "type": "select_one fruit",
                "name": "f",
                "label::Swahili (sw)": "Tunda",
                "label::English (en)": "Fruit",
            },
        ],
        [
            {
                "list_name": "fruit",
                "name": "mango",
                "label::Swahili (sw)": "Embe",
                "label::English (en)": "Mango",
                "media::image::English (en)": "mango.png",
            },
        ],
        {"title": "Matunda", "id_string": "fruit_form", "default_language": "Swahili (sw)"},
    )
    d = xlsform_to_definition(data)
    assert d["languages"] == ["en", "sw"] and d["default_language"] == "sw"
    assert (d["title"], d["form_id"]) == ({"sw": "Matunda"}, "fruit_form")
    assert d["choice_lists"]["fruit"][0]["media"] == {"image": {"en": "mango.png"}}
    assert _node(d, "f")["label"] == {"en": "Fruit", "sw": "Tunda"}


def test_every_problem_is_reported_at_once_with_sheet_row_column_and_value() -> None:
    data = forms.build_xlsform(
        [
            {"type": "rank fruit", "name": "r", "label": "Rank"},
            {"type": "text", "name": "ok", "label": "Fine"},
            {"type": "selfie", "name": "s", "label": "Smile"},
            {"type": "calculate", "name": "c", "label": "No calculation"},
        ],
        [{"list_name": "fruit", "name": "a", "label": "A"}],
    )
    with pytest.raises(XLSFormRefused) as info:
        xlsform_to_definition(data)
    texts = info.value.field_errors["file"]
    assert "Sheet “survey”, row 2, column “type”, value “rank fruit”" in texts[0]
    assert any("row 4, column “type”, value “selfie”" in t for t in texts)
    assert any("row 5" in t and "pyxform" in t and "calculation" in t for t in texts)


def test_problems_read_in_french_for_a_french_reader() -> None:
    data = forms.build_xlsform([{"type": "selfie", "name": "s", "label": "Smile"}])
    with translation.override("fr"), pytest.raises(XLSFormRefused) as info:
        xlsform_to_definition(data)
    assert (
        "Feuille «\u00a0survey\u00a0», ligne 2, colonne «\u00a0type\u00a0», valeur «\u00a0selfie\u00a0»\u00a0: le type"
        in info.value.field_errors["file"][0]
    )


def test_a_pyxform_refusal_is_located_by_sheet_and_row() -> None:
    data = forms.build_xlsform([{"type": "text", "label": "No name"}])
    result = xlsform_read(data)
    assert result.refused
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column, problem.code) == ("survey", 2, "name", "pyxform")


def test_a_pyxform_refusal_naming_a_question_is_located_at_its_row() -> None:
    data = forms.build_xlsform(
        [
            {"type": "note", "name": "intro", "label:English": "Hello"},
            {"type": "text", "name": "a", "label:English": "A"},
            {"type": "text", "name": "b", "label:English": "B", "hint::English (en)": "h"},
        ]
    )
    [problem] = xlsform_read(data).problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 2, "label")
    assert "has no label or hint" in problem.text()


def test_expressions_clearway_does_not_evaluate_are_kept_and_reported_not_refused() -> None:
    data = forms.build_xlsform(
        [
            {"type": "text", "name": "t", "label": "T"},
            {"type": "calculate", "name": "p", "calculation": "pulldata('prices', 'price', 'name', ${t})"},
            {"type": "text", "name": "u", "label": "U", "trigger": "${t}"},
        ]
    )
    result = xlsform_read(data)
    assert not result.refused
    codes = {(p.code, p.row, p.column) for p in result.problems}
    assert ("expression_function", 3, "calculation") in codes
    assert ("trigger_not_evaluated", 4, "trigger") in codes
    assert _node(result.definition or {}, "p")["not_evaluated"] == ["calculation"]


def test_csv_and_markdown_xlsforms_import_like_workbooks() -> None:
    markdown = b"""
| survey |         |      |        |
|        | type    | name | label  |
|        | integer | age  | Age    |
| settings |       |      |        |
|        | form_title | form_id |  |
|        | Ages    | ages |        |
"""
    assert _node(xlsform_to_definition(markdown, filename="ages.md"), "age")["type"] == "integer"
    csv = b"survey,type,name,label\n,text,who,Who?\n"
    assert _node(xlsform_to_definition(csv, filename="who.csv"), "who")["label"] == {"en": "Who?"}


def test_select_one_from_file_takes_its_choices_from_the_file_uploaded_with_the_form() -> None:
    data = forms.build_xlsform(
        [{"type": "select_one_from_file districts.csv", "name": "d", "label": "District"}]
    )
    attachments = {"districts.csv": b"name,label,region\nnbo,Nairobi,c\nmsa,Mombasa,e\n"}
    d = xlsform_to_definition(data, attachments=attachments)
    assert _node(d, "d")["list"] == "districts.csv"
    assert [c["name"] for c in d["choice_lists"]["districts.csv"]] == ["nbo", "msa"]
    assert d["choice_lists"]["districts.csv"][0]["columns"] == {"region": "c"}
    missing = xlsform_read(data)
    assert not missing.refused and missing.problems[0].code == "file_missing"


def test_an_unsupported_type_is_refused_with_its_row_and_column() -> None:
    data = forms.build_xlsform(
        [{"type": "rank fruit", "name": "r", "label": "R"}],
        [{"list_name": "fruit", "name": "a", "label": "A"}],
    )
    with pytest.raises(ValidationFailed, match="row 2, column “type”, value “rank fruit”"):
        xlsform_to_definition(data)


def test_not_a_workbook_is_a_clear_error() -> None:
    with pytest.raises(ValidationFailed, match="not an XLSForm that can be read"):
        xlsform_to_definition(b"\x00\x01 not a form", filename="x.bin")


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
    reimported = questionnaire_import_xlsform(
        file=io.BytesIO(exported), code="programme-copy", actor=secretariat, source_name="programme-v1.xlsx"
    )
    assert reimported.definition == v1.definition


def test_only_the_secretariat_imports(focal_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        questionnaire_import_xlsform(file=io.BytesIO(forms.single_language_form()), code="x", actor=focal_a)


def test_a_pyxform_refusal_of_a_parameter_is_located_at_the_row_that_sets_it() -> None:
    data = forms.build_xlsform(
        [
            {"type": "text", "name": "t", "label": "T"},
            {"type": "audit", "name": "audit", "parameters": "location-priority=foo"},
        ]
    )
    [problem] = xlsform_read(data).problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "parameters")


def test_a_csv_form_with_an_empty_trailing_column_round_trips() -> None:
    csv = b"survey,type,name,label,\n,text,who,Who?,\nsettings,form_title,form_id,\n,Who,who,\n"
    d = xlsform_to_definition(csv, filename="who.csv")
    assert xlsform_to_definition(definition_to_xlsform(d)) == d


def test_the_import_page_lists_every_problem_and_the_version_page_what_is_not_evaluated(
    client_for: Any, secretariat: Any
) -> None:
    client = client_for(secretariat)
    bad = io.BytesIO(
        forms.build_xlsform(
            [{"type": "selfie", "name": "s", "label": "S"}, {"type": "hologram", "name": "h", "label": "H"}]
        )
    )
    bad.name = "bad.xlsx"
    page = client.post("/surveys/questionnaires/", {"code": "bad", "file": bad}).content.decode()
    assert "row 2, column “type”, value “selfie”" in page and "row 3, column “type”, value “hologram”" in page
    good = io.BytesIO(
        forms.build_xlsform(
            [
                {"type": "text", "name": "t", "label": "T"},
                {"type": "calculate", "name": "p", "calculation": "pulldata('f', 'a', 'b', ${t})"},
            ]
        )
    )
    good.name = "prices.xls"  # the name says .xls, the bytes say .xlsx: the bytes win
    created = client.post("/surveys/questionnaires/", {"code": "prices", "file": good})
    assert created.status_code == 302
    version_page = client.get(created["Location"]).content.decode()
    assert "Kept but not evaluated" in version_page and "pulldata() is not evaluated" in version_page


def test_a_form_titled_only_in_another_language_keeps_that_title(secretariat: Any) -> None:
    data = forms.build_xlsform(
        [{"type": "text", "name": "a", "label::Swahili (sw)": "Jina"}],
        settings={"form_title": "Dodoso", "default_language": "Swahili (sw)"},
    )
    version = questionnaire_import_xlsform(file=io.BytesIO(data), code="dodoso", actor=secretariat)
    assert version.title_en == "Dodoso"
