"""French: as Django writes it ("7 septembre 2026", "31/12/2025", 1 234,5), with the dates typed in ISO form
(as date fields send them) accepted first, and the first of a month an ordinal ("1er octobre": see
`clearway.formats.DateFormat`)."""

from django.conf.locale.fr.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y"]
# French groups thousands with a narrow no-break space (1 234,5; Django's own French uses a full one).
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
