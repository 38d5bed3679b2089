"""pyxform's JSON of a form -> Clearway's nodes (see `clearway.surveys.definition`), each problem located by row.

pyxform has already normalised the workbook (aliases, curly quotes, `label:English`, `select one from file`...);
this module only decides what each element means for a web form and notes what Clearway keeps without evaluating.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Mapping
from typing import Any

from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from clearway.surveys import xpath
from clearway.surveys.xlsform.languages import language_key
from clearway.surveys.xlsform.problems import NOTE, Problem

_BY_BIND_TYPE = {
    "string": "text",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "dateTime",
    "geopoint": "geopoint",
    "geotrace": "geotrace",
    "geoshape": "geoshape",
    "barcode": "barcode",
}
_UPLOADS = {"image/*": "image", "audio/*": "audio", "video/*": "video"}
# pyxform writes these for its own bookkeeping: a hidden header row of a table-list group, the meta group.
_GENERATED_NAME = re.compile(r"^reserved_name_for_field_list_labels_\d+$")
_GENERATED_TABLE_LABEL = re.compile(r"^generated_table_list_label_\d+$")
EXPRESSION_COLUMNS = (
    "relevant",
    "constraint",
    "required",
    "calculation",
    "choice_filter",
    "repeat_count",
    "readonly",
)
_MEDIA_FILE = re.compile(r"\.(csv|xml|geojson)$", re.IGNORECASE)


def question_kind(pyxform_type: str) -> tuple[str, str]:
    """(Clearway node type, detail) for a pyxform type name; ("", "") when Clearway does not support it."""
    if pyxform_type in ("group", "repeat", "loop", "note", "calculate", "hidden", "range"):
        return {"hidden": "calculate"}.get(pyxform_type, pyxform_type), ""
    spec = QUESTION_TYPE_DICT.get(pyxform_type)
    if spec is None:
        return "", ""
    control = spec.get("control") or {}
    bind = spec.get("bind") or {}
    tag = control.get("tag", "")
    if pyxform_type in ("xml-external", "csv-external"):
        return "attachment", ""
    if (
        "jr:preload" in bind
        or pyxform_type == "audit"
        or tag == "action"
        or pyxform_type == "background-geopoint"
    ):
        return "metadata", str(bind.get("jr:preloadParams") or pyxform_type)
    if tag == "select1":
        return "select_one", ""
    if tag == "select":
        return "select_multiple", ""
    if tag == "trigger":
        return "acknowledge", ""
    if tag == "upload":
        return _UPLOADS.get(control.get("mediatype", ""), "file"), pyxform_type
    if pyxform_type == "select one external":
        return "select_one", "external"
    if tag == "input" and bind.get("type") in _BY_BIND_TYPE:
        return _BY_BIND_TYPE[bind["type"]], ""
    return "", ""


class NodeBuilder:
    """Builds nodes from pyxform's children, collecting problems (with rows) instead of stopping at the first."""

    def __init__(
        self,
        *,
        survey_rows: list[dict[str, Any]],
        default_lang: str,
        choice_lists: Mapping[str, list[dict[str, Any]]],
        external_rows: list[dict[str, Any]],
    ) -> None:
        self.default_lang = default_lang
        self.languages: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.choice_lists = choice_lists
        self.external_rows = external_rows
        self.files: set[str] = set()
        self.rows: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        for number, row in enumerate(survey_rows, start=2):
            name = str(row.get("name") or "").strip()
            if name:
                self.rows[name].append((number, row))

    # ------------------------------------------------------------ helpers

    def take_row(self, name: str) -> tuple[int, dict[str, Any]]:
        queue = self.rows.get(name)
        return queue.popleft() if queue else (0, {})

    def texts(self, value: Any) -> dict[str, str]:
        if value in (None, ""):
            return {}
        if not isinstance(value, Mapping):
            value = {"default": value}
        texts: dict[str, str] = {}
        for name, text in value.items():
            if text in (None, ""):
                continue
            key = language_key(str(name), default=self.default_lang)
            self.languages.setdefault(key, str(name) if name != "default" else key)
            texts[key] = str(text)
        return dict(sorted(texts.items()))

    def note(self, code: str, row: int, column: str, value: str, **params: str) -> None:
        self.problems.append(Problem(code, "survey", row, column, value, NOTE, params))

    def refuse(self, code: str, row: int, column: str, value: str, **params: str) -> None:
        self.problems.append(Problem(code, "survey", row, column, value, params=params))

    def column_of(self, raw: Mapping[str, Any], *names: str) -> str:
        """The header the user wrote for a column (`calculation` or `calculate`, `relevance`...)."""
        lowered = {str(k).lower(): str(k) for k in raw}
        for name in names:
            for key, original in lowered.items():
                if key == name or key.startswith(name + "::") or key.startswith(f"bind::{name}"):
                    return original
        return names[0]

    def check_expression(self, node: dict[str, Any], key: str, row: int, raw: Mapping[str, Any]) -> None:
        expression = node.get(key)
        if not isinstance(expression, str) or not expression.strip():
            return
        column = self.column_of(raw, *_ALIASES.get(key, (key,)))
        try:
            xpath.parse(expression)
        except xpath.UnsupportedFunction as exc:
            node.setdefault("not_evaluated", []).append(key)
            self.note("expression_function", row, column, expression, function=exc.function)
        except xpath.XPathError as exc:
            node.setdefault("not_evaluated", []).append(key)
            self.note("expression_syntax", row, column, expression, error=str(exc))

    # ------------------------------------------------------------ nodes

    def nodes(self, children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [built for child in children if (built := self.node(child)) is not None]

    def node(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        pyxform_type = str(item.get("type", ""))
        name = str(item.get("name", ""))
        control = item.get("control") or {}
        if pyxform_type == "group" and name == "meta" and control.get("bodyless"):
            return None  # pyxform's own instanceID (and entity) bookkeeping, rebuilt from the settings
        if _GENERATED_NAME.match(name):
            return None
        row, raw = self.take_row(name)
        kind, detail = question_kind(pyxform_type)
        if not kind:
            self.refuse(
                "type_unsupported",
                row,
                self.column_of(raw, "type"),
                str(raw.get("type") or pyxform_type),
                type=pyxform_type,
            )
            return None
        node = self.common(item, kind, row, raw)
        if kind == "metadata":
            node["metadata"] = detail
        elif detail and kind in ("image", "audio", "video", "file"):
            node["odk_type"] = detail
        if kind in ("select_one", "select_multiple"):
            self.select(node, item, detail, row, raw)
        elif kind == "loop":
            return self.loop(node, item)
        elif kind in ("group", "repeat"):
            node["children"] = self.nodes(list(item.get("children", [])))
            if kind == "group":
                _table_list_restore(node)
                return as_matrix(node) or node
        return node

    def common(self, item: Mapping[str, Any], kind: str, row: int, raw: Mapping[str, Any]) -> dict[str, Any]:
        bind = item.get("bind") or {}
        control = item.get("control") or {}
        node: dict[str, Any] = {
            "type": kind,
            "name": str(item["name"]),
            "label": self.texts(item.get("label")),
        }
        if row:
            node["row"] = row
        for key, value in (
            ("hint", item.get("hint")),
            ("guidance_hint", item.get("guidance_hint")),
            ("constraint_message", bind.get("jr:constraintMsg")),
            ("required_message", bind.get("jr:requiredMsg")),
        ):
            texts = self.texts(value)
            if texts:
                node[key] = texts
        for key, value in (
            ("relevant", bind.get("relevant")),
            ("constraint", bind.get("constraint")),
            ("calculation", bind.get("calculate")),
            ("appearance", control.get("appearance")),
            ("choice_filter", item.get("choice_filter")),
            ("repeat_count", control.get("jr:count")),
        ):
            if value not in (None, ""):
                node[key] = str(value)
        if node.get("relevant"):
            # pyxform writes the `or_other` follow-up question's relevance as a path (`selected(../q, 'other')`).
            node["relevant"] = re.sub(r"\.\./([A-Za-z_][\w.\-]*)", r"${\1}", node["relevant"])
        required = _flag(bind.get("required"))
        if required is not None:
            node["required"] = required
        readonly = _flag(bind.get("readonly"))
        if readonly is not None and kind != "note":
            node["readonly"] = readonly
        if item.get("default") not in (None, ""):
            node["default"] = str(item["default"])
        parameters = item.get("parameters")
        if parameters and isinstance(parameters, Mapping):
            node["parameters"] = {str(k): str(v) for k, v in parameters.items()}
        elif parameters:
            node["parameters"] = {"": str(parameters)}
        if item.get("trigger"):
            trigger = item["trigger"]
            node["trigger"] = trigger if isinstance(trigger, list) else [str(trigger)]
            self.note(
                "trigger_not_evaluated", row, self.column_of(raw, "trigger"), str(raw.get("trigger", ""))
            )
        raw_media = item.get("media") or {}
        media = {
            str(k): self.texts(v)
            for k, v in (raw_media if isinstance(raw_media, Mapping) else {"": raw_media}).items()
        }
        if media:
            node["media"] = media
        if "search(" in node.get("appearance", ""):
            self.note(
                "expression_function",
                row,
                self.column_of(raw, "appearance"),
                node["appearance"],
                function="search",
            )
        for key in EXPRESSION_COLUMNS:
            self.check_expression(node, key, row, raw)
        return node

    def select(
        self, node: dict[str, Any], item: Mapping[str, Any], detail: str, row: int, raw: Mapping[str, Any]
    ) -> None:
        list_name = str(item.get("list_name") or item.get("itemset") or "")
        node["list"] = list_name
        if _MEDIA_FILE.search(list_name):
            node["file"] = list_name
            self.files.add(list_name)
        elif detail == "external":
            node["external"] = True
        if item.get("or_other") or "other" in (item.get("parameters") or {}):
            node["or_other"] = True

    def loop(self, node: dict[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
        """A pyxform loop: its questions once per column, each set in a group named after the column."""
        node["type"] = "group"
        template = list(item.get("children", []))
        groups = []
        for column in item.get("columns", []):
            label = self.texts(column.get("label"))
            children = []
            for child in template:
                copy = dict(child)
                copy["name"] = f"{column['name']}_{child['name']}"
                if isinstance(copy.get("label"), Mapping):
                    copy["label"] = {
                        k: str(v).replace(
                            "%(label)s", str(label.get(language_key(k, default=self.default_lang), ""))
                        )
                        for k, v in copy["label"].items()
                    }
                elif isinstance(copy.get("label"), str):
                    copy["label"] = copy["label"].replace("%(label)s", next(iter(label.values()), ""))
                children.append(copy)
            groups.append(
                {
                    "type": "group",
                    "name": str(column["name"]),
                    "label": label,
                    "children": self.nodes(children),
                }
            )
        node["children"] = groups
        return node


_ALIASES = {
    "relevant": ("relevant", "relevance"),
    "calculation": ("calculation", "calculate"),
    "repeat_count": ("repeat_count", "jr:count", "count"),
    "readonly": ("read_only", "readonly"),
}


def _flag(value: Any) -> bool | str | None:
    """yes/no columns: True, False (dropped), or an expression kept as text."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    lowered = text.lower()
    if lowered in ("yes", "true", "true()", "1"):
        return True
    if lowered in ("no", "false", "false()", "0"):
        return None
    return text


def _table_list_restore(group: dict[str, Any]) -> None:
    """pyxform writes a table-list group as a field-list group whose label and hint become a generated first
    note; Clearway gives them back to the group (so no unlabelled question appears)."""
    children = group.get("children") or []
    if not children or not _GENERATED_TABLE_LABEL.match(children[0].get("name", "")):
        return
    note = children.pop(0)
    for key in ("label", "hint"):
        if note.get(key):
            group[key] = note[key]
    group["appearance"] = " ".join(
        ["table-list", *[a for a in group.get("appearance", "").split() if a != "field-list"]]
    )


def as_matrix(group: dict[str, Any]) -> dict[str, Any] | None:
    """The ODK/Kobo idiom: a field-list (or table-list) group of select_one questions sharing one list,
    the first possibly with appearance `label` (the header row), the others `list-nolabel`."""
    appearance = group.get("appearance", "")
    children = group["children"]
    if not children or not ({"field-list", "table-list"} & set(appearance.split())):
        return None
    if any(c["type"] != "select_one" for c in children) or len({c.get("list") for c in children}) != 1:
        return None
    header = children[0] if children[0].get("appearance") == "label" else None
    rows = children[1:] if header else children
    row_appearances = {r.get("appearance", "") for r in rows}
    if not rows or ("table-list" not in appearance and row_appearances != {"list-nolabel"}):
        return None
    matrix: dict[str, Any] = {k: v for k, v in group.items() if k != "children"}
    matrix["type"] = "matrix"
    matrix["list"] = children[0]["list"]
    if header:
        matrix["header"] = {"name": header["name"], "label": header["label"]}
    matrix["rows"] = rows
    return matrix
