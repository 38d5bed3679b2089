"""What is each person's to do, and by when: the home page and `GET /api/me/tasks`, per persona, scoped."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from clearway.assessments import services as assessments
from clearway.assessments.models import Catalogue
from clearway.core.todo import todo_list_for_user
from clearway.members.models import Member
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.surveys import forms

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def cycle(secretariat: Any, member_a: Any, member_b: Any) -> Any:
    return assessments.cycle_create(
        actor=secretariat,
        name="Cycle 2026",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )


def _kinds(user: Any, today: datetime.date = TODAY) -> dict[str, Any]:
    return {item.kind: item for item in todo_list_for_user(user=user, today=today)}


def _submit_all(assessment: Any, actor: Any, answer_all: Callable[..., None]) -> None:
    answer_all(assessment, actor)
    assessments.assessment_submit(actor=actor, assessment=assessment, statement="Signed.")


@pytest.fixture
def answer_all() -> Callable[..., None]:
    from tests.assessments.conftest import answer_values

    def fill(assessment: Any, actor: Any) -> None:
        from clearway.assessments.selectors import indicator_list

        for indicator in indicator_list(catalogue=assessment.cycle.catalogue):
            assessments.answer_save(
                actor=actor,
                assessment=assessment,
                indicator_code=indicator.code,
                base_version=0,
                **answer_values(indicator),
            )

    return fill


def test_a_focal_point_is_asked_to_complete_its_own_assessment_by_the_cycle_deadline(
    cycle: Any, focal_a: Any, member_a: Any
) -> None:
    item = _kinds(focal_a)["assessments.complete"]
    assert item.due == datetime.date(2026, 12, 31) and not item.overdue and item.days_left == 24
    assert item.url == f"/assessments/{cycle.assessments.get(member=member_a).pk}/edit/"
    assert "Cycle 2026" in item.title
    late = _kinds(focal_a, today=datetime.date(2027, 1, 3))["assessments.complete"]
    assert late.overdue and late.days_left == -3


def test_a_returned_assessment_carries_the_reviewer_s_reason_and_the_review_reaches_the_secretariat(
    cycle: Any, focal_a: Any, secretariat: Any, member_a: Any, answer_all: Callable[..., None]
) -> None:
    assessment = cycle.assessments.get(member=member_a)
    _submit_all(assessment, focal_a, answer_all)
    assert "assessments.complete" not in _kinds(focal_a)
    review = _kinds(secretariat)["assessments.review"]
    assert review.title.startswith("1 self-assessment awaits your review")
    assert "status=submitted" in review.url
    assessments.assessment_return(actor=secretariat, assessment=assessment, comment="Attach the customs law.")
    returned = _kinds(focal_a)["assessments.returned"]
    assert "Attach the customs law." in returned.detail
    assert "assessments.review" not in _kinds(secretariat)


def test_the_secretariat_sees_who_has_not_submitted_and_nobody_sees_another_member_s_work(
    cycle: Any, focal_a: Any, focal_b: Any, secretariat: Any, observer: Any, member_b: Any
) -> None:
    pending = _kinds(secretariat)["assessments.cycle_pending"]
    assert pending.title.startswith("2 Members have not submitted") and pending.due == cycle.closes_on
    own_b = _kinds(focal_b)["assessments.complete"]
    assert own_b.url == f"/assessments/{cycle.assessments.get(member=member_b).pk}/edit/"
    assert own_b.url != _kinds(focal_a)["assessments.complete"].url
    assert todo_list_for_user(user=observer, today=TODAY) == []


def test_a_regional_office_follows_its_region_s_progress(cycle: Any, regional_esa: Any) -> None:
    item = _kinds(regional_esa)["assessments.region_progress"]
    assert (
        "0 of 2 Members have submitted" in item.title
    )  # Kenya and Uganda are both in East and Southern Africa
    assert "region=ESA" in item.url


def test_an_open_survey_is_to_be_answered_by_the_members_it_was_sent_to_only(
    secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any
) -> None:
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat
    )
    survey = survey_create(
        version=version,
        reference="ECOM/2026/9",
        letter_date=datetime.date(2026, 11, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=[member_a],
        deadline=datetime.date(2026, 12, 1),
        actor=secretariat,
    )
    assert "surveys.answer" not in _kinds(focal_a)  # a draft survey asks nothing yet
    survey_open(survey=survey, actor=secretariat)
    answer = _kinds(focal_a)["surveys.answer"]
    assert answer.overdue and answer.url == f"/surveys/{survey.pk}/answer/"
    assert "surveys.answer" not in _kinds(focal_b)
    follow = _kinds(secretariat)["surveys.follow"]
    assert "0 of 1 Members have answered" in follow.title


def test_overdue_items_come_first(cycle: Any, focal_a: Any, secretariat: Any, member_a: Any) -> None:
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat
    )
    survey = survey_create(
        version=version,
        reference="ECOM/2026/10",
        letter_date=datetime.date(2026, 11, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=[member_a],
        deadline=datetime.date(2026, 12, 1),
        actor=secretariat,
    )
    survey_open(survey=survey, actor=secretariat)
    items = todo_list_for_user(user=focal_a, today=TODAY)
    assert [i.kind for i in items][:2] == ["surveys.answer", "assessments.complete"]
    assert items[0].overdue and not items[1].overdue


def test_members_nobody_can_reach_are_the_secretariat_s_to_fix(secretariat: Any, focal_a: Any) -> None:
    item = _kinds(secretariat)["accounts.focal_point_missing"]
    reachable = 1  # focal_a of Kenya has an e-mail address
    missing = Member.objects.filter(active=True).count() - reachable
    assert item.title.startswith(f"{missing} Members have no active focal point")


def test_the_home_page_lists_them_in_the_reader_s_language(
    cycle: Any, focal_a: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(focal_a)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        title = _kinds(focal_a, today=datetime.date.today())["assessments.complete"].title
    assert "Ce qui vous revient" in page and title in page


def test_the_api_gives_the_same_list_to_the_user_and_nothing_to_an_anonymous_visitor(
    cycle: Any, focal_a: Any, client_for: Callable[[Any], Any], anon_client: Any
) -> None:
    body = client_for(focal_a).get("/api/me/tasks").json()
    [item] = [i for i in body if i["kind"] == "assessments.complete"]
    assert item["due"] == "2026-12-31" and item["url"].endswith("/edit/") and item["overdue"] is False
    assert set(item) == {"kind", "title", "url", "due", "overdue", "detail"}
    assert anon_client.get("/api/me/tasks").status_code == 401


def test_the_home_page_keeps_its_list_until_a_write_or_a_failed_job_changes_it(
    cycle: Any,
    focal_a: Any,
    secretariat: Any,
    answer_all: Callable[..., None],
    client_for: Callable[[Any], Any],
) -> None:
    """The to-do list is kept in the page cache (a second visit asks the database less) and is drawn again after
    a write of an app it is made of, and after a background job fails (which no audit event marks)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clearway.core.models import Job, JobStatus

    def visit(client: Any) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/").content.decode()
        return page, len(queries.captured_queries)

    focal = client_for(focal_a)
    first, drawn = visit(focal)
    again, served = visit(focal)
    assert 'data-kind="assessments.complete"' in first and 'data-kind="assessments.complete"' in again
    assert served < drawn

    _submit_all(cycle.assessments.get(member=focal_a.member), focal_a, answer_all)
    assert 'data-kind="assessments.complete"' not in visit(focal)[0]

    office = client_for(secretariat)
    assert 'data-kind="core.jobs_failed"' not in visit(office)[0]
    Job.objects.create(kind="reports.generate", params={}, status=JobStatus.FAILED, created_by=secretariat)
    assert 'data-kind="core.jobs_failed"' in visit(office)[0]
