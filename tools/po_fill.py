"""Fill French msgstr entries of an app's catalogue from a YAML glossary (msgid: msgstr, or msgid: [singular, plural]).

Usage: python tools/po_fill.py src/clearway/<app> tools/fr/<app>.yaml
Reports every msgid still untranslated, so a missing translation is never silent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import yaml


def main(app_dir: str, glossary_path: str) -> int:
    po_path = Path(app_dir) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    glossary = yaml.safe_load(Path(glossary_path).read_text(encoding="utf-8")) or {}
    catalogue = polib.pofile(str(po_path))
    catalogue.metadata["Language"] = "fr"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in catalogue:
        value = glossary.get(entry.msgid)
        if value is None:
            if not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
