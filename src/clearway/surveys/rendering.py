"""A questionnaire definition prepared for templates, in one language (labels and choices resolved)."""

from __future__ import annotations

from typing import Any

from clearway.surveys import definition as defn


def _choices(definition: dict[str, Any], list_name: str, lang: str) -> list[dict[str, str]]:
    return [
        {"name": c["name"], "label": defn.text_in(c.get("label"), lang) or c["name"]}
        for c in defn.choices_of(definition, list_name)
    ]


def _node(definition: dict[str, Any], node: dict[str, Any], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": node["type"],
        "name": node["name"],
        "label": defn.text_in(node.get("label"), lang),
        "hint": defn.text_in(node.get("hint"), lang),
        "relevant": node.get("relevant", ""),
        "constraint": node.get("constraint", ""),
        "constraint_message": defn.text_in(node.get("constraint_message"), lang),
        "required": bool(node.get("required")),
        "appearance": node.get("appearance", ""),
    }
    if node.get("list"):
        out["choices"] = _choices(definition, node["list"], lang)
    if node["type"] in ("group", "repeat"):
        out["children"] = [_node(definition, child, lang) for child in node.get("children", [])]
    if node["type"] == "matrix":
        out["header"] = defn.text_in((node.get("header") or {}).get("label"), lang)
        out["rows"] = [_node(definition, row, lang) for row in node.get("rows", [])]
    return out


def form_nodes(definition: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    return [_node(definition, node, lang) for node in definition["children"]]


def answer_display(definition: dict[str, Any], answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """(label, shown value) for every answered field, in form order, for read-only views of a response."""
    shown = []
    for f in defn.fields(definition):
        values = (
            [item.get(f.name) for item in answers.get(f.repeat) or []] if f.repeat else [answers.get(f.name)]
        )
        for index, value in enumerate(values, start=1):
            if value in (None, "", []):
                continue
            if f.type == "select_one":
                text = defn.choice_label(definition, f.list, str(value), lang)
            elif f.type == "select_multiple":
                text = "; ".join(defn.choice_label(definition, f.list, str(v), lang) for v in value)
            else:
                text = str(value)
            label = f.label_in(lang) + (f" ({index})" if f.repeat else "")
            shown.append({"name": f.name, "label": label, "value": text, "matrix": f.matrix})
    return shown
