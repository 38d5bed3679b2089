"""The progress bar's JSON says why a job stopped: its own error, or Clearway's reason in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.core.models import Job, JobFailure, JobStatus


@pytest.mark.parametrize(
    ("fields", "language", "expected"),
    [
        (
            {
                "failure": JobFailure.ERROR,
                "error": "late.csv: the header is one single column.\n\nTraceback...",
            },
            "en",
            "late.csv: the header is one single column.",
        ),
        (
            {
                "failure": JobFailure.WORKER_LOST,
                "error": "The worker w1 stopped answering during attempt 3 of 3.",
            },
            "en",
            "The worker running this job stopped answering, and no attempts are left.",
        ),
        (
            {
                "failure": JobFailure.WORKER_LOST,
                "error": "The worker w1 stopped answering during attempt 3 of 3.",
            },
            "fr",
            "Le processus de traitement qui exécutait cette tâche ne répond plus, et il ne reste aucune tentative.",
        ),
        ({"failure": "", "error": "the disk is full"}, "en", "the disk is full"),
    ],
)
def test_a_failed_job_says_why(
    focal_a: Any, client_for: Any, fields: dict[str, str], language: str, expected: str
) -> None:
    job = Job.objects.create(kind="reports.generate", status=JobStatus.FAILED, created_by=focal_a, **fields)
    response = client_for(focal_a).get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["error"] == expected


def test_a_cancelled_job_says_so_and_a_job_queued_again_shows_no_error(focal_a: Any, client_for: Any) -> None:
    cancelled = Job.objects.create(
        kind="reports.generate", status=JobStatus.CANCELLED, failure=JobFailure.CANCELLED, created_by=focal_a
    )
    assert (
        client_for(focal_a).get(f"/jobs/{cancelled.pk}/").json()["error"] == "An operator cancelled this job."
    )
    again = Job.objects.create(
        kind="reports.generate", status=JobStatus.QUEUED, error="the disk was full", created_by=focal_a
    )
    assert client_for(focal_a).get(f"/jobs/{again.pk}/").json()["error"] == ""


def test_the_bare_page_answers_signed_in_users_only(focal_a: Any, client_for: Any, client: Any) -> None:
    assert client_for(focal_a).get("/ping/").content == b"ok"
    assert client.get("/ping/").status_code == 302
