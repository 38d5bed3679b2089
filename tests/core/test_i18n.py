"""Numbers read the way each language writes them."""

from __future__ import annotations

import re
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


def _french_messages() -> list[tuple[str, str]]:
    """(catalogue, translated text) for every message of the French catalogues, continuation lines joined."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "clearway"
    messages = []
    for po in sorted(src.glob("*/locale/fr/LC_MESSAGES/django.po")):
        current: list[str] | None = None
        for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
            if line.startswith("msgstr "):
                current = [line[len("msgstr ") :].strip().strip('"')]
            elif current is not None and line.startswith('"'):
                current.append(line.strip('"'))
            elif current is not None:
                messages.append((po.parent.parent.parent.parent.name, "".join(current)))
                current = None
    return messages


def test_french_never_puts_a_member_name_where_it_needs_an_article() -> None:
    """French says "du Kenya", "de la France", "des Pays-Bas": a name alone after "de" or as a subject is wrong.

    Member names are not inflected, so French texts set them off: after a colon, in parentheses or beside a dash.
    """
    messages = _french_messages()
    assert len(messages) > 500
    wrong = [
        (app, text)
        for app, text in messages
        for place in [m.start() for m in re.finditer(r"%\(member\)s", text)]
        if not (
            text[:place].endswith((":", ": ", "\u00a0: ", "(", "– "))
            or text[place:].startswith("%(member)s –")
        )
    ]
    assert wrong == []


def test_french_punctuation_never_starts_a_line() -> None:
    """French sets a space before : ; ? ! and inside « »; a no-break one, so no line starts with the sign."""
    wrong = [
        (app, text)
        for app, text in _french_messages()
        if re.search(r"\S [:;?!»]|« ", text.replace("\\n", "\n"))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("lang", "month", "thousands"),
    [("en", "December", "20,000"), ("fr", "décembre", "20\u00a0000")],
)
def test_charts_write_dates_and_numbers_in_the_reader_language(lang: str, month: str, thousands: str) -> None:
    import altair as alt

    from clearway.core.charts import chart_to_svg

    values = [{"day": "2021-06-01", "n": 1234.5}, {"day": "2021-12-01", "n": 20000}]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(x="day:T", y="n:Q")
    with translation.override(lang):
        labels = set(re.findall(r">([^<>]+)</text>", chart_to_svg(chart)))
    assert month in labels and thousands in labels
