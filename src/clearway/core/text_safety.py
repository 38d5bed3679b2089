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
