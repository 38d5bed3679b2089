"""The normalised questionnaire definition stored on `QuestionnaireVersion.definition`, and what is computed from it.

Shape (JSON)::

    {"schema": 1, "form_id": str, "form_version": str, "title": {"en": str, "fr": str},
     "languages": ["en", "fr"], "choice_lists": {list_name: [{"name": str, "label": {lang: str}}]},
     "children": [node, ...]}

A node has `type` (select_one, select_multiple, text, integer, decimal, date, note, group, repeat, matrix),
`name`, `label` ({lang: text}) and, when set, `hint`, `relevant`, `constraint`, `constraint_message`,
`required` (bool), `required_message`, `appearance`, `list` (selects and matrices), `children` (group, repeat),
`rows` (matrix: nodes of type select_one sharing the matrix's list) and `header` (matrix: the ODK label row).

Answers are a dict keyed by question name; matrix rows are answered under their own row names; a repeat group is a
list of dicts keyed by the names of its questions.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from clearway.surveys import xpath

QUESTION_TYPES = ("select_one", "select_multiple", "text", "integer", "decimal", "date")
CONTAINER_TYPES = ("group", "repeat")
SCHEMA = 1


def text_in(texts: Mapping[str, str] | None, lang: str) -> str:
    """A label in `lang`, else English, else any language given."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next((t for t in texts.values() if t), "")


@dataclass(frozen=True)
class Field:
    """One answerable variable of a form, flattened: a question, or one row of a matrix."""

    name: str
    type: str  # one of QUESTION_TYPES (a matrix row is a select_one)
    label: dict[str, str]
    list: str = ""
    repeat: str = ""  # name of the enclosing repeat group, if any
    matrix: str = ""  # name of the matrix this row belongs to, if any
    node: Mapping[str, Any] | None = None

    def label_in(self, lang: str) -> str:
        return text_in(self.label, lang)


def walk(
    children: list[dict[str, Any]], ancestors: tuple[dict[str, Any], ...] = ()
) -> Iterator[tuple[dict[str, Any], tuple[dict[str, Any], ...]]]:
    """Every node depth-first with its ancestors; matrix rows come after their matrix with the matrix as parent."""
    for node in children:
        yield node, ancestors
        if node["type"] in CONTAINER_TYPES:
            yield from walk(node.get("children", []), (*ancestors, node))
        elif node["type"] == "matrix":
            for row in node.get("rows", []):
                yield row, (*ancestors, node)


def fields(definition: Mapping[str, Any]) -> list[Field]:
    """Every answerable variable in form order (notes, groups and matrix headers excluded)."""
    found: list[Field] = []
    for node, ancestors in walk(definition["children"]):
        if node["type"] not in QUESTION_TYPES:
            continue
        repeat = next((a["name"] for a in reversed(ancestors) if a["type"] == "repeat"), "")
        matrix = ancestors[-1]["name"] if ancestors and ancestors[-1]["type"] == "matrix" else ""
        found.append(
            Field(
                node["name"], node["type"], node.get("label", {}), node.get("list", ""), repeat, matrix, node
            )
        )
    return found


