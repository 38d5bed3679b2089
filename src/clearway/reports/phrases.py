"""Small phrases a committee document needs in English and French: dates, date ranges, lists, ordinals, counts.

Written out here rather than taken from the active locale so that a French document reads the same whatever the
language of the person who generates it.
"""

from __future__ import annotations

import datetime
import re

from django.utils import translation

from clearway.capacity.facts import count_text
from clearway.capacity.models import CountQualifier

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}


def _day(day: int, lang: str) -> str:
    return "1er" if lang == "fr" and day == 1 else str(day)


def date_long(value: datetime.date, lang: str) -> str:
    """27 September 2021 / 27 septembre 2021 (1er septembre in French)."""
    return f"{_day(value.day, lang)} {MONTHS[lang][value.month - 1]} {value.year}"


def month_long(value: datetime.date, lang: str) -> str:
    return f"{MONTHS[lang][value.month - 1]} {value.year}"


def date_range_phrase(
    start: datetime.date, end: datetime.date, lang: str, *, month_only: bool = False
) -> str:
    """The dates of an event with their preposition: 'between 27 and 30 September 2021' / 'du 27 au 30 …'."""
    if month_only:
        if (start.year, start.month) == (end.year, end.month):
            return f"in {month_long(start, lang)}" if lang == "en" else f"en {month_long(start, lang)}"
        if lang == "en":
            return f"between {month_long(start, lang)} and {month_long(end, lang)}"
        return f"de {month_long(start, lang)} à {month_long(end, lang)}"
    if start == end:
        return f"on {date_long(start, lang)}" if lang == "en" else f"le {date_long(start, lang)}"
    if (start.year, start.month) == (end.year, end.month):
        first = _day(start.day, lang)
    elif start.year == end.year:
        first = f"{_day(start.day, lang)} {MONTHS[lang][start.month - 1]}"
    else:
        first = date_long(start, lang)
    if lang == "en":
        return f"between {first} and {date_long(end, lang)}"
    return f"du {first} au {date_long(end, lang)}"


def date_span_short(start: datetime.date, end: datetime.date, lang: str) -> str:
    """For tables: '27-30 September 2021', '30 November - 3 December 2021'."""
    if start == end:
        return date_long(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day(start.day, lang)}-{date_long(end, lang)}"
    if start.year == end.year:
        return f"{_day(start.day, lang)} {MONTHS[lang][start.month - 1]} - {date_long(end, lang)}"
    return f"{date_long(start, lang)} - {date_long(end, lang)}"


def join_list(items: list[str], lang: str) -> str:
    """'A, B and C' / 'A, B et C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    conjunction = " and " if lang == "en" else " et "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def ordinal(number: int, lang: str) -> str:
    if lang == "fr":
        return "1re" if number == 1 else f"{number}e"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def session_numbers(session: str) -> list[int]:
    """'235th/236th', '235/236', '235e/236e' → [235, 236]."""
    return [int(n) for n in re.findall(r"\d+", session or "")]


def session_label(session: str, lang: str) -> str:
    """'235th/236th' in English, '235e/236e' in French; text without numbers is kept as typed."""
    numbers = session_numbers(session)
    if not numbers:
        return session
    return "/".join(ordinal(n, lang) for n in numbers)


def count_phrase(value: int | None, qualifier: str, lang: str) -> str:
    """A number as it was recorded, in the document's language: the words of the pages (`capacity.facts.count_text`,
    'close to 100' / 'près de 100'), with the idiom committee documents use for nearly a hundred in French."""
    if lang == "fr" and qualifier == CountQualifier.NEARLY and value == 100:
        return "près d'une centaine"
    with translation.override(lang):
        return count_text(value=value, qualifier=qualifier)


def elide_de(phrase: str) -> str:
    """French 'de' before a vowel becomes d' (de Alibaba → d'Alibaba)."""
    return re.sub(r"\bde ([AEIOUYaeiouyÀÂÉÈÊÎÔ])", r"d'\1", phrase)


# The gender and number of the head noun of an institution's French name, for its article.
_FR_FEMININE = {
    "agence",
    "alliance",
    "association",
    "autorité",
    "banque",
    "chambre",
    "commission",
    "communauté",
    "conférence",
    "direction",
    "fédération",
    "fondation",
    "initiative",
    "organisation",
    "union",
    "université",
}
_FR_PLURAL = {"nations", "douanes", "services", "états"}


def with_article(name: str, lang: str) -> str:
    """An institution's name with its definite article: 'the World Bank'; in French 'la Banque mondiale',
    'le Fonds …', "l'Organisation …", 'les Nations Unies' (from the head noun; an acronym alone takes none)."""
    if not name or (" " not in name and name.isupper()):
        return name
    if lang == "en":
        return name if name.lower().startswith("the ") else f"the {name}"
    first = name.split(" ")[0].lower().strip("(")
    if first in ("le", "la", "les", "l'") or first.startswith("l'"):
        return name
    if first in _FR_PLURAL:
        return f"les {name}"
    if first[:1] in "aeiouyàâéèêîôh":
        return f"l'{name}"
    return f"la {name}" if first in _FR_FEMININE else f"le {name}"


def de_article(phrase: str) -> str:
    """French 'de' before an article: de le → du, de les → des, de la and de l' stay."""
    return re.sub(r"\bde les ", "des ", re.sub(r"\bde le ", "du ", phrase))


