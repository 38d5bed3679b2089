"""The XPath subset used by relevant and constraint columns."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.surveys.xpath import UnsupportedFunction, XPathError, evaluate, evaluate_boolean, references

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


@pytest.mark.parametrize(
    "expression",
    [
        "round(${n} div 7, 2) = 1.71",
        "round(2.5) = 3 and round(-2.5) = -2",
        "int(-7.8) = -7 and floor(-7.2) = -8 and ceiling(7.2) = 8",
        "coalesce(${empty}, ${q}) = 'yes'",
        "substr(${t}, 1) = 'bc' and substr(${t}, 0, 2) = 'ab'",
        "regex(${t}, '^a.c$') and not(regex(${t}, '^b'))",
        "selected-at(${ops}, 1) = 'postal'",
        "min(${n}, 3, 40) = 3 and max(${n}, 3) = 12",
        "pow(2, 10) = 1024 and abs(-3) = 3 and sqrt(16) = 4",
        "normalize-space('  a   b ') = 'a b'",
        "/data/q = 'yes' and ../n = 12",
        "date(0) = '1970-01-01'",
    ],
)
def test_odk_functions_and_paths_used_by_real_forms(expression: str) -> None:
    assert evaluate_boolean(expression, answers=ANSWERS) is True


def test_a_bare_name_is_a_column_of_the_choice_a_choice_filter_tests() -> None:
    assert evaluate_boolean("cc = ${q}", answers=ANSWERS, columns={"cc": "yes"}) is True
    assert evaluate_boolean("cc = ${q}", answers=ANSWERS, columns={"cc": "no"}) is False


def test_a_function_clearway_does_not_evaluate_is_named() -> None:
    with pytest.raises(UnsupportedFunction) as info:
        evaluate_boolean("pulldata('f', 'a', 'b', ${q}) = 1", answers=ANSWERS)
    assert info.value.function == "pulldata"
