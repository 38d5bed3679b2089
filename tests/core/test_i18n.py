"""Numbers read the way each language writes them."""

from __future__ import annotations

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
