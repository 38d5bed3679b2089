"""Each change a person waits for reaches them: in Clearway, and by e-mail in their own language; the people
of other administrations and the person who made the change hear nothing of it."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import translation

from clearway.accounts.roles import Role
from clearway.core.actors import SYSTEM
from clearway.notifications.models import Notification
from clearway.notifications.selectors import notification_list_for_user, notification_text
from tests.surveys import forms

D = datetime.date


def _survey(*, secretariat: Any, members: list[Any], reference: str) -> Any:
    from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open

    version = questionnaire_import_xlsform(file=io.BytesIO(forms.stats_form()), code="stats", actor=SYSTEM)
    survey = survey_create(
        version=version,
        reference=reference,
        title_en="E-commerce volumes",
        title_fr="Volumes du commerce électronique",
        letter_date=D(2026, 3, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=members,
        deadline=D(2026, 4, 30),
        actor=secretariat,
    )
    return survey_open(survey=survey, actor=secretariat)


def _titles(user: Any, language: str = "en") -> list[str]:
    with translation.override(language):
        return [notification_text(n).title for n in notification_list_for_user(user=user)]


@pytest.fixture
def submitted_a(assessment_a: Any, focal_a: Any, answer_all: Any) -> Any:
    from clearway.assessments.services import assessment_submit

    answer_all(assessment_a, focal_a)
    return assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed off.")


def test_a_submitted_assessment_reaches_the_secretariat_and_the_team_but_not_the_submitter(
    secretariat: Any, focal_a: Any, contributor_a: Any, focal_b: Any, submitted_a: Any
) -> None:
    expected = "Kenya submitted its self-assessment for Test cycle."
    assert _titles(secretariat) == [expected]
    assert _titles(contributor_a) == [expected]
    assert _titles(focal_a) == [] and _titles(focal_b) == []
    note = Notification.objects.get(recipient=secretariat)
    assert (
        note.url == f"/assessments/{submitted_a.pk}/" and note.event.action == "assessments.assessment.submit"
    )


def test_a_returned_assessment_tells_the_team_why_each_in_their_language(
    make_user: Any,
    member_a: Any,
    secretariat: Any,
    focal_a: Any,
    focal_b: Any,
    submitted_a: Any,
    committed: Any,
    mails_to: Any,
) -> None:
    from clearway.assessments.services import assessment_return

    french = make_user("member_contributor", member=member_a, username="contrib-fr", preferred_language="fr")
    with committed():
        assessment_return(actor=secretariat, assessment=submitted_a, comment="Evidence for 1.2 is missing")
    (english_mail,) = mails_to(focal_a)
    assert (
        english_mail.subject
        == "[Clearway] The self-assessment of Kenya for Test cycle was returned for changes."
    )
    assert "Reviewer's reason: Evidence for 1.2 is missing" in english_mail.body
    assert f"/assessments/{submitted_a.pk}/edit/" in english_mail.body
    (french_mail,) = mails_to(french)
    assert (
        french_mail.subject
        == "[Clearway] Kenya – auto-évaluation pour Test cycle renvoyée pour modification."
    )
    assert "Motif du relecteur\u00a0: Evidence for 1.2 is missing" in french_mail.body
    assert mails_to(focal_b) == [] and mails_to(secretariat) == []
    # The page reads in the reader's language whatever the language of the e-mail.
    assert _titles(french, "en")[0] == "The self-assessment of Kenya for Test cycle was returned for changes."


def test_a_validated_assessment_reaches_the_members_team(
    secretariat: Any, focal_a: Any, submitted_a: Any
) -> None:
    from clearway.assessments.services import assessment_validate

    assessment_validate(actor=secretariat, assessment=submitted_a, comment="Thorough evidence.")
    (latest,) = [notification_text(n) for n in notification_list_for_user(user=focal_a)]
    assert latest.title == "The self-assessment of Kenya for Test cycle was validated."
    assert latest.detail == "Reviewer's comment: Thorough evidence."


def test_a_survey_letter_reaches_each_targeted_administration_and_its_head(
    make_user: Any, member_a: Any, member_b: Any, secretariat: Any, focal_a: Any, focal_b: Any
) -> None:
    from clearway.members.models import Member

    head = make_user(Role.MEMBER_HEAD, member=member_a, username="dg-ken")
    outsider = make_user("member_focal_point", member=Member.objects.get(iso3="FRA"), username="fp-fra")
    _survey(secretariat=secretariat, members=[member_a, member_b], reference="ECOM/2026/7")
    assert _titles(focal_a) == [
        "Survey letter ECOM/2026/7 to Kenya: “E-commerce volumes”, to answer by 30 April 2026."
    ]
    assert _titles(head, "fr") == [
        "Kenya – lettre d'enquête ECOM/2026/7, «\u00a0Volumes du commerce électronique\u00a0», "
        "réponse attendue le 30 avril 2026."
    ]
    assert "Uganda" in _titles(focal_b)[0]
    assert _titles(outsider) == [] and _titles(secretariat) == []


def test_a_survey_reminder_shows_in_clearway_without_a_second_email(
    make_user: Any, member_a: Any, secretariat: Any, committed: Any, mailoutbox: Any
) -> None:
    from clearway.surveys.services import survey_remind

    survey = _survey(secretariat=secretariat, members=[member_a], reference="ECOM/2026/8")
    focal = make_user("member_focal_point", member=member_a, username="fp-ken")
    with committed():
        survey_remind(survey=survey, actor=secretariat)
    assert _titles(focal) == [
        "Reminder: Kenya has not yet answered the survey “E-commerce volumes” (ECOM/2026/8), due 30 April 2026."
    ]
    assert len([m for m in mailoutbox if focal.email in m.to]) == 1  # the survey's own reminder, not two


def test_a_request_transition_reaches_the_focal_point_in_clearway_and_by_email(
    secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any, committed: Any, mails_to: Any
) -> None:
    from clearway.capacity.services import request_create

    with committed():
        request = request_create(actor=focal_a, member=member_a, intention_date=datetime.date(2022, 1, 5))
    assert _titles(secretariat) == [f"National support request of Kenya: {request.get_state_display()}."]
    assert len(mails_to(secretariat)) == 1 and mails_to(focal_b) == []


def test_an_expert_hears_of_a_mission_and_of_its_withdrawal(make_user: Any, secretariat: Any) -> None:
    from clearway.capacity.services import expert_assign, expert_unassign
    from tests.capacity.factories import activity_make, expert_make

    person = make_user("expert", username="elena")
    expert = expert_make(user=person)
    mission = activity_make(
        title_en="National workshop", status="planned", start_date=D(2027, 3, 1), end_date=D(2027, 3, 5)
    )
    assignment = expert_assign(
        actor=secretariat,
        expert=expert,
        activity=mission,
        start_date=D(2027, 3, 1),
        end_date=D(2027, 3, 5),
        role="Facilitator",
    )
    expert_unassign(actor=secretariat, assignment=assignment, reason="Postponed")
    withdrawn, assigned = [notification_text(n) for n in notification_list_for_user(user=person)]
    assert assigned.title == "You are assigned to “National workshop” from 1 March 2027 to 5 March 2027."
    assert (
        assigned.detail == "Your role: Facilitator" and assigned.url == f"/capacity/activities/{mission.pk}/"
    )
    assert withdrawn.title == "Your assignment to “National workshop” was withdrawn."
    assert withdrawn.detail == "Reason: Postponed"


def test_a_reviewed_register_update_is_told_to_the_members_team_with_the_note(
    register: Any, aeo_survey: Any, member_a: Any, secretariat: Any, focal_a: Any, focal_b: Any
) -> None:
    from clearway.aeo import updates
    from clearway.aeo.models import RegisterUpdate
    from tests.aeo.test_questionnaire_and_updates import KENYA_ANSWER, _answer

    update = RegisterUpdate.objects.get(response=_answer(aeo_survey, member_a, KENYA_ANSWER))
    updates.register_update_reject(update=update, actor=secretariat, note="Coverage dates to check")
    (note,) = [notification_text(n) for n in notification_list_for_user(user=focal_a)]
    assert note.title == "The AEO register update proposed from the answer of Kenya: Rejected."
    assert (
        note.detail == "Secretariat's note: Coverage dates to check"
        and note.url == f"/aeo/updates/{update.pk}/"
    )
    with translation.override("fr"):
        assert notification_text(notification_list_for_user(user=focal_a)[0]).title.endswith(
            "(Kenya)\u00a0: Rejeté."
        )
    assert _titles(focal_b) == []
