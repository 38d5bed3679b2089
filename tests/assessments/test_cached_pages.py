"""The answer form is kept in the page cache between saves (core/data_version.py): each visit still gets a CSRF
token its forms can be sent with, and the saved answer shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from clearway.assessments.selectors import indicator_list

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_an_answer_form_served_from_the_cache_can_be_sent_and_shows_the_saved_answer(
    assessment_a: Any, focal_a: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_a)
    path = f"/assessments/{assessment_a.pk}/edit/"
    indicator = next(
        i for i in indicator_list(catalogue=assessment_a.cycle.catalogue) if i.kind == "maturity"
    )
    drawn = client.get(path).content.decode()
    served = client.get(path).content.decode()
    assert "clearwaycsrftokenplaceholder" not in drawn + served
    sent = client.post(
        path,
        {
            "csrfmiddlewaretoken": _token(served),
            "indicator": indicator.code,
            "version": "0",
            "stage": "partial",
        },
    )
    assert sent.status_code == 302
    assert assessment_a.answers.get(indicator=indicator).stage == "partial"
    after = client.get(path).content.decode()
    assert 'value="partial" selected' in after or 'value="partial" checked' in after
