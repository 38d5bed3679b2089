"""Session numbers read as the reader's language writes ordinals, whatever was typed."""

from __future__ import annotations

import pytest
from django.utils import translation

from clearway.reports.models import Report


@pytest.mark.parametrize(
    ("typed", "lang", "shown"),
    [
        ("237th/238th", "fr", "237e/238e"),
        ("237/238", "en", "237th/238th"),
        ("221e", "en", "221st"),
        ("1", "fr", "1re"),
        ("Extraordinary session", "fr", "Extraordinary session"),
    ],
)
def test_sessions_in_the_reader_language(typed: str, lang: str, shown: str) -> None:
    with translation.override(lang):
        assert Report(session=typed).session_label == shown
