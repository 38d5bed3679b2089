"""Answers under ODK's rules: relevance, calculations, defaults, required and constraint checks, on the server.

As in ODK Collect and Enketo, a question that is not relevant has no value: it is cleared before anything else
reads it, so it counts neither in later expressions (relevance, calculations, constraints) nor in statistics.
Relevance and calculations depend on each other, so they are evaluated again until nothing changes (a form's
expressions form no cycle: pyxform refuses one, and the number of rounds is bounded anyway).

Answers are a dict keyed by question name; a repeat group is a list of such dicts (which may hold inner repeats).
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from clearway.core.actors import Actor
from clearway.surveys import xpath
from clearway.surveys.definition import (
    ANSWERED_TYPES,
    COMPUTED_TYPES,
    choices_of,
    text_in,
)

_ROUNDS = 20
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _evaluable(node: Mapping[str, Any], key: str) -> bool:
    return bool(node.get(key)) and key not in node.get("not_evaluated", ())


def _true(node: Mapping[str, Any], key: str, context: Mapping[str, Any], current: Any = None) -> bool | None:
    """The boolean value of an expression column; None when the node has none Clearway evaluates."""
    if not _evaluable(node, key):
        return None
    try:
        return xpath.evaluate_boolean(node[key], answers=context, current=current)
    except (xpath.XPathError, TypeError, ValueError):
        return None


def node_relevant(node: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    return _true(node, "relevant", context) is not False


# ---------------------------------------------------------------- effective values


def answers_effective(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The values that count: answers of relevant questions and calculated values; the rest cleared."""
    values = dict(answers)
    for _round in range(_ROUNDS):
        updated = _nodes_pass(definition["children"], answers, values, {})
        if updated == values:
            break
        values = updated
    return values


def _nodes_pass(
    nodes: list[dict[str, Any]], stored: Mapping[str, Any], context: Mapping[str, Any], out: dict[str, Any]
) -> dict[str, Any]:
    for node in nodes:
        if not node_relevant(node, context):
            continue
        kind = node["type"]
        if kind == "group":
            _nodes_pass(node.get("children", []), stored, context, out)
        elif kind == "matrix":
            _nodes_pass(node.get("rows", []), stored, context, out)
        elif kind == "repeat":
            items = _repeat_items(node, stored.get(node["name"]), context)
            found = context.get(node["name"])
            previous: list[Any] = found if isinstance(found, list) else []
            kept = []
            for index, item in enumerate(items):
                inner = {
                    **context,
                    **(previous[index] if index < len(previous) else item),
                    xpath.POSITION: index + 1,
                }
                kept.append(_nodes_pass(node.get("children", []), item, inner, {}))
            if kept:
                out[node["name"]] = kept
        elif kind in ANSWERED_TYPES or kind in COMPUTED_TYPES:
            value = _value(node, stored, context)
            if not _empty(value):
                out[node["name"]] = value
    return out


