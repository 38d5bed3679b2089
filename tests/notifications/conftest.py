"""Fixtures for notifications: the assessments app's cycle (Kenya and Uganda), and what was e-mailed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.aeo.conftest import register  # noqa: F401
from tests.aeo.test_questionnaire_and_updates import aeo_survey  # noqa: F401
from tests.assessments.conftest import answer_all, assessment_a, catalogue, cycle  # noqa: F401


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run what the code under test leaves for after its commit (the queued e-mail jobs, run inline)."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def mails_to(mailoutbox: list[Any]) -> Callable[[Any], list[Any]]:
    def of(user: Any) -> list[Any]:
        return [m for m in mailoutbox if user.email in m.to]

    return of