def repeats(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [node for node, _a in walk(definition["children"]) if node["type"] == "repeat"]


def matrices(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [node for node, _a in walk(definition["children"]) if node["type"] == "matrix"]


def node_names(definition: Mapping[str, Any]) -> set[str]:
    return {node["name"] for node, _a in walk(definition["children"])}


def choices_of(definition: Mapping[str, Any], list_name: str) -> list[dict[str, Any]]:
    return list(definition.get("choice_lists", {}).get(list_name, []))


def choice_label(definition: Mapping[str, Any], list_name: str, name: str, lang: str) -> str:
    for choice in choices_of(definition, list_name):
        if choice["name"] == name:
            return text_in(choice.get("label"), lang) or name
    return name


# ---------------------------------------------------------------- answers


def answer_normalise(field_type: str, value: Any) -> Any:
    """What a form input sends, stored typed when it parses; kept as typed text otherwise (flagged at submit)."""
    if value is None or value == "" or value == []:
        return None
    if field_type == "select_multiple":
        items = value.split() if isinstance(value, str) else [str(v) for v in value]
        return items or None
    if isinstance(value, (list, dict)):
        return value
    text = str(value).strip() if not isinstance(value, (int, float)) or isinstance(value, bool) else value
    if field_type == "integer":
        try:
            return int(str(text))
        except ValueError:
            return text
    if field_type == "decimal":
        try:
            number = float(decimal.Decimal(str(text)))
            return number
        except (decimal.InvalidOperation, ValueError):
            return text
    return text if isinstance(text, str) else str(text)


def answers_normalise(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Typed answers keyed by known names; raises KeyError naming an unknown question (a client bug, not user input)."""
    top = {f.name: f for f in fields(definition) if not f.repeat}
    by_repeat: dict[str, dict[str, Field]] = {}
    for f in fields(definition):
        if f.repeat:
            by_repeat.setdefault(f.repeat, {})[f.name] = f
    clean: dict[str, Any] = {}
    for name, value in answers.items():
        if name in by_repeat:
            items = value if isinstance(value, list) else []
            clean[name] = [
                {
                    k: answer_normalise(by_repeat[name][k].type, v)
                    for k, v in dict(item).items()
                    if _known(k, by_repeat[name])
                }
                for item in items
                if isinstance(item, dict)
            ]
        elif name in top:
            normalised = answer_normalise(top[name].type, value)
            if normalised is not None:
                clean[name] = normalised
        else:
            raise KeyError(name)
    return clean


def _known(name: str, known: Mapping[str, Field]) -> bool:
    if name not in known:
        raise KeyError(name)
    return True


def is_relevant(
    node: Mapping[str, Any], ancestors: tuple[Mapping[str, Any], ...], context: Mapping[str, Any]
) -> bool:
    for item in (*ancestors, node):
        expression = item.get("relevant")
        if expression and not xpath.evaluate_boolean(expression, answers=context):
            return False
    return True


def answers_effective(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: values of questions that are not relevant (skip logic) are left out."""
    effective: dict[str, Any] = {}
    for node, ancestors in walk(definition["children"]):
        if any(a["type"] == "repeat" for a in ancestors):
            continue
        if node["type"] == "repeat":
            if is_relevant(node, ancestors, answers) and answers.get(node["name"]):
                effective[node["name"]] = [
                    _repeat_item_effective(node, item, answers) for item in answers[node["name"]]
                ]
        elif (
            node["type"] in QUESTION_TYPES
            and node["name"] in answers
            and is_relevant(node, ancestors, answers)
        ):
            effective[node["name"]] = answers[node["name"]]
    return effective


def _repeat_item_effective(
    repeat: Mapping[str, Any], item: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, Any]:
    context = {**answers, **item}
    kept: dict[str, Any] = {}
    for node, ancestors in walk(repeat.get("children", [])):
        if node["type"] in QUESTION_TYPES and node["name"] in item and is_relevant(node, ancestors, context):
            kept[node["name"]] = item[node["name"]]
    return kept


def answers_validate(
    definition: Mapping[str, Any], answers: Mapping[str, Any], *, lang: str
) -> dict[str, list[str]]:
    """Errors per question (key: name, or `repeat[i].name` inside a repeat), in `lang`; empty when complete."""
    errors: dict[str, list[str]] = {}
    with translation.override(lang):
        for node, ancestors in walk(definition["children"]):
            if any(a["type"] == "repeat" for a in ancestors):
                continue
            if node["type"] == "repeat":
                if not is_relevant(node, ancestors, answers):
                    continue
                for index, item in enumerate(answers.get(node["name"]) or []):
                    context = {**answers, **item}
                    for child, inner in walk(node.get("children", [])):
                        if child["type"] in QUESTION_TYPES and is_relevant(child, inner, context):
                            problems = _check(definition, child, item.get(child["name"]), context, lang)
                            if problems:
                                errors[f"{node['name']}[{index + 1}].{child['name']}"] = problems
            elif node["type"] in QUESTION_TYPES and is_relevant(node, ancestors, answers):
                problems = _check(definition, node, answers.get(node["name"]), answers, lang)
                if problems:
                    errors[node["name"]] = problems
    return errors


def _check(
    definition: Mapping[str, Any], node: Mapping[str, Any], value: Any, context: Mapping[str, Any], lang: str
) -> list[str]:
    if value is None or value == "" or value == []:
        if node.get("required"):
            return [text_in(node.get("required_message"), lang) or _("This question requires an answer.")]
        return []
    problem = _type_problem(definition, node, value)
    if problem:
        return [problem]
    if node.get("constraint") and not xpath.evaluate_boolean(
        node["constraint"], answers=context, current=value
    ):
        return [text_in(node.get("constraint_message"), lang) or _("This answer is not acceptable.")]
    return []


def _type_problem(definition: Mapping[str, Any], node: Mapping[str, Any], value: Any) -> str:
    kind = node["type"]
    if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        return _("Enter a whole number.")
    if kind == "decimal" and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        return _("Enter a number.")
    if kind == "date":
        try:
            datetime.date.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    if kind in ("select_one", "select_multiple"):
        allowed = {c["name"] for c in choices_of(definition, node.get("list", ""))}
        picked = value if isinstance(value, list) else [value]
        if kind == "select_one" and isinstance(value, list):
            return _("Choose one option.")
        unknown = [str(v) for v in picked if str(v) not in allowed]
        if unknown:
            return _("Not an option of this question: %(values)s.") % {"values": ", ".join(unknown)}
    return ""