def count_sum(parts: list[tuple[int | None, str]], lang: str) -> str:
    """The sum of numbers as recorded, honest about their qualifiers: exact numbers add up exactly; any lower
    bound ("more than", "at least") or a missing number makes the sum a lower bound; any approximate number
    ("about", "close to", "nearly") makes it approximate; an upper bound alone makes it "up to"."""
    known = [(v, q) for v, q in parts if v is not None]
    if not known:
        return ""
    total = sum(v for v, _q in known)
    qualifiers = {q for _v, q in known}
    missing = len(known) < len(parts)
    approximate = qualifiers & {"about", "close_to", "nearly"}
    lower = qualifiers & {"more_than", "at_least"}
    upper = qualifiers & {"up_to"}
    if approximate or (upper and (lower or missing)):
        qualifier = "about"
    elif "more_than" in lower:
        qualifier = "more_than"
    elif lower or missing:
        qualifier = "at_least"
    elif upper:
        qualifier = "up_to"
    else:
        qualifier = "exact"
    return count_phrase(total, qualifier, lang)


# ------------------------------------------------------------------ countries and lists of who took part

# French country names that take no article ("de Cuba", "d'Israël"), that are plural ("des Comores"), masculine
# although they end in -e ("du Mexique"), or feminine although they do not ("de la Sierra Leone").
_FR_NO_ARTICLE = frozenset(
    [
        "Antigua-et-Barbuda",
        "Bahreïn",
        "Chypre",
        "Cuba",
        "Curaçao",
        "Djibouti",
        "Haïti",
        "Israël",
        "Kiribati",
        "Macao",
        "Macau",
        "Madagascar",
        "Malte",
        "Maurice",
        "Monaco",
        "Nauru",
        "Oman",
        "Palaos",
        "Samoa",
        "Singapour",
        "Sainte-Lucie",
        "Saint-Marin",
        "Saint-Vincent-et-les-Grenadines",
        "Sao-Tomé-et-Principe",
        "Tonga",
        "Trinité-et-Tobago",
        "Tuvalu",
        "Vanuatu",
    ]
) | {"Hong Kong", "Sao Tomé-et-Principe", "Porto Rico", "Saint-Kitts-et-Nevis"}
_FR_PLURAL_COUNTRIES = frozenset(
    ["Bahamas", "Bermudes", "Comores", "Fidji", "Maldives", "Philippines", "Pays-Bas", "Seychelles"]
)
_FR_PLURAL_HEADS = ("États", "Émirats", "Îles")
_FR_MASCULINE_IN_E = frozenset(
    ["Belize", "Cambodge", "Mexique", "Mozambique", "Royaume", "Suriname", "Zimbabwe"]
)
_FR_FEMININE_OTHERS = frozenset({"Sierra Leone"})
_H_MUET = ("Haï",)
_VOWELS = "AEIOUYÀÂÉÈÊÎÔÙÛaeiouyàâéèêîôùû"
# English names that read with "the": "the United Arab Emirates", "the Philippines", "the Czech Republic".
_EN_THE_WORDS = frozenset(
    [
        "Republic",
        "Kingdom",
        "Federation",
        "Emirates",
        "States",
        "Islands",
        "Union",
        "Netherlands",
        "Philippines",
        "Bahamas",
        "Maldives",
        "Seychelles",
        "Comoros",
        "Gambia",
    ]
)


def country_name(name: str) -> str:
    """A country named in running text, in natural order: ISO lists write 'Corée, République de' and
    'Congo (Republic of the)'; a sentence says 'République de Corée', 'Republic of the Congo'."""
    name = name.strip()
    inverted = re.fullmatch(r"(.+?), (.+)", name)
    if inverted and not inverted.group(2).endswith("China"):  # 'Hong Kong, China' is the name itself
        head, tail = inverted.group(2), inverted.group(1)
        return f"{head}{'' if head.endswith(chr(39)) else ' '}{tail}"
    bracketed = re.fullmatch(r"(.+?) \((.+)\)", name)
    if bracketed:
        return f"{bracketed.group(2)} {bracketed.group(1)}"
    return name


def country_with_article(name: str, lang: str) -> str:
    """A country with the article a sentence gives it: 'China', 'the United Arab Emirates'; in French
    'la Chine', 'le Kenya', 'les Émirats arabes unis', "l'Inde", 'Cuba'."""
    name = country_name(name)
    if lang == "en":
        words = set(re.split(r"[\s,()]+", name))
        return f"the {name}" if words & _EN_THE_WORDS and not name.startswith("the ") else name
    head = re.split(r"[\s-]", name)[0]
    if name in _FR_NO_ARTICLE:
        return name
    if name in _FR_PLURAL_COUNTRIES or head in _FR_PLURAL_HEADS:
        return f"les {name}"
    if head[:1] in _VOWELS:
        return f"l'{name}"
    feminine = name in _FR_FEMININE_OTHERS or (head.endswith("e") and head not in _FR_MASCULINE_IN_E)
    return f"la {name}" if feminine else f"le {name}"


def of_each(names_with_article: list[str], lang: str) -> str:
    """Who took part, each with its article, after 'from' / 'de': 'from the UPU, China and the United Arab
    Emirates'; in French 'de l'UPU, de la Chine, du Kenya, des Émirats arabes unis et de l'Inde'."""
    if lang == "en":
        return f"from {join_list(names_with_article, lang)}" if names_with_article else ""
    return join_list([_de(name) for name in names_with_article], lang)


def _de(name: str) -> str:
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name.startswith(("la ", "l'")):
        return f"de {name}"
    if name[:1] in _VOWELS or name.startswith(_H_MUET):
        return f"d'{name}"
    return f"de {name}"
