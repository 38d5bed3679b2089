"""Answers under ODK's rules, on the server: relevance clears values, calculations, conditional required,
constraints with their messages, cascading selects, and the question types Kobo and ODK forms use."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearway.core.exceptions import ValidationFailed
from clearway.members.models import Member
from clearway.surveys.answers import (
    answers_default,
    answers_effective,
    answers_normalise,
    answers_validate,
    choices_allowed,
)
from clearway.surveys.services import (
    questionnaire_import_xlsform,
    response_file_attach,
    response_get_or_create,
    response_save_draft,
    response_submit,
    survey_create,
    survey_open,
)
from clearway.surveys.statistics import survey_statistics
from clearway.surveys.xlsform import xlsform_to_definition
from tests.surveys import forms

YESNO = [{"list_name": "yn", "name": "yes", "label": "Yes"}, {"list_name": "yn", "name": "no", "label": "No"}]


def _form(survey: list[dict[str, Any]], choices: list[dict[str, Any]] = YESNO, **kw: Any) -> dict[str, Any]:
    return xlsform_to_definition(forms.build_xlsform(survey, choices), **kw)


CHAIN = [
    {"type": "select_one yn", "name": "a", "label": "A"},
    {"type": "select_one yn", "name": "b", "label": "B", "relevant": "${a} = 'yes'"},
    {"type": "text", "name": "c", "label": "C", "relevant": "${b} = 'yes'", "required": "yes"},
    {"type": "calculate", "name": "n", "calculation": "if(${b} = 'yes', 10, 1) * 2"},
]


def test_an_answer_hidden_by_a_question_that_is_no_longer_relevant_stops_counting_downstream() -> None:
    d = _form(CHAIN)
    # b keeps its stored "yes", but b is not relevant once a is "no": so c is not relevant either (ODK),
    # and the calculation reads b as empty.
    effective = answers_effective(d, {"a": "no", "b": "yes", "c": "kept in the draft"})
    assert effective == {"a": "no", "n": "2"}
    assert answers_validate(d, {"a": "no", "b": "yes"}, lang="en") == {}
    assert answers_effective(d, {"a": "yes", "b": "yes", "c": "x"})["n"] == "20"
    assert answers_validate(d, {"a": "yes", "b": "yes"}, lang="en") == {
        "c": ["This question requires an answer."]
    }


def test_calculated_values_sent_by_a_browser_are_ignored_the_server_computes_them() -> None:
    d = _form(CHAIN)
    assert answers_normalise(d, {"a": "yes", "n": "999"}) == {"a": "yes"}


def test_required_with_a_condition_and_its_message_and_a_constraint_message() -> None:
    d = _form(
        [
            {"type": "select_one yn", "name": "has", "label": "Has?"},
            {
                "type": "integer",
                "name": "count",
                "label": "How many?",
                "required": "${has} = 'yes'",
                "required_message": "Say how many.",
                "constraint": ". > 0 and . < ${limit}",
                "constraint_message": "Between 1 and the limit.",
            },
            {"type": "integer", "name": "limit", "label": "Limit", "default": "10"},
        ]
    )
    assert answers_validate(d, {"has": "no"}, lang="en") == {}
    assert answers_validate(d, {"has": "yes"}, lang="en") == {"count": ["Say how many."]}
    assert answers_validate(d, {"has": "yes", "count": 12, "limit": 10}, lang="en") == {
        "count": ["Between 1 and the limit."]
    }
    assert answers_default(d) == {"limit": 10}


CASCADE_CHOICES = [
    {"list_name": "country", "name": "ke", "label": "Kenya"},
    {"list_name": "country", "name": "fr", "label": "France"},
    {"list_name": "city", "name": "nbo", "label": "Nairobi", "cc": "ke"},
    {"list_name": "city", "name": "par", "label": "Paris", "cc": "fr"},
]


def test_a_cascading_select_offers_and_accepts_only_the_choices_its_filter_keeps() -> None:
    d = _form(
        [
            {"type": "select_one country", "name": "country", "label": "Country"},
            {"type": "select_one city", "name": "city", "label": "City", "choice_filter": "cc = ${country}"},
        ],
        CASCADE_CHOICES,
    )
    city = d["children"][1]
    assert [c["name"] for c in choices_allowed(d, city, {"country": "ke"})] == ["nbo"]
    assert answers_validate(d, {"country": "ke", "city": "par"}, lang="en") == {
        "city": ["Not an option of this question: par."]
    }
    assert answers_validate(d, {"country": "fr", "city": "par"}, lang="en") == {}


def test_select_one_from_file_checks_answers_against_the_uploaded_file() -> None:
    d = xlsform_to_definition(
        forms.build_xlsform([{"type": "select_one_from_file ports.csv", "name": "port", "label": "Port"}]),
        attachments={"ports.csv": b"name,label\nmba,Mombasa\ndar,Dar es Salaam\n"},
    )
    assert answers_validate(d, {"port": "dar"}, lang="en") == {}
    assert answers_validate(d, {"port": "lag"}, lang="en") == {
        "port": ["Not an option of this question: lag."]
    }


TYPES = [
    {"type": "time", "name": "t", "label": "T"},
    {"type": "dateTime", "name": "dt", "label": "DT"},
    {"type": "geopoint", "name": "gp", "label": "GP"},
    {"type": "geotrace", "name": "gt", "label": "GT"},
    {"type": "geoshape", "name": "gs", "label": "GS"},
    {"type": "range", "name": "r", "label": "R", "parameters": "start=0 end=10 step=2"},
    {"type": "acknowledge", "name": "ack", "label": "I agree"},
    {"type": "image", "name": "photo", "label": "Photo"},
]


@pytest.mark.parametrize(
    ("name", "sent", "problem"),
    [
        ("t", "09:30", ""),
        ("t", "25:00", "Enter a time as HH:MM."),
        ("dt", "2026-03-02T09:30", ""),
        ("dt", "2 March", "Enter a date and time as YYYY-MM-DD HH:MM."),
        ("gp", "-1.2921 36.8219", ""),
        ("gp", "-1.2921, 36.8219, 1650 5", ""),
        ("gp", "95 36", "Enter a point as latitude and longitude"),
        ("gt", "-1.29 36.82\n-1.30 36.83", ""),
        ("gt", "-1.29 36.82", "Enter at least two points"),
        ("gs", "0 0; 0 1; 1 1; 0 0", ""),
        ("gs", "0 0; 0 1; 1 1; 1 0", "Enter at least three points"),
        ("r", "4", ""),
        ("r", "5", "Choose a value in steps of 2 from 0."),
        ("r", "12", "Choose a value from 0 to 10."),
        ("ack", "OK", ""),
        ("photo", {"upload": 3, "name": "p.png"}, ""),
        ("photo", "p.png", "Upload a file."),
    ],
)
def test_each_question_type_is_checked_on_the_server(name: str, sent: Any, problem: str) -> None:
    d = _form(TYPES)
    errors = answers_validate(d, answers_normalise(d, {name: sent}), lang="en")
    if problem:
        assert errors[name][0].startswith(problem)
    else:
        assert name not in errors


def test_geo_answers_are_stored_as_odk_writes_them() -> None:
    d = _form(TYPES)
    assert answers_normalise(d, {"gt": "-1.29, 36.82\n-1.30 36.83"}) == {"gt": "-1.29 36.82; -1.30 36.83"}


def test_repeat_count_fixes_the_number_of_items_and_position_numbers_them() -> None:
    d = _form(
        [
            {"type": "integer", "name": "n", "label": "How many?"},
            {"type": "begin repeat", "name": "people", "label": "Person", "repeat_count": "${n}"},
            {"type": "text", "name": "who", "label": "Name", "required": "yes"},
            {"type": "calculate", "name": "pos", "calculation": "position(..)"},
            {"type": "end repeat"},
        ]
    )
    effective = answers_effective(d, {"n": 2, "people": [{"who": "Ann"}, {"who": "Bo"}, {"who": "extra"}]})
    assert effective["people"] == [{"who": "Ann", "pos": "1"}, {"who": "Bo", "pos": "2"}]
    assert answers_validate(d, {"n": 2, "people": [{"who": "Ann"}]}, lang="en") == {
        "people[2].who": ["This question requires an answer."]
    }


def test_nested_repeats_are_answered_and_checked_item_by_item() -> None:
    d = _form(
        [
            {"type": "begin repeat", "name": "plots", "label": "Plot"},
            {"type": "begin repeat", "name": "trees", "label": "Tree"},
            {"type": "decimal", "name": "height", "label": "Height", "constraint": ". < 100"},
            {"type": "end repeat"},
            {"type": "end repeat"},
        ]
    )
    answers = answers_normalise(d, {"plots": [{"trees": [{"height": "12.5"}, {"height": "140"}]}]})
    assert answers == {"plots": [{"trees": [{"height": 12.5}, {"height": 140}]}]}
    assert answers_validate(d, answers, lang="en") == {
        "plots[1].trees[2].height": ["This answer is not acceptable."]
    }


# ---------------------------------------------------------------- through the services


@pytest.fixture
def odk_survey(secretariat: Any) -> Any:
    data = forms.build_xlsform(
        [
            {"type": "start", "name": "start"},
            {"type": "end", "name": "end"},
            {"type": "username", "name": "user"},
            *CHAIN,
            {"type": "integer", "name": "staff", "label": "Staff", "default": "5"},
            {"type": "image", "name": "photo", "label": "Photo of the office"},
        ],
        YESNO,
    )
    version = questionnaire_import_xlsform(file=io.BytesIO(data), code="odk", actor=secretariat)
    survey = survey_create(
        version=version,
        reference="ODK/1",
        letter_date=datetime.date(2026, 3, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=list(Member.objects.filter(iso3__in=["KEN", "UGA"])),
        deadline=datetime.date(2026, 4, 30),
        actor=secretariat,
    )
    return survey_open(survey=survey, actor=secretariat)


def test_a_submitted_response_keeps_what_counts_plus_odk_metadata_and_statistics_ignore_the_rest(
    odk_survey: Any, focal_a: Any, secretariat: Any
) -> None:
    response = response_get_or_create(survey=odk_survey, member=focal_a.member, actor=focal_a)
    assert response.answers == {"staff": 5}  # the default column
    response = response_save_draft(
        response=response,
        answers={"a": "no", "b": "yes", "c": "hidden", "staff": 7},
        expected_version=response.version,
        actor=focal_a,
    )
    assert response.answers["b"] == "yes"  # a draft keeps what was typed
    submitted = response_submit(response=response, actor=focal_a)
    assert {k: v for k, v in submitted.answers.items() if k not in ("start", "end")} == {
        "a": "no",
        "n": "2",
        "staff": 7,
        "user": focal_a.username,
    }
    assert submitted.answers["start"] <= submitted.answers["end"]
    b = next(q for q in survey_statistics(survey=odk_survey, viewer=secretariat).questions if q.name == "b")
    assert b.answered == 0


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _photo_attached(survey: Any, actor: Any) -> tuple[Any, Any]:
    response = response_get_or_create(survey=survey, member=actor.member, actor=actor)
    upload = SimpleUploadedFile("office.png", PNG, content_type="image/png")
    return response, response_file_attach(response=response, question="photo", upload=upload, actor=actor)


def test_an_image_question_takes_a_checked_image_and_refuses_another_kind(
    odk_survey: Any, focal_a: Any
) -> None:
    response, stored = _photo_attached(odk_survey, focal_a)
    assert stored.content_type == "image/png"
    with pytest.raises(ValidationFailed, match="not an accepted file"):
        response_file_attach(
            response=response,
            question="photo",
            upload=SimpleUploadedFile("office.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
            actor=focal_a,
        )
    with pytest.raises(ValidationFailed):
        response_file_attach(
            response=response,
            question="staff",
            upload=SimpleUploadedFile("office.png", PNG, content_type="image/png"),
            actor=focal_a,
        )


def test_an_uploaded_answer_is_linked_from_the_response_and_downloaded_only_by_who_may_read_it(
    odk_survey: Any, focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    response, stored = _photo_attached(odk_survey, focal_a)
    response_save_draft(
        response=response,
        answers={"photo": {"upload": stored.pk, "name": "office.png"}},
        expected_version=response.version,
        actor=focal_a,
    )
    url = f"/surveys/{odk_survey.pk}/responses/{response.pk}/files/{stored.pk}/"
    page = client_for(focal_a).get(f"/surveys/{odk_survey.pk}/responses/{response.pk}/").content.decode()
    assert f'<a href="{url}">office.png</a>' in page
    download = client_for(focal_a).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert client_for(focal_b).get(url).status_code == 404


def test_statistics_summarise_calculations_as_numbers_and_leave_out_metadata_and_files(
    odk_survey: Any, focal_a: Any, secretariat: Any
) -> None:
    response = response_get_or_create(survey=odk_survey, member=focal_a.member, actor=focal_a)
    response = response_save_draft(
        response=response,
        answers={"a": "yes", "b": "yes", "c": "x"},
        expected_version=response.version,
        actor=focal_a,
    )
    response_submit(response=response, actor=focal_a)
    questions = {q.name: q for q in survey_statistics(survey=odk_survey, viewer=secretariat).questions}
    assert "start" not in questions and "user" not in questions and "photo" not in questions
    numeric = questions["n"].numeric
    assert numeric is not None and (numeric.count, numeric.mean) == (1, 20.0)


def test_a_minimum_and_maximum_number_of_repeat_items_through_count() -> None:
    d = _form(
        [
            {"type": "begin repeat", "name": "ports", "label": "Port"},
            {"type": "text", "name": "port", "label": "Port"},
            {"type": "end repeat"},
            {
                "type": "acknowledge",
                "name": "done",
                "label": "Done",
                "constraint": "count(${ports}) >= 1 and count(${ports}) <= 2",
                "constraint_message": "Between one and two ports.",
            },
        ]
    )
    three = {"ports": [{"port": "a"}, {"port": "b"}, {"port": "c"}], "done": "OK"}
    assert answers_validate(d, three, lang="en") == {"done": ["Between one and two ports."]}
    assert answers_validate(d, {"ports": [{"port": "a"}], "done": "OK"}, lang="en") == {}
