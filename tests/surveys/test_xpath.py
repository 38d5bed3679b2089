"""The XPath subset used by relevant and constraint columns."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.surveys.xpath import XPathError, evaluate, evaluate_boolean, references

ANSWERS = {"q": "yes", "n": 12, "ops": ["express", "postal"], "empty": None, "d": "2024-05-01", "t": "abc"}


@pytest.mark.parametrize(
    ("expression", "current", "expected"),
    [
        ("${q} = 'yes'", None, True),
        ("${q} != 'yes'", None, False),
        ("${q} = 'no' or ${n} > 10", None, True),
        ("${q} = 'yes' and ${n} < 10", None, False),
        ("not(${q} = 'no')", None, True),
        ("selected(${ops}, 'postal')", None, True),
        ("selected(${ops}, 'platforms')", None, False),
        ("count-selected(${ops}) = 2", None, True),
        ("count-selected(${empty}) = 0", None, True),
        (". >= 1990 and . <= 2030", 2001, True),
        (". >= 1990 and . <= 2030", 1989, False),
        ("string-length(.) <= 3", "abcd", False),
        ("string-length(${t}) = 3", None, True),
        ("${empty} = ''", None, True),
        ("${empty} > 3", None, False),  # an unanswered number compares as NaN
        ("${n} + 3 * 2 = 18", None, True),
        ("${n} div 4 = 3 and ${n} mod 5 = 2", None, True),
        ("-${n} < 0", None, True),
        ("(${n} > 100 or ${q} = 'yes') and true()", None, True),
        ("${d} > '2024-01-01'", None, True),
        ("${n} = 12.0", None, True),
        ('${q} = "yes"', None, True),
    ],
)
def test_evaluate(expression: str, current: Any, expected: bool) -> None:
    assert evaluate_boolean(expression, answers=ANSWERS, current=current) is expected


def test_values_and_references() -> None:
    assert evaluate("concat(${q}, '-', ${n})", answers=ANSWERS) == "yes-12"
    assert references("selected(${a}, 'x') and ${b} > 3 or not(${c})") == {"a", "b", "c"}


@pytest.mark.parametrize("bad", ["${q} = ", "pulldata('x')", "${q} = 'yes' )", "selected(${q})", "${q} ~ 1"])
def test_syntax_errors(bad: str) -> None:
    with pytest.raises(XPathError):
        references(bad)
