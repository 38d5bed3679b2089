"""The subset of XPath that XLSForms use in `relevant` and `constraint` columns, parsed and evaluated in Python.

Grammar (the same one `static/surveys/xpath.js` implements for live skip logic on the answering page):
  expr    := or
  or      := and ('or' and)*
  and     := cmp ('and' cmp)*
  cmp     := add (('=' | '!=' | '<' | '<=' | '>' | '>=') add)*
  add     := mul (('+' | '-') mul)*
  mul     := unary (('*' | 'div' | 'mod') unary)*
  unary   := '-' unary | primary
  primary := number | 'string' | "string" | ${name} | '.' | func '(' args ')' | '(' expr ')'
Functions: selected, count-selected, not, string-length, true, false, number, string, contains, starts-with,
concat, if, today, boolean-from-string... only those listed in FUNCTIONS.

Values follow XPath 1.0 rules closely enough for forms: an unanswered question is the empty string, a select
multiple is its choice names separated by spaces, comparisons with a number compare numerically (an empty or
non-numeric string is NaN, so every comparison with it is false except `!=`).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

Value = str | float | bool


class XPathError(ValueError):
    """A syntax error or an unsupported function in an expression."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{[A-Za-z_][\w.\-]*\})
      | (?P<num>\d+(?:\.\d*)?|\.\d+)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
      | (?P<name>[A-Za-z_][\w\-]*(?:\:[A-Za-z_][\w\-]*)?)
      | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    text = source.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise XPathError(_("Unexpected text at “%(rest)s”.") % {"rest": text[position:][:20]})
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind)))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return tokens


