"""A database that stops answering mid-request (a PostgreSQL restart) gives a 503 that retries, not a crash."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import OperationalError


def test_a_page_whose_database_does_not_answer_says_so_and_retries(secretariat: Any, client_for: Any) -> None:
    client = client_for(secretariat)
    failing = OperationalError("the database system is shutting down")
    with mock.patch("clearway.core.views.job_list", side_effect=failing):
        response = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Clearway est momentanément indisponible" in page and 'http-equiv="refresh"' in page


def test_the_api_answers_503_in_json(secretariat: Any, client_for: Any) -> None:
    client = client_for(secretariat)
    failing = OperationalError("the database system is shutting down")
    with mock.patch("clearway.reports.selectors.report_list", side_effect=failing):
        response = client.get("/api/reports/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"] == "Unavailable"
