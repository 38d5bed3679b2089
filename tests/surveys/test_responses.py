"""Answering: one institutional response, autosave with optimistic concurrency, submission, versioned edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.surveys.models import Response, ResponseRevision, RevisionKind, Survey
from clearway.surveys.services import (
    response_get_or_create,
    response_save_draft,
    response_submit,
    survey_close,
    survey_remind,
)


def test_one_response_per_member_shared_by_contributors(
    make_survey: Callable[..., Survey], focal_a: Any, contributor_a: Any
) -> None:
    survey = make_survey()
    first = response_get_or_create(survey=survey, member=focal_a.member, actor=contributor_a)
    assert response_get_or_create(survey=survey, member=focal_a.member, actor=focal_a).pk == first.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, member=focal_a.member)


def test_stale_save_is_refused_and_kept(
    make_survey: Callable[..., Survey], focal_a: Any, contributor_a: Any
) -> None:
    survey = make_survey()
    response = response_get_or_create(survey=survey, member=focal_a.member, actor=focal_a)
    opened_at = response.version
    response_save_draft(
        response=response, answers={"has_prog": "yes"}, expected_version=opened_at, actor=focal_a
    )
    with pytest.raises(Conflict, match="kept as revision"):
        response_save_draft(
            response=response,
            answers={"has_prog": "no", "year": "1999"},
            expected_version=opened_at,
            actor=contributor_a,
        )
    response.refresh_from_db()
    assert response.answers == {"has_prog": "yes"} and response.version == opened_at + 1
    refused = ResponseRevision.objects.get(response=response, kind=RevisionKind.REFUSED_STALE)
    assert refused.answers == {"has_prog": "no", "year": 1999} and refused.actor == contributor_a


def test_draft_keeps_invalid_text_and_submit_reports_per_question_in_french(
    make_survey: Callable[..., Survey], focal_a: Any
) -> None:
    from tests.surveys.conftest import answer

    survey = make_survey()
    response = answer(
        survey, "KEN", {"year": "deux mille", "types": ["a", "zz"]}, actor=focal_a, submit=False
    )
    assert response.answers == {"year": "deux mille", "types": ["a", "zz"]}  # nothing typed is lost
    with pytest.raises(ValidationFailed) as info:
        response_submit(response=response, actor=focal_a, lang="fr")
    assert "question(s)" in str(info.value.message)
    assert info.value.field_errors == {
        "has_prog": ["Cette question exige une réponse."],
        "types": ["Ce n'est pas une option de cette question\u00a0: zz."],
    }  # year is not relevant while has_prog is unanswered


def test_submit_by_focal_point_only_then_edits_are_versioned(
    make_survey: Callable[..., Survey], focal_a: Any, contributor_a: Any, secretariat: Any
) -> None:
    from tests.surveys.conftest import answer

    survey = make_survey()
    response = answer(survey, "KEN", {"has_prog": "no"}, actor=contributor_a, submit=False)
    with pytest.raises(PermissionDenied):
        response_submit(response=response, actor=contributor_a)
    response = response_submit(response=response, actor=focal_a)
    assert response.state == "submitted" and response.submitted_by == focal_a
    with pytest.raises(InvalidTransition):
        response_submit(response=response, actor=focal_a)
    with pytest.raises(ValidationFailed) as refused:  # a correction must itself be complete
        response_save_draft(
            response=response, answers={"year": 2012}, expected_version=response.version, actor=contributor_a
        )
    assert set(refused.value.field_errors) == {"has_prog"}
    response = response_save_draft(
        response=response,
        answers={"has_prog": "yes", "year": 2012},
        expected_version=response.version,
        actor=contributor_a,
    )
    assert response.state == "submitted"
    kinds = list(response.revisions.order_by("id").values_list("kind", "response_version", "answers"))
    assert kinds == [("submitted", 2, {"has_prog": "no"}), ("edited", 3, {"has_prog": "yes", "year": 2012})]
    survey_close(survey=survey, actor=secretariat)
    with pytest.raises(InvalidTransition):
        response_save_draft(response=response, answers={}, expected_version=response.version, actor=focal_a)


def test_other_member_cannot_answer_for_member_a(
    make_survey: Callable[..., Survey], focal_a: Any, focal_b: Any, observer: Any
) -> None:
    survey = make_survey()
    response = response_get_or_create(survey=survey, member=focal_a.member, actor=focal_a)
    for intruder in (focal_b, observer):
        with pytest.raises(PermissionDenied):
            response_save_draft(
                response=response,
                answers={"has_prog": "no"},
                expected_version=response.version,
                actor=intruder,
            )
        with pytest.raises(PermissionDenied):
            response_get_or_create(survey=survey, member=focal_a.member, actor=intruder)


def test_unknown_question_and_untargeted_member_are_refused(
    make_survey: Callable[..., Survey], focal_a: Any, secretariat: Any
) -> None:
    survey = make_survey(iso3s=["FRA"])
    with pytest.raises(PermissionDenied, match="not sent"):
        response_get_or_create(survey=survey, member=focal_a.member, actor=focal_a)
    response = response_get_or_create(survey=survey, member=survey.targets.get(), actor=secretariat)
    with pytest.raises(ValidationFailed, match="nope"):
        response_save_draft(
            response=response, answers={"nope": 1}, expected_version=response.version, actor=secretariat
        )


def test_draft_survey_takes_no_answers(make_survey: Callable[..., Survey], focal_a: Any) -> None:
    survey = make_survey(open_it=False)
    with pytest.raises(InvalidTransition):
        response_get_or_create(survey=survey, member=focal_a.member, actor=focal_a)


def test_reminder_goes_to_non_respondents_in_their_language(
    make_survey: Callable[..., Survey], make_user: Any, member_a: Any, member_b: Any, secretariat: Any
) -> None:
    from tests.surveys.conftest import answer

    survey = make_survey(iso3s=["KEN", "UGA"])
    make_user("member_focal_point", member=member_a, username="fp-ken", preferred_language="fr")
    make_user("member_focal_point", member=member_b, username="fp-uga")
    answer(survey, "UGA", {"has_prog": "no"}, actor=secretariat)
    reminder = survey_remind(survey=survey, actor=secretariat)
    assert reminder.members == ["KEN"]
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Rappel")
    assert survey.reminders.count() == 1
