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
Also `/data/q` and `../q` (the question q), `..` (in position(..)) and bare names (a choice's column, in a
choice_filter). Functions: those listed in FUNCTIONS (ODK's string, number, date and select functions that need
nothing but the answers); others (pulldata, jr:choice-name, uuid...) raise UnsupportedFunction.

Values follow XPath 1.0 rules closely enough for forms: an unanswered question is the empty string, a select
multiple is its choice names separated by spaces, comparisons with a number compare numerically (an empty or
non-numeric string is NaN, so every comparison with it is false except `!=`).
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

Value = str | float | bool


class XPathError(ValueError):
    """A syntax error or an unsupported function in an expression."""


class UnsupportedFunction(XPathError):
    """A function of ODK's XPath that Clearway does not evaluate (pulldata, jr:choice-name, uuid...)."""

    def __init__(self, function: str) -> None:
        self.function = function
        super().__init__(_("The function %(name)s() is not supported.") % {"name": function})


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{[A-Za-z_][\w.\-]*\})
      | (?P<path>(?:/[A-Za-z_][\w.\-]*)+|(?:\.\./)+[A-Za-z_][\w.\-]*|\.\.)
      | (?P<num>\d+(?:\.\d*)?|\.\d+)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
      | (?P<name>[A-Za-z_][\w\-.]*(?:::?[A-Za-z_][\w\-]*)?)
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
# ("call", name, [args]), ("op", operator, left, right), ("neg", operand), ("col", name) (a bare name: a column of
# the choice a choice_filter is tested on), ("parent",) (`..`, as in position(..)).
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
        if token.kind == "path":
            # /data/group/q and ../q name the question q (names are unique in a form, as pyxform requires).
            return ("parent",) if token.text == ".." else ("ref", token.text.rstrip("/").rsplit("/", 1)[-1])
        if token.kind == "op" and token.text == "(":
            node = self.binary(0)
            self.expect(")")
            return node
        if token.kind == "name" and self.accept("op", "("):
            if token.text not in FUNCTIONS:
                raise UnsupportedFunction(token.text)
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
        if token.kind == "name" and token.text not in ("and", "or", "div", "mod"):
            return ("col", token.text)
        raise XPathError(_("Unexpected “%(token)s”.") % {"token": token.text})

    def expect(self, text: str) -> None:
        if not self.accept("op", text):
            raise XPathError(_("“%(text)s” expected.") % {"text": text})


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> Node:
    """The expression's tree, parsed once per process: statistics and committee reports evaluate the same few
    relevance expressions for every response (68,000 parses for one report at programme scale). The tree is
    shared: callers never change it."""
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
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
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
        return " ".join(str(item) for item in answer if not isinstance(item, dict))
    if isinstance(answer, dict):
        return str(answer.get("name", ""))  # an uploaded file is known by its name
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


def _round(value: Value, places: Value = 0.0) -> float:
    number, digits = to_number(value), int(to_number(places) or 0)
    if math.isnan(number) or math.isinf(number):
        return number
    scaled = number * 10**digits
    return math.floor(scaled + 0.5) / 10**digits  # XPath rounds halves up, not to even


def _int(value: Value) -> float:
    number = to_number(value)
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


def _substr(text: Value, start: Value, end: Value | None = None) -> str:
    string = to_string(text)
    begin = max(int(to_number(start)), 0)
    return string[begin:] if end is None else string[begin : int(to_number(end))]


def _regex(text: Value, pattern: Value) -> bool:
    try:
        return re.search(to_string(pattern), to_string(text)) is not None
    except re.error:
        return False


def _selected_at(values: Value, index: Value) -> str:
    items = to_string(values).split()
    position = int(to_number(index)) if not math.isnan(to_number(index)) else -1
    return items[position] if 0 <= position < len(items) else ""


def _extreme(pick: Callable[..., float], *values: Value) -> float:
    numbers = [to_number(v) for v in values]
    return math.nan if not numbers or any(math.isnan(n) for n in numbers) else float(pick(numbers))


def _coalesce(first: Value, second: Value) -> Value:
    return first if to_string(first) != "" else second


