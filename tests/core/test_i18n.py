"""Numbers read the way each language writes them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from clearway.core.i18n import percent_format


@pytest.mark.parametrize(
    ("lang", "share", "digits", "shown"),
    [
        ("en", 0.516129, 1, "51.6%"),
        ("fr", 0.516129, 1, "51,6\u202f%"),
        ("en", 0.42, 0, "42%"),
        ("fr", 1.0, 0, "100\u202f%"),
        ("en", 0.0, 1, "0.0%"),
        ("en", None, 1, "–"),
    ],
)
def test_percentages_follow_the_language(lang: str, share: float | None, digits: int, shown: str) -> None:
    with translation.override(lang):
        assert percent_format(share, digits) == shown


def test_labels_take_the_colon_of_the_reader_language(focal_a: Any, client_for: Any) -> None:
    client = client_for(focal_a)
    client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert "<span>Édition\u00a0:</span>" in client.get("/framework/2022/").content.decode()
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert "<span>Edition:</span>" in client.get("/framework/2022/").content.decode()
