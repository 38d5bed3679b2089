"""The browser's skip-logic evaluator (static/surveys/xpath.js) agrees with the server's (surveys/xpath.py)."""

from __future__ import annotations

from typing import Any

from clearway.surveys.xpath import XPathError, evaluate_boolean
from tests.surveys.test_xpath import ANSWERS

CASES: list[tuple[str, Any]] = [
    ("${q} = 'yes'", None),
    ("${q} != 'yes'", None),
    ("${q} = 'no' or ${n} > 10", None),
    ("not(${q} = 'no') and ${n} <= 12", None),
    ("selected(${ops}, 'postal')", None),
    ("selected(${ops}, 'platforms')", None),
    ("count-selected(${ops}) = 2", None),
    ("count-selected(${empty}) = 0", None),
    (". >= 1990 and . <= 2030", 2001),
    (". >= 1990 and . <= 2030", 1989),
    ("string-length(.) <= 3", "abcd"),
    ("${empty} = ''", None),
    ("${empty} > 3", None),
    ("${empty} != 3", None),
    ("${n} + 3 * 2 = 18", None),
    ("${n} div 4 = 3 and ${n} mod 5 = 2", None),
    ("-${n} < 0", None),
    ("(${n} > 100 or ${q} = 'yes') and true()", None),
    ("${d} > '2024-01-01'", None),
    ("${n} = 12.0", None),
    ("${t} = 'abc' and contains(${t}, 'b') and starts-with(${t}, 'a')", None),
    ("${n} = '12'", None),
    ("if(${q} = 'yes', 1, 0) = 1", None),
    ("concat(${q}, ${n}) = 'yes12'", None),
    ("${q}", None),
    ("number(${t}) = number(${t})", None),
    ("boolean(${empty})", None),
    ("${ops} = 'express postal'", None),
    # ODK functions and paths added for real-world forms (issue 27)
    ("round(${n} div 7, 2) = 1.71", None),
    ("int(-7.8) = -7 and floor(-7.2) = -8 and ceiling(7.2) = 8", None),
    ("coalesce(${empty}, ${q}) = 'yes'", None),
    ("substr(${t}, 1) = 'bc' and substr(${t}, 0, 2) = 'ab'", None),
    ("regex(${t}, '^a.c$') and not(regex(${t}, '^b'))", None),
    ("selected-at(${ops}, 1) = 'postal'", None),
    ("min(${n}, 3, 40) = 3 and max(${n}, 3) = 12", None),
    ("pow(2, 10) = 1024 and abs(-3) = 3 and sqrt(16) = 4", None),
    ("normalize-space('  a   b ') = 'a b'", None),
    ("/data/q = 'yes' and ../n = 12", None),
    ("string-length(concat(${t}, 'x')) = 4", None),
]


def test_javascript_and_python_evaluators_agree(page: Any) -> None:
    page.goto("/accounts/login/")
    page.add_script_tag(url="/static/surveys/xpath.js")
    for expression, current in CASES:
        server = evaluate_boolean(expression, answers=ANSWERS, current=current)
        browser = page.evaluate(
            "([e, a, c]) => window.ClearwayXPath.evaluateBoolean(e, a, c)", [expression, ANSWERS, current]
        )
        assert browser is server, expression
    for expression in ["cc = 'ke'", "cc != 'ke' or name = 'mba'"]:
        columns = {"cc": "ke", "name": "mba"}
        server = evaluate_boolean(expression, answers=ANSWERS, columns=columns)
        browser = page.evaluate(
            "([e, a, c]) => window.ClearwayXPath.evaluateBoolean(e, a, null, c)",
            [expression, ANSWERS, columns],
        )
        assert browser is server is True, expression
    for bad in ["${q} = ", "pulldata('x')", "${q} = 'yes' )"]:
        try:
            evaluate_boolean(bad, answers=ANSWERS)
        except XPathError:
            pass
        else:
            raise AssertionError(bad)
        assert (
            page.evaluate(
                "(e) => { try { window.ClearwayXPath.parse(e); return 'ok'; } catch (x) { return 'error'; } }",
                bad,
            )
            == "error"
        )