# A parsed expression is a small tree of tuples: ("num", 1.0), ("str", "x"), ("ref", "q"), ("dot",),
# ("call", name, [args]), ("op", operator, left, right), ("neg", operand).
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise XPathError(_("The expression ends too early."))
        self.index += 1
        return token

    def accept(self, kind: str, *texts: str) -> Token | None:
        token = self.peek()
        if token and token.kind == kind and (not texts or token.text in texts):
            self.index += 1
            return token
        return None

    def parse(self) -> Node:
        node = self.binary(0)
        if self.peek() is not None:
            raise XPathError(_("Unexpected “%(token)s”.") % {"token": self.peek().text})  # type: ignore[union-attr]
        return node

    LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("name", ("or",)),
        ("name", ("and",)),
        ("op", ("=", "!=", "<", "<=", ">", ">=")),
        ("op", ("+", "-")),
        ("mixed", ("*", "div", "mod")),
    )

    def binary(self, level: int) -> Node:
        if level == len(self.LEVELS):
            return self.unary()
        kind, operators = self.LEVELS[level]
        left = self.binary(level + 1)
        while True:
            token = self.peek()
            if token is None or token.text not in operators:
                return left
            if kind != "mixed" and token.kind != kind:
                return left
            self.index += 1
            left = ("op", token.text, left, self.binary(level + 1))

    def unary(self) -> Node:
        if self.accept("op", "-"):
            return ("neg", self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return ("num", float(token.text))
        if token.kind == "str":
            return ("str", token.text[1:-1])
        if token.kind == "ref":
            return ("ref", token.text[2:-1])
        if token.kind == "dot":
            return ("dot",)
        if token.kind == "op" and token.text == "(":
            node = self.binary(0)
            self.expect(")")
            return node
        if token.kind == "name" and self.accept("op", "("):
            if token.text not in FUNCTIONS:
                raise XPathError(_("The function %(name)s() is not supported.") % {"name": token.text})
            args: list[Node] = []
            if not self.accept("op", ")"):
                args.append(self.binary(0))
                while self.accept("op", ","):
                    args.append(self.binary(0))
                self.expect(")")
            low, high = FUNCTIONS[token.text][0]
            if not low <= len(args) <= high:
                raise XPathError(
                    _("%(name)s() takes a different number of arguments.") % {"name": token.text}
                )
            return ("call", token.text, args)
        raise XPathError(_("Unexpected “%(token)s”.") % {"token": token.text})

    def expect(self, text: str) -> None:
        if not self.accept("op", text):
            raise XPathError(_("“%(text)s” expected.") % {"text": text})


def parse(source: str) -> Node:
    return _Parser(source).parse()


def references(source: str) -> set[str]:
    """The question names `${...}` an expression refers to (raises XPathError on bad syntax)."""
    found: set[str] = set()

    def walk(node: Node) -> None:
        if node[0] == "ref":
            found.add(node[1])
        elif node[0] == "call":
            for arg in node[2]:
                walk(arg)
        elif node[0] == "op":
            walk(node[2])
            walk(node[3])
        elif node[0] == "neg":
            walk(node[1])

    walk(parse(source))
    return found


# ---------------------------------------------------------------- evaluation


def to_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value == int(value) else repr(value)
    return value


def to_number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    try:
        return float(value.strip()) if value.strip() else math.nan
    except ValueError:
        return math.nan


def to_boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def answer_to_value(answer: Any) -> Value:
    """A stored answer as an XPath value: lists are space-separated, numbers stay numbers, None is ''."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, (int, float)):
        return float(answer)
    if isinstance(answer, (list, tuple)):
        return " ".join(str(item) for item in answer)
    return str(answer)


def _compare(operator: str, left: Value, right: Value) -> bool:
    if operator in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float) or isinstance(right, float):
            equal = to_number(left) == to_number(right)
        else:
            equal = left == right
        return equal if operator == "=" else not equal
    a, b = to_number(left), to_number(right)
    if math.isnan(a) or math.isnan(b):
        # Dates compare as ISO strings, which order correctly.
        if isinstance(left, str) and isinstance(right, str) and left and right:
            a_s, b_s = left, right
            return {"<": a_s < b_s, "<=": a_s <= b_s, ">": a_s > b_s, ">=": a_s >= b_s}[operator]
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def _arith(operator: str, left: Value, right: Value) -> float:
    a, b = to_number(left), to_number(right)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0:
        return math.nan if a == 0 or operator == "mod" else math.copysign(math.inf, a)
    return a / b if operator == "div" else math.fmod(a, b)


def _selected(values: Value, choice: Value) -> bool:
    return to_string(choice).strip() in to_string(values).split()


def _if(condition: Value, then: Value, otherwise: Value) -> Value:
    return then if to_boolean(condition) else otherwise


FUNCTIONS: dict[str, tuple[tuple[int, int], Callable[..., Value]]] = {
    "selected": ((2, 2), _selected),
    "count-selected": ((1, 1), lambda v: float(len(to_string(v).split()))),
    "not": ((1, 1), lambda v: not to_boolean(v)),
    "string-length": ((1, 1), lambda v: float(len(to_string(v)))),
    "true": ((0, 0), lambda: True),
    "false": ((0, 0), lambda: False),
    "number": ((1, 1), to_number),
    "string": ((1, 1), to_string),
    "boolean": ((1, 1), to_boolean),
    "contains": ((2, 2), lambda a, b: to_string(b) in to_string(a)),
    "starts-with": ((2, 2), lambda a, b: to_string(a).startswith(to_string(b))),
    "concat": ((1, 20), lambda *parts: "".join(to_string(p) for p in parts)),
    "if": ((3, 3), _if),
    "today": ((0, 0), lambda: datetime.date.today().isoformat()),
}


def evaluate(source: str | Node, *, answers: Mapping[str, Any], current: Any = None) -> Value:
    """Evaluate `source` against `answers` (name -> stored answer); `.` is `current` (the answer being checked)."""
    node = parse(source) if isinstance(source, str) else source
    return _eval(node, answers, current)


def evaluate_boolean(source: str | Node, *, answers: Mapping[str, Any], current: Any = None) -> bool:
    return to_boolean(evaluate(source, answers=answers, current=current))


def _eval(node: Node, answers: Mapping[str, Any], current: Any) -> Value:
    kind = node[0]
    if kind == "num":
        return float(node[1])
    if kind == "str":
        return str(node[1])
    if kind == "ref":
        return answer_to_value(answers.get(node[1]))
    if kind == "dot":
        return answer_to_value(current)
    if kind == "neg":
        return -to_number(_eval(node[1], answers, current))
    if kind == "call":
        function = FUNCTIONS[node[1]][1]
        return function(*[_eval(arg, answers, current) for arg in node[2]])
    operator = node[1]
    if operator == "or":
        return to_boolean(_eval(node[2], answers, current)) or to_boolean(_eval(node[3], answers, current))
    if operator == "and":
        return to_boolean(_eval(node[2], answers, current)) and to_boolean(_eval(node[3], answers, current))
    left, right = _eval(node[2], answers, current), _eval(node[3], answers, current)
    if operator in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(operator, left, right)
    return _arith(operator, left, right)
