"""The illustrative open survey: loads through the XLSForm import, idempotent, labelled illustrative."""

from __future__ import annotations

from typing import Any

from clearway.surveys import demo
from clearway.surveys.models import Survey


def test_demo_survey_is_open_illustrative_and_idempotent(db: Any, client_for: Any, focal_a: Any) -> None:
    message = demo.demo_load()
    survey = Survey.objects.get(reference=demo.REFERENCE)
    assert survey.state == "open" and survey.illustrative and survey.targets.filter(iso3="KEN").exists()
    # the definition survives the XLSForm round trip (the stored one also knows each question's row)
    stored = survey.version.definition
    assert _without_rows(stored["children"]) == demo.DEFINITION["children"]
    assert (stored["choice_lists"], stored["title"]) == (
        demo.DEFINITION["choice_lists"],
        demo.DEFINITION["title"],
    )
    assert "sent to" in message
    assert demo.demo_load() == "illustrative open survey already present"
    assert Survey.objects.filter(reference=demo.REFERENCE).count() == 1
    page = client_for(focal_a).get(f"/surveys/{survey.pk}/answer/").content.decode()
    assert "Illustrative data" in page and 'data-q="quality_accuracy"' in page


def _without_rows(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_rows(v) for k, v in value.items() if k != "row"}
    if isinstance(value, list):
        return [_without_rows(v) for v in value]
    return value