def _repeat_items(node: Mapping[str, Any], stored: Any, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    items = [dict(i) for i in stored if isinstance(i, Mapping)] if isinstance(stored, list) else []
    count = repeat_count(node, context)
    if count is None:
        return items
    return (items + [{} for _i in range(count - len(items))])[:count]


def repeat_count(node: Mapping[str, Any], context: Mapping[str, Any]) -> int | None:
    """The number of items a repeat_count fixes, or None when the user adds items freely."""
    if not _evaluable(node, "repeat_count"):
        return None
    try:
        number = xpath.to_number(xpath.evaluate(node["repeat_count"], answers=context))
    except (xpath.XPathError, TypeError, ValueError):
        return None
    return max(0, min(int(number), 500)) if number == number else 0


def _value(node: Mapping[str, Any], stored: Mapping[str, Any], context: Mapping[str, Any]) -> Any:
    if _evaluable(node, "calculation"):
        try:
            return xpath.to_string(xpath.evaluate(node["calculation"], answers=context))
        except (xpath.XPathError, TypeError, ValueError, OverflowError):
            return None
    return stored.get(node["name"])


# ---------------------------------------------------------------- defaults and metadata


def answers_default(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The `default` column's values for a new response (questions outside repeats)."""
    defaults: dict[str, Any] = {}
    _defaults_into(definition["children"], defaults)
    return defaults


def _defaults_into(nodes: list[dict[str, Any]], into: dict[str, Any]) -> None:
    for node in nodes:
        if node["type"] in ("group",):
            _defaults_into(node.get("children", []), into)
        elif node["type"] == "matrix":
            _defaults_into(node.get("rows", []), into)
        elif node.get("default") and node["type"] in ANSWERED_TYPES:
            into[node["name"]] = default_value(node)


def default_value(node: Mapping[str, Any]) -> Any:
    """A literal default, typed; a dynamic one (`today()`) evaluated once, when the response starts."""
    text = str(node["default"])
    if "(" in text or "${" in text:
        try:
            text = xpath.to_string(xpath.evaluate(text, answers={}))
        except xpath.XPathError:
            return None
    if node["type"] == "dateTime" and " " in text:
        text = text.replace(" ", "T")  # a spreadsheet date-time cell reads as "2010-06-15 00:00:00"
    if node["type"] == "date":
        text = text[:10]
    return answer_normalise(node["type"], text)


METADATA_FILLED = ("start", "end", "today", "username", "email", "deviceid")


def metadata_values(
    definition: Mapping[str, Any], *, started: datetime.datetime, ended: datetime.datetime, user: Actor
) -> dict[str, str]:
    """Values of ODK's metadata questions for a response submitted through Clearway's web form."""
    known = {
        "start": started.isoformat(timespec="seconds"),
        "end": ended.isoformat(timespec="seconds"),
        "today": ended.date().isoformat(),
        "username": str(getattr(user, "username", "") or getattr(user, "email", "") or ""),
        "email": str(getattr(user, "email", "") or ""),
        "deviceid": "clearway",
    }
    values = {}
    for node in _all_nodes(definition["children"]):
        if node["type"] == "metadata":
            kind = str(node.get("metadata", "")).removeprefix("uri:")
            if kind in known and known[kind]:
                values[node["name"]] = known[kind]
    return values


def _all_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in nodes:
        found.append(node)
        if node["type"] == "group":
            found.extend(_all_nodes(node.get("children", [])))
    return found


# ---------------------------------------------------------------- normalising what a form sends


def answer_normalise(field_type: str, value: Any) -> Any:
    """What a form input sends, stored typed when it parses; kept as typed text otherwise (flagged at submit)."""
    if _empty(value):
        return None
    if field_type == "select_multiple":
        items = value.split() if isinstance(value, str) else [str(v) for v in value]
        return items or None
    if isinstance(value, (list, dict)):
        return value
    if isinstance(value, bool):
        value = "OK" if value else ""
    text = str(value).strip() if not isinstance(value, (int, float)) else value
    if field_type == "acknowledge":
        return "OK" if text not in ("", "0", "false") else None
    if field_type in ("integer", "decimal", "range"):
        return _number(field_type, text)
    if field_type in ("geopoint", "geotrace", "geoshape"):
        return geo_normalise(str(text))
    if field_type == "dateTime" and isinstance(text, str) and len(text) == 16:
        return text + ":00"
    return text if isinstance(text, str) else str(text)


def _number(field_type: str, text: Any) -> Any:
    try:
        number = decimal.Decimal(str(text))
    except decimal.InvalidOperation:
        return text
    if field_type == "integer" or (field_type == "range" and number == number.to_integral_value()):
        return int(number) if number == number.to_integral_value() else text
    return float(number)


def geo_normalise(text: str) -> str:
    """Points as ODK writes them: `lat lon [alt [accuracy]]`, separated by `; ` (commas and new lines accepted)."""
    points = [p for p in re.split(r"[;\n]+", text) if p.strip()]
    return "; ".join(" ".join(p.replace(",", " ").split()) for p in points)


def answers_normalise(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Typed answers keyed by known names; raises KeyError naming an unknown question (a client bug, not user
    input). Calculated and metadata values sent by a client are dropped: the server computes them."""
    return _normalise_level(definition["children"], answers)


def _level_nodes(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The nodes answered at one level: questions of this level and of its groups, and its repeats."""
    found: dict[str, dict[str, Any]] = {}
    for node in nodes:
        if node["type"] == "group":
            found.update(_level_nodes(node.get("children", [])))
        elif node["type"] == "matrix":
            found.update({row["name"]: row for row in node.get("rows", [])})
        else:
            found[node["name"]] = node
    return found


def _normalise_level(nodes: list[dict[str, Any]], answers: Mapping[str, Any]) -> dict[str, Any]:
    known = _level_nodes(nodes)
    clean: dict[str, Any] = {}
    for name, value in answers.items():
        node = known.get(name)
        if node is None:
            raise KeyError(name)
        if node["type"] == "repeat":
            items = [i for i in value if isinstance(i, Mapping)] if isinstance(value, list) else []
            clean[name] = [_normalise_level(node.get("children", []), item) for item in items]
        elif node["type"] in ANSWERED_TYPES and not node.get("calculation"):
            normalised = answer_normalise(node["type"], value)
            if normalised is not None:
                clean[name] = normalised
    return clean


# ---------------------------------------------------------------- validation


def answers_validate(
    definition: Mapping[str, Any], answers: Mapping[str, Any], *, lang: str
) -> dict[str, list[str]]:
    """Errors per question (key: name, or `repeat[i].name` inside a repeat), in `lang`; empty when complete.
    Checked on the values that count (see `answers_effective`), as ODK checks a form before it is finalised."""
    effective = answers_effective(definition, answers)
    errors: dict[str, list[str]] = {}
    with translation.override(lang):
        _validate_level(definition, definition["children"], effective, effective, "", errors, lang)
    return errors


def _validate_level(
    definition: Mapping[str, Any],
    nodes: list[dict[str, Any]],
    values: Mapping[str, Any],
    context: Mapping[str, Any],
    prefix: str,
    errors: dict[str, list[str]],
    lang: str,
) -> None:
    for node in nodes:
        if not node_relevant(node, context):
            continue
        kind = node["type"]
        if kind == "group":
            _validate_level(definition, node.get("children", []), values, context, prefix, errors, lang)
        elif kind == "matrix":
            _validate_level(definition, node.get("rows", []), values, context, prefix, errors, lang)
        elif kind == "repeat":
            for index, item in enumerate(values.get(node["name"]) or []):
                inner = {**context, **item, xpath.POSITION: index + 1}
                where = f"{prefix}{node['name']}[{index + 1}]."
                _validate_level(definition, node.get("children", []), item, inner, where, errors, lang)
        elif kind in ANSWERED_TYPES and not node.get("calculation") and not node.get("readonly"):
            problems = _check(definition, node, values.get(node["name"]), context, lang)
            if problems:
                errors[prefix + node["name"]] = problems


def _check(
    definition: Mapping[str, Any], node: Mapping[str, Any], value: Any, context: Mapping[str, Any], lang: str
) -> list[str]:
    if _empty(value):
        required = node.get("required")
        if required is True or (isinstance(required, str) and _true(node, "required", context) is True):
            return [text_in(node.get("required_message"), lang) or _("This question requires an answer.")]
        return []
    problem = type_problem(definition, node, value, context)
    if problem:
        return [problem]
    if _true(node, "constraint", context, current=value) is False:
        return [text_in(node.get("constraint_message"), lang) or _("This answer is not acceptable.")]
    return []


def type_problem(
    definition: Mapping[str, Any], node: Mapping[str, Any], value: Any, context: Mapping[str, Any]
) -> str:
    """What is wrong with a value for its question type ('' when nothing)."""
    kind = node["type"]
    checker = _TYPE_CHECKS.get(kind)
    if checker is not None:
        return checker(node, value)
    if kind in ("select_one", "select_multiple"):
        return _select_problem(definition, node, value, context)
    return ""


def _integer_problem(node: Mapping[str, Any], value: Any) -> str:
    return "" if isinstance(value, int) and not isinstance(value, bool) else _("Enter a whole number.")


def _decimal_problem(node: Mapping[str, Any], value: Any) -> str:
    return "" if isinstance(value, (int, float)) and not isinstance(value, bool) else _("Enter a number.")


def _date_problem(node: Mapping[str, Any], value: Any) -> str:
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return _("Enter a date as YYYY-MM-DD.")
    return ""


def _time_problem(node: Mapping[str, Any], value: Any) -> str:
    return "" if _TIME.match(str(value)) else _("Enter a time as HH:MM.")


def _datetime_problem(node: Mapping[str, Any], value: Any) -> str:
    try:
        datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return _("Enter a date and time as YYYY-MM-DD HH:MM.")
    return ""


def range_bounds(node: Mapping[str, Any]) -> tuple[float, float, float]:
    parameters = node.get("parameters") or {}
    try:
        start, end = float(parameters.get("start", 1)), float(parameters.get("end", 10))
        step = float(parameters.get("step", 1))
    except ValueError:
        return 1.0, 10.0, 1.0
    return start, end, step or 1.0


def _range_problem(node: Mapping[str, Any], value: Any) -> str:
    start, end, step = range_bounds(node)
    low, high = min(start, end), max(start, end)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        return _("Choose a value from %(start)s to %(end)s.") % {"start": _plain(start), "end": _plain(end)}
    steps = (value - start) / step
    if abs(steps - round(steps)) > 1e-9:
        return _("Choose a value in steps of %(step)s from %(start)s.") % {
            "step": _plain(step),
            "start": _plain(start),
        }
    return ""


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _acknowledge_problem(node: Mapping[str, Any], value: Any) -> str:
    return "" if value == "OK" else _("Tick the box to acknowledge.")


def geo_points(value: Any) -> list[tuple[float, float]] | None:
    """The (latitude, longitude) of each point of a geo answer; None when one is not a valid point."""
    points = []
    for part in str(value).split(";"):
        numbers = part.split()
        if not 2 <= len(numbers) <= 4:
            return None
        try:
            lat, lon = float(numbers[0]), float(numbers[1])
            [float(n) for n in numbers[2:]]
        except ValueError:
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        points.append((lat, lon))
    return points


def _geopoint_problem(node: Mapping[str, Any], value: Any) -> str:
    points = geo_points(value)
    if points is None or len(points) != 1:
        return _(
            "Enter a point as latitude and longitude in decimal degrees, e.g. “-1.2921 36.8219” "
            "(latitude from -90 to 90, longitude from -180 to 180)."
        )
    return ""


def _geotrace_problem(node: Mapping[str, Any], value: Any) -> str:
    points = geo_points(value)
    if points is None or len(points) < 2:
        return _("Enter at least two points, one per line, each as latitude and longitude.")
    return ""


def _geoshape_problem(node: Mapping[str, Any], value: Any) -> str:
    points = geo_points(value)
    if points is None or len(points) < 4 or points[0] != points[-1]:
        return _(
            "Enter at least three points, one per line, each as latitude and longitude, and the first point "
            "again at the end to close the shape."
        )
    return ""


def _upload_problem(node: Mapping[str, Any], value: Any) -> str:
    return "" if isinstance(value, Mapping) and value.get("upload") else _("Upload a file.")


_TYPE_CHECKS = {
    "integer": _integer_problem,
    "decimal": _decimal_problem,
    "date": _date_problem,
    "time": _time_problem,
    "dateTime": _datetime_problem,
    "range": _range_problem,
    "acknowledge": _acknowledge_problem,
    "geopoint": _geopoint_problem,
    "geotrace": _geotrace_problem,
    "geoshape": _geoshape_problem,
    "image": _upload_problem,
    "audio": _upload_problem,
    "video": _upload_problem,
    "file": _upload_problem,
}


def choices_allowed(
    definition: Mapping[str, Any], node: Mapping[str, Any], context: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The choices a select offers now: its list, filtered by its choice_filter (cascading selects)."""
    choices = choices_of(definition, select_list_name(node))
    if not _evaluable(node, "choice_filter"):
        return choices
    kept = []
    for choice in choices:
        columns = {**choice.get("columns", {}), "name": choice["name"]}
        for lang, label in (choice.get("label") or {}).items():
            columns.setdefault("label", label)
            columns[f"label::{lang}"] = label
        try:
            if xpath.evaluate_boolean(node["choice_filter"], answers=context, columns=columns):
                kept.append(choice)
        except (xpath.XPathError, TypeError, ValueError):
            kept.append(choice)
    return kept


def select_list_name(node: Mapping[str, Any]) -> str:
    return f"external:{node['list']}" if node.get("external") else str(node.get("list", ""))


def _select_problem(
    definition: Mapping[str, Any], node: Mapping[str, Any], value: Any, context: Mapping[str, Any]
) -> str:
    kind = node["type"]
    if kind == "select_one" and isinstance(value, list):
        return _("Choose one option.")
    allowed = {c["name"] for c in choices_allowed(definition, node, context)}
    picked = value if isinstance(value, list) else [value]
    unknown = [str(v) for v in picked if str(v) not in allowed]
    if unknown:
        return _("Not an option of this question: %(values)s.") % {"values": ", ".join(unknown)}
    return ""
