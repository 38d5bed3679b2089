"""The languages of a form: pyxform names them as the workbook does (`English (en)`, `english`, `EN`, `default`);
Clearway keys texts by a short code where one is recognisable and keeps the name to show it."""

from __future__ import annotations

import re

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "pt": "Português",
    "ru": "Русский",
    "zh": "中文",
    "sw": "Kiswahili",
    "de": "Deutsch",
    "it": "Italiano",
    "nl": "Nederlands",
    "hi": "हिन्दी",
}
_BY_NAME = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "arabic": "ar",
    "portuguese": "pt",
    "português": "pt",
    "russian": "ru",
    "chinese": "zh",
    "swahili": "sw",
    "kiswahili": "sw",
    "german": "de",
    "italian": "it",
    "dutch": "nl",
    "hindi": "hi",
}
_CODE_IN_NAME = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\)\s*$")


def language_key(name: str, *, default: str) -> str:
    """`English (en)` -> en, `english` -> en, `EN` -> en, `default` -> the form's default; else the name itself."""
    name = (name or "").strip()
    if name in ("", "default"):
        return default
    match = _CODE_IN_NAME.search(name)
    if match:
        return match.group(1).lower()
    lowered = name.lower()
    if lowered in _BY_NAME:
        return _BY_NAME[lowered]
    if len(lowered) in (2, 3) and lowered.isalpha():
        return lowered
    return lowered


def language_label(key: str, names: dict[str, str] | None = None) -> str:
    """How a language is shown in the form's language menu."""
    if key in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[key]
    name = (names or {}).get(key, key)
    return name[:1].upper() + name[1:]
