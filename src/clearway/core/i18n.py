"""Content stored per language (`title_en`, `title_fr`) and read in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("en", "fr")


def current_language() -> str:
    lang = (get_language() or "en")[:2]
    return lang if lang in CONTENT_LANGUAGES else "en"


def localized(obj: Any, field: str, lang: str | None = None) -> str:
    """`obj.<field>_<lang>`, falling back to English when the translation is empty."""
    lang = lang or current_language()
    value = getattr(obj, f"{field}_{lang}", "") or ""
    if not value and lang != "en":
        value = getattr(obj, f"{field}_en", "") or ""
    return str(value)


def localized_dict(data: dict[str, Any], lang: str | None = None) -> str:
    """For data-file values given as {'en': …, 'fr': …}."""
    lang = lang or current_language()
    return str(data.get(lang) or data.get("en") or "")


def percent_format(share: float | None, digits: int = 0) -> str:
    """A share (0-1) as a percentage in the active language: 51.6% in English, 51,6 % in French."""
    if share is None:
        return "–"
    number = number_format(round(share * 100, digits), digits, force_grouping=True)
    # French sets a (narrow, no-break) space before the sign; English sets none.
    return f"{number}\u202f%" if current_language() == "fr" else f"{number}%"


def colon() -> str:
    """A colon after a label, as the reader's language sets it: "Status:" in English, "Statut :" in French."""
    return "\u00a0:" if current_language() == "fr" else ":"


def semicolon() -> str:
    """A semicolon between items, as the reader's language sets it: "a; b" in English, "a ; b" in French."""
    return "\u202f;" if current_language() == "fr" else ";"
