"""One date and number style per language, everywhere (pages, exports, documents, e-mails).

Django's own English formats are American ("Sept. 7, 2026", "12/31/2025"); Clearway's English writes the day
first, as its French does and as the WCO's documents do: "7 September 2026", "31/12/2025".
"""

from __future__ import annotations

from django.utils import dateformat, translation


class DateFormat(dateformat.DateFormat):
    """Django's date formatting, with what a format string cannot say: French writes the first day of a month as
    an ordinal, "1er octobre 2026" (the French formats write the day with "j" only in dates that name the month;
    short dates are "01/10/2026")."""

    def j(self) -> int | str:  # type: ignore[override]
        day = self.data.day  # type: ignore[union-attr]  # a DateFormat formats dates, never bare times
        return "1er" if day == 1 and (translation.get_language() or "").startswith("fr") else day


def formats_install() -> None:
    """Every date Django formats (the `date` filter, `formats.date_format`) goes through `DateFormat` above."""
    dateformat.DateFormat = DateFormat  # type: ignore[misc]
