"""The survey page says who has not started, who has a draft in progress and who has submitted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clearway.surveys.models import Survey
from tests.surveys.conftest import answer

pytestmark = pytest.mark.django_db


def test_members_are_filtered_by_where_they_stand(
    make_survey: Callable[..., Survey], secretariat: Any, client_for: Callable[[Any], Any]
) -> None:
    survey = make_survey(iso3s=["KEN", "UGA", "FRA"])
    answer(survey, "KEN", {}, actor=secretariat, submit=False)
    client = client_for(secretariat)

    def listed(show: str) -> set[str]:
        page = client.get(f"/surveys/{survey.pk}/?show={show}").content.decode()
        table = page[page.index('id="targets"') :]
        return {name for name in ("Kenya", "Uganda", "France") if name in table}

    assert listed("not_started") == {"Uganda", "France"}
    assert listed("draft") == {"Kenya"}
    assert listed("pending") == {"Kenya", "Uganda", "France"}
    assert listed("submitted") == set()
