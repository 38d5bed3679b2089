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
    ("lang", "first", "second", "short", "moment", "page"),
    [
        ("en", "1 October 2026", "2 October 2026", "01/10/2026", "1 October 2026, 09:30", "from 1 October"),
        (
            "fr",
            "1er octobre 2026",
            "2 octobre 2026",
            "01/10/2026",
            "1er octobre 2026, 09:30",
            "from 1er octobre",
        ),
    ],
)
def test_french_writes_the_first_of_the_month_as_an_ordinal(
    lang: str, first: str, second: str, short: str, moment: str, page: str
) -> None:
    day = datetime.date(2026, 10, 1)
    with translation.override(lang):
        assert formats.date_format(day) == first
        assert formats.date_format(day + datetime.timedelta(days=1)) == second
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short  # figures only: no ordinal
        assert formats.date_format(datetime.datetime(2026, 10, 1, 9, 30), "DATETIME_FORMAT") == moment
        rendered = Template('from {{ d|date:"MONTH_DAY_FORMAT" }}').render(Context({"d": day}))
    assert rendered.lower() == page.lower()


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


@pytest.mark.parametrize(
    ("lang", "volume", "hours", "revenue", "rows"),
    [
        ("en", "1,234,567", "1,250.50 h", "98,765.43", "2,500,000"),
        ("fr", "1\u202f234\u202f567", "1\u202f250,50\u00a0h", "98\u202f765,43", "2\u202f500\u202f000"),
    ],
)
def test_kpi_values_group_thousands_as_each_language_does(
    lang: str, volume: str, hours: str, revenue: str, rows: str
) -> None:
    from clearway.shipments.templatetags.shipment_tags import measure_value

    with translation.override(lang):
        assert measure_value(1234567, "volume") == volume
        assert measure_value(1250.5, "release_time_median_hours") == hours
        assert measure_value(98765.432, "revenue_assessed") == revenue
        assert Template('{{ n|floatformat:"0g" }}').render(Context({"n": 2500000})) == rows
