"""Text that leaves Clearway in a file: characters XML cannot hold removed, spreadsheet formulas defused."""

from __future__ import annotations

import re

# XML 1.0 (XLSX, DOCX) cannot hold C0 controls other than tab, line feed and carriage return, nor U+FFFE/U+FFFF:
# one such character in a Member's answer made every export of the survey fail.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_xml_safe(value: str) -> str:
    """`value` without the control characters an XML document cannot contain."""
    return _XML_ILLEGAL.sub("", value)


def text_is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def text_formula_neutralise(value: str) -> str:
    """A leading apostrophe: spreadsheets show the text as typed instead of evaluating it."""
    return "'" + value if text_is_formula_like(value) else value


# An absolute file path (POSIX or Windows) as libraries quote it in their errors: /srv/clearway/media/x.csv.
_PATH = re.compile(r"(?:[A-Za-z]:\\|/)(?:[^\s\"'<>|:*?\\/]+[\\/])+([^\s\"'<>|:*?\\/]*)")


def text_paths_hidden(text: str) -> str:
    """`text` with each absolute file path reduced to its file name: errors shown to users name no server
    folder (a temporary folder, the media folder)."""
    return _PATH.sub(lambda match: match.group(1) or "…", text)


def text_error_detail(exc: BaseException, *, limit: int = 300) -> str:
    """The first line of an exception's text for a message to users (its class name when it has none), server
    paths hidden."""
    text = str(exc).strip()
    return text_paths_hidden(text.splitlines()[0])[:limit] if text else type(exc).__name__
