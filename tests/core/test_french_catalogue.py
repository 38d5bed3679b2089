"""Every message the code and templates mark for translation has a French translation, none of them fuzzy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[2] / "src" / "clearway"
_GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
_CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
_TEMPLATE_CALL = re.compile(
    r"\b(n?p?gettext)\((u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\")(?:,\s*(u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"))?"
)


def _catalogues() -> list[polib.POFile]:
    return [polib.pofile(str(p)) for p in sorted(SRC.glob("*/locale/fr/LC_MESSAGES/django.po"))]


def _python_messages(path: Path) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        if name in _GETTEXT and args and args[0]:
            found.add(("", args[0]))
        elif name in _CONTEXT and len(args) > 1 and args[0] and args[1]:
            found.add((args[0], args[1]))
    return found


def _template_messages(path: Path) -> set[tuple[str, str]]:
    found = set()
    for call, first, second in _TEMPLATE_CALL.findall(
        templatize(path.read_text(encoding="utf-8"), origin=str(path))
    ):
        first_text = ast.literal_eval(first.lstrip("u"))
        if call.startswith(("pgettext", "npgettext")):
            found.add((first_text, ast.literal_eval(second.lstrip("u"))))
        else:
            found.add(("", first_text))
    return found


def marked_messages() -> dict[tuple[str, str], str]:
    """(context, message) -> the first file that marks it."""
    messages: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            for key in _python_messages(path):
                messages.setdefault(key, str(path.relative_to(SRC)))
    for path in sorted(SRC.rglob("templates/**/*")):
        if path.suffix in (".html", ".txt"):
            for key in _template_messages(path):
                messages.setdefault(key, str(path.relative_to(SRC)))
    return messages


def test_every_marked_message_has_a_french_translation() -> None:
    translated = {
        (e.msgctxt or "", e.msgid)
        for po in _catalogues()
        for e in po
        if (e.msgstr or all(e.msgstr_plural.values()) and e.msgstr_plural) and "fuzzy" not in e.flags
    }
    missing = sorted(
        f"{where}: {text!r}"
        for (ctx, text), where in marked_messages().items()
        if (ctx, text) not in translated
    )
    assert missing == []


def test_no_french_entry_is_fuzzy_or_empty() -> None:
    wrong = [
        f"{po.fpath}: {e.msgid!r}"
        for po in _catalogues()
        for e in po
        if "fuzzy" in e.flags or not (e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values())))
    ]
    assert wrong == []


def _avoided_words() -> list[str]:
    """The last column of the glossary's table: words the French catalogues must not use."""
    glossary = (SRC.parents[1] / "docs" / "glossary.md").read_text(encoding="utf-8")
    words = []
    for line in glossary.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[2] and not set(cells[2]) <= {"-", " "}:
            words += [w.strip() for w in cells[2].split(",") if w.strip() and cells[2] != "Not in French"]
    return words


def test_french_uses_the_glossary_words() -> None:
    words = _avoided_words()
    assert "fictif" in words and "tableau de bord" in words
    wrong = [
        f"{po.fpath}: {text!r} uses “{word}”"
        for po in _catalogues()
        for e in po
        for text in [e.msgstr, *e.msgstr_plural.values()]
        for word in words
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    ]
    assert wrong == []
