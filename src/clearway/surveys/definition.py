"""The normalised questionnaire definition stored on `QuestionnaireVersion.definition`, and what is computed from it.

Shape (JSON)::

    {"schema": 2, "form_id": str, "form_version": str, "title": {lang: str}, "default_language": str,
     "languages": [lang, ...], "language_names": {lang: name}, "settings": {...}, "notes": [problem, ...],
     "choice_lists": {list_name: [{"name": str, "label": {lang: str}, "media": {...}, "columns": {...}}]},
     "children": [node, ...], "source": {sheet: {"headers": [...], "rows": [{header: text}]}}}

`source` holds the sheets as pyxform read them (exported back as they are); schema 1 definitions (no source) are
still read. A node has `type` (one of ANSWERED_TYPES, COMPUTED_TYPES, note, group, repeat, matrix), `name`,
`label` ({lang: text}) and, when set, `row` (in the survey sheet), `hint`, `guidance_hint`, `relevant`,
`constraint`, `constraint_message`, `required` (true or an expression), `required_message`, `calculation`,
`readonly`, `default`, `appearance`, `parameters`, `choice_filter`, `repeat_count`, `trigger`, `media`
({image|audio|video: {lang: file}}), `not_evaluated` (expression columns Clearway keeps but does not evaluate),
`list` (selects and matrices; `file` for select_one_from_file, `external` for select_one_external),
`metadata` (start, end, today...), `children` (group, repeat), `rows` and `header` (matrix: the ODK label row).

Answers are a dict keyed by question name; matrix rows are answered under their own row names; a repeat group is a
list of dicts keyed by the names of its questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Questions a user answers (a matrix row is a select_one).
ANSWERED_TYPES = (
    "select_one",
    "select_multiple",
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "dateTime",
    "range",
    "acknowledge",
    "geopoint",
    "geotrace",
    "geoshape",
    "barcode",
    "image",
    "audio",
    "video",
    "file",
)
# Values Clearway computes: calculations and ODK's metadata (start, end, today, username...).
COMPUTED_TYPES = ("calculate", "metadata")
QUESTION_TYPES = ANSWERED_TYPES + COMPUTED_TYPES
UPLOAD_TYPES = ("image", "audio", "video", "file")
CONTAINER_TYPES = ("group", "repeat")
SCHEMA = 2


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
# The answer rules live in `clearway.surveys.answers` (which reads this module); these names stay importable from
# here for other apps.


def answers_effective(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    from clearway.surveys import answers as rules

    return rules.answers_effective(definition, answers)


def answers_normalise(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    from clearway.surveys import answers as rules

    return rules.answers_normalise(definition, answers)


def answers_validate(
    definition: Mapping[str, Any], answers: Mapping[str, Any], *, lang: str
) -> dict[str, list[str]]:
    from clearway.surveys import answers as rules

    return rules.answers_validate(definition, answers, lang=lang)


def answer_normalise(field_type: str, value: Any) -> Any:
    from clearway.surveys import answers as rules

    return rules.answer_normalise(field_type, value)


def is_relevant(
    node: Mapping[str, Any], ancestors: tuple[Mapping[str, Any], ...], context: Mapping[str, Any]
) -> bool:
    from clearway.surveys import answers as rules

    return all(rules.node_relevant(item, context) for item in (*ancestors, node))