def _date(value: Value) -> str:
    if isinstance(value, float) and not math.isnan(value):
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(value))).isoformat()
    return to_string(value)[:10]


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
    "now": ((0, 0), lambda: datetime.datetime.now().replace(microsecond=0).isoformat()),
    "date": ((1, 1), _date),
    "coalesce": ((2, 2), _coalesce),
    "round": ((1, 2), _round),
    "int": ((1, 1), _int),
    "floor": ((1, 1), lambda v: float(math.floor(n)) if math.isfinite(n := to_number(v)) else n),
    "ceiling": ((1, 1), lambda v: float(math.ceil(n)) if math.isfinite(n := to_number(v)) else n),
    "abs": ((1, 1), lambda v: abs(to_number(v))),
    "pow": ((2, 2), lambda a, b: _pow(to_number(a), to_number(b))),
    "min": ((1, 20), lambda *v: _extreme(min, *v)),
    "max": ((1, 20), lambda *v: _extreme(max, *v)),
    "substr": ((2, 3), _substr),
    "normalize-space": ((1, 1), lambda v: " ".join(to_string(v).split())),
    "regex": ((2, 2), _regex),
    "selected-at": ((2, 2), _selected_at),
    "boolean-from-string": ((1, 1), lambda v: to_string(v) in ("true", "1")),
    "once": ((1, 1), lambda v: v),
    "sqrt": ((1, 1), lambda v: _math(math.sqrt, v)),
    "exp": ((1, 1), lambda v: _math(math.exp, v)),
    "log": ((1, 1), lambda v: _math(math.log, v)),
    "log10": ((1, 1), lambda v: _math(math.log10, v)),
    "sin": ((1, 1), lambda v: _math(math.sin, v)),
    "cos": ((1, 1), lambda v: _math(math.cos, v)),
    "tan": ((1, 1), lambda v: _math(math.tan, v)),
    "asin": ((1, 1), lambda v: _math(math.asin, v)),
    "acos": ((1, 1), lambda v: _math(math.acos, v)),
    "atan": ((1, 1), lambda v: _math(math.atan, v)),
    "pi": ((0, 0), lambda: math.pi),
    "position": ((1, 1), lambda v: v),
    "count": ((1, 1), lambda v: v),
}


def _math(function: Callable[[float], float], value: Value) -> float:
    try:
        return float(function(to_number(value)))
    except (OverflowError, ValueError):
        return math.nan


def _pow(base: float, exponent: float) -> float:
    try:
        return float(math.pow(base, exponent))
    except (OverflowError, ValueError):
        return math.nan


POSITION = "__position__"  # key of the 1-based index of the repeat instance an expression is evaluated in


def evaluate(
    source: str | Node,
    *,
    answers: Mapping[str, Any],
    current: Any = None,
    columns: Mapping[str, Any] | None = None,
) -> Value:
    """Evaluate `source` against `answers` (name -> stored answer); `.` is `current` (the answer being checked);
    bare names are `columns` (the choice a choice_filter tests)."""
    node = parse(source) if isinstance(source, str) else source
    return _eval(node, answers, current, columns or {})


def evaluate_boolean(
    source: str | Node,
    *,
    answers: Mapping[str, Any],
    current: Any = None,
    columns: Mapping[str, Any] | None = None,
) -> bool:
    return to_boolean(evaluate(source, answers=answers, current=current, columns=columns))


def _eval(node: Node, answers: Mapping[str, Any], current: Any, columns: Mapping[str, Any]) -> Value:
    kind = node[0]
    if kind == "col":
        return answer_to_value(columns.get(node[1]))
    if kind == "parent":
        return float(answers.get(POSITION) or 1)
    if kind == "call" and node[1] == "count" and node[2][0][0] == "ref":
        value = answers.get(node[2][0][1])
        return (
            float(len(value))
            if isinstance(value, list) and value and isinstance(value[0], dict)
            else float(value not in (None, "", []))
        )
    if kind == "num":
        return float(node[1])
    if kind == "str":
        return str(node[1])
    if kind == "ref":
        return answer_to_value(answers.get(node[1]))
    if kind == "dot":
        return answer_to_value(current)
    if kind == "neg":
        return -to_number(_eval(node[1], answers, current, columns))
    if kind == "call":
        function = FUNCTIONS[node[1]][1]
        return function(*[_eval(arg, answers, current, columns) for arg in node[2]])
    operator = node[1]
    left = _eval(node[2], answers, current, columns)
    if operator == "or":
        return to_boolean(left) or to_boolean(_eval(node[3], answers, current, columns))
    if operator == "and":
        return to_boolean(left) and to_boolean(_eval(node[3], answers, current, columns))
    right = _eval(node[3], answers, current, columns)
    if operator in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(operator, left, right)
    return _arith(operator, left, right)
