from __future__ import annotations

import datetime

import pytest

from clearway.reports.phrases import (
    count_phrase,
    date_long,
    date_range_phrase,
    date_span_short,
    elide_de,
    join_list,
    ordinal,
    session_label,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (D(2021, 9, 27), D(2021, 9, 30), "en", "between 27 and 30 September 2021"),
        (D(2021, 9, 27), D(2021, 9, 30), "fr", "du 27 au 30 septembre 2021"),
        (D(2021, 11, 30), D(2021, 12, 3), "en", "between 30 November and 3 December 2021"),
        (D(2021, 11, 30), D(2021, 12, 3), "fr", "du 30 novembre au 3 décembre 2021"),
        (D(2021, 12, 30), D(2022, 1, 2), "fr", "du 30 décembre 2021 au 2 janvier 2022"),
        (D(2021, 12, 6), D(2021, 12, 6), "en", "on 6 December 2021"),
        (D(2021, 9, 1), D(2021, 9, 1), "fr", "le 1er septembre 2021"),
    ],
)
def test_date_ranges_read_naturally_in_both_languages(start: D, end: D, lang: str, expected: str) -> None:
    assert date_range_phrase(start, end, lang) == expected


def test_month_precision_and_short_spans() -> None:
    assert date_range_phrase(D(2022, 3, 1), D(2022, 3, 31), "fr", month_only=True) == "en mars 2022"
    assert date_span_short(D(2022, 1, 24), D(2022, 1, 28), "en") == "24-28 January 2022"
    assert date_long(D(2022, 8, 1), "fr") == "1er août 2022"


@pytest.mark.parametrize(
    ("value", "qualifier", "lang", "expected"),
    [
        (100, "close_to", "en", "close to 100"),
        (100, "close_to", "fr", "près de 100"),
        (100, "nearly", "en", "nearly 100"),
        (100, "nearly", "fr", "près d'une centaine"),
        (80, "nearly", "fr", "presque 80"),
        (1200, "more_than", "fr", "plus de 1\u202f200"),
        (1200, "more_than", "en", "more than 1,200"),
        (12, "exact", "en", "12"),
        (None, "exact", "en", ""),
    ],
)
def test_participant_numbers_are_worded_as_recorded(
    value: int | None, qualifier: str, lang: str, expected: str
) -> None:
    assert count_phrase(value, qualifier, lang) == expected


def test_sessions_lists_and_elision() -> None:
    assert session_label("235th/236th", "fr") == "235e/236e"
    assert session_label("231/232", "en") == "231st/232nd"
    assert [ordinal(n, "en") for n in (1, 2, 3, 11, 12, 13, 22, 233)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "22nd",
        "233rd",
    ]
    assert join_list(["Alibaba Cainiao", "Amazon", "DHL"], "fr") == "Alibaba Cainiao, Amazon et DHL"
    assert join_list(["UPU"], "en") == "UPU"
    assert elide_de("Un représentant de Alibaba Group") == "Un représentant d'Alibaba Group"
