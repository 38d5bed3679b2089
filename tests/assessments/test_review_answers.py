"""Review at indicator level: messages about one answer, the return reason where the Member edits, the evidence
beside each answer for the reviewer, and a Member's request to reopen a submitted assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearway.assessments import services
from clearway.assessments.models import ReviewComment, ReviewKind
from clearway.core.todo import todo_list_for_user
from clearway.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _submitted(assessment: Any, focal: Any, answer_all: Callable[..., None]) -> Any:
    answer_all(assessment, focal)
    return services.assessment_submit(actor=focal, assessment=assessment, statement="Signed.")


def test_a_message_about_one_answer_stays_beside_it_for_the_member_s_team_and_the_secretariat(
    assessment_a: Any,
    focal_a: Any,
    contributor_a: Any,
    focal_b: Any,
    secretariat: Any,
    answer_all: Callable[..., None],
    client_for: Callable[[Any], Any],
) -> None:
    _submitted(assessment_a, focal_a, answer_all)
    reviewer = client_for(secretariat)
    response = reviewer.post(
        f"/assessments/{assessment_a.pk}/comments/",
        {"indicator": "DQ.1", "body": "Which channels are checked?"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#line-DQ.1")
    comment = ReviewComment.objects.get(assessment=assessment_a, indicator__code="DQ.1")
    detail = client_for(contributor_a).get(f"/assessments/{assessment_a.pk}/").content.decode()
    row = detail[detail.index('id="line-DQ.1"') :]
    assert "Which channels are checked?" in row[: row.index("</tr>")]
    thread = detail[detail.index('id="thread"') :] if 'id="thread"' in detail else ""
    assert "Which channels are checked?" not in thread  # not in the assessment-wide thread
    # Another Member's focal point neither reads nor writes it.
    other = client_for(focal_b)
    assert other.post(
        f"/assessments/{assessment_a.pk}/comments/", {"indicator": "DQ.1", "body": "Hello"}
    ).status_code in (302, 403, 404)
    assert (
        ReviewComment.objects.filter(assessment=assessment_a)
        .exclude(pk=comment.pk)
        .filter(body="Hello")
        .count()
        == 0
    )
    assert "Which channels are checked?" not in other.get(f"/assessments/{assessment_a.pk}/").content.decode()


def test_the_member_reads_why_its_assessment_came_back_where_it_edits_it(
    assessment_a: Any,
    focal_a: Any,
    secretariat: Any,
    answer_all: Callable[..., None],
    client_for: Callable[[Any], Any],
) -> None:
    _submitted(assessment_a, focal_a, answer_all)
    services.comment_add(
        actor=secretariat, assessment=assessment_a, body="Attach the law.", indicator_code="DQ.1"
    )
    services.assessment_return(actor=secretariat, assessment=assessment_a, comment="Evidence missing for DQ.")
    page = client_for(focal_a).get(f"/assessments/{assessment_a.pk}/edit/").content.decode()
    banner = page[page.index('id="return-reason"') :]
    assert "Evidence missing for DQ." in banner[: banner.index("</div>")]
    indicator = page[page.index('id="ind-DQ.1"') :]
    assert "Attach the law." in indicator[: indicator.index('id="ind-DQ.2"')]


def test_the_reviewer_sees_the_evidence_beside_each_answer(
    assessment_a: Any,
    focal_a: Any,
    secretariat: Any,
    answer_all: Callable[..., None],
    client_for: Callable[[Any], Any],
) -> None:
    answer_all(assessment_a, focal_a)
    services.evidence_upload(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code="DQ.1",
        upload=SimpleUploadedFile("dq-programme.pdf", b"%PDF-1.7\n..."),
    )
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    page = client_for(secretariat).get(f"/assessments/{assessment_a.pk}/").content.decode()
    row = page[page.index('id="line-DQ.1"') :]
    assert "dq-programme.pdf" in row[: row.index("</tr>")]


def test_a_focal_point_asks_to_reopen_and_the_secretariat_is_told(
    assessment_a: Any,
    focal_a: Any,
    contributor_a: Any,
    secretariat: Any,
    answer_all: Callable[..., None],
    client_for: Callable[[Any], Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _submitted(assessment_a, focal_a, answer_all)
    refused = client_for(contributor_a).post(
        f"/assessments/{assessment_a.pk}/reopen/", {"reason": "A figure was wrong."}, follow=True
    )
    assert "Only the Member&#x27;s focal point asks to reopen" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(focal_a).post(f"/assessments/{assessment_a.pk}/reopen/", {"reason": "A figure was wrong."})
    assert (
        ReviewComment.objects.filter(assessment=assessment_a, kind=ReviewKind.REOPEN_REQUESTED).count() == 1
    )
    assert Notification.objects.filter(recipient=secretariat, kind="assessments.reopen_requested").exists()
    [item] = [i for i in todo_list_for_user(user=secretariat) if i.kind == "assessments.reopen_requested"]
    assert "A figure was wrong." in item.detail and item.url.endswith("#review")
    page = client_for(secretariat).get(f"/assessments/{assessment_a.pk}/").content.decode()
    assert "asked on" in page and "A figure was wrong." in page
    # The secretariat reopens it by returning it: the request is answered and leaves the list.
    services.assessment_return(
        actor=secretariat, assessment=assessment_a, comment="Reopened: correct the figure."
    )
    assert not [i for i in todo_list_for_user(user=secretariat) if i.kind == "assessments.reopen_requested"]
