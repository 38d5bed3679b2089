"""One date and number style per language: the day before the month in English as in French."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation


@pytest.mark.parametrize(
    ("lang", "long", "short", "moment"),
    [
        ("en", "7 September 2026", "07/09/2026", "7 September 2026, 14:05"),
        ("fr", "7 septembre 2026", "07/09/2026", "7 septembre 2026, 14:05"),
    ],
)
def test_dates_read_the_same_way_in_each_language(lang: str, long: str, short: str, moment: str) -> None:
    day = datetime.date(2026, 9, 7)
    with translation.override(lang):
        assert formats.date_format(day) == long
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(datetime.datetime(2026, 9, 7, 14, 5), "DATETIME_FORMAT") == moment
        assert formats.date_format(day, "YEAR_MONTH_FORMAT").lower() in ("september 2026", "septembre 2026")


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("en", Decimal("48.6000"), "48.6"),
        ("fr", Decimal("48.6000"), "48,6"),
        ("en", Decimal("50.0000"), "50"),
        ("en", Decimal("0.0025"), "0.0025"),
        ("en", Decimal("1200.0000"), "1200"),
        ("en", None, ""),
    ],
)
def test_number_inputs_show_the_number_without_padding(lang: str, value: Decimal | None, shown: str) -> None:
    with translation.override(lang):
        rendered = Template("{% load clearway %}{{ v|number_input }}").render(Context({"v": value}))
    assert rendered == shown
