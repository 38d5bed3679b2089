"""A questionnaire definition prepared for templates, in one of the form's languages (labels and choices resolved).

Labels, hints and guidance hints are shown as ODK shows them: a little markdown (**bold**, *italic*, links,
headings, line breaks) and `${name}` piping, filled in the browser with the current answer. Everything else in
the text is escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from clearway.core.i18n import current_language
from clearway.surveys import definition as defn
from clearway.surveys.answers import range_bounds, select_list_name
from clearway.surveys.models import QuestionnaireVersion
from clearway.surveys.xlsform.languages import language_label

_PIPE = re.compile(r"\$\{([A-Za-z_][\w.\-]*)\}")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)
# Appearances with a meaning on a web page; any other is shown plainly (as Enketo does for unknown ones).
WEB_APPEARANCES = {
    "minimal",
    "horizontal",
    "horizontal-compact",
    "likert",
    "multiline",
    "field-list",
    "table-list",
}


def text_html(text: str) -> SafeString:
    """ODK's markdown subset and `${}` piping as HTML; the rest escaped."""
    html = str(escape(text))
    html = _PIPE.sub(lambda m: f'<span class="pipe" data-pipe="{m.group(1)}"></span>', html)
    html = _LINK.sub(r'<a href="\2" rel="noopener" target="_blank">\1</a>', html)
    html = _HEADING.sub(r"<strong>\1</strong>", html)
    html = _STRONG.sub(r"<strong>\2</strong>", html)
    html = _EM.sub(r"<em>\2</em>", html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308  (escaped above; only our own tags added)


def form_language(definition: Mapping[str, Any], requested: str = "") -> str:
    """The language a form is shown in: the one asked for if the form has it, else the reader's, else the form's
    default."""
    languages = list(definition.get("languages") or ["en"])
    for lang in (requested, current_language()):
        if lang in languages:
            return lang
    return str(definition.get("default_language") or languages[0])


def form_languages(definition: Mapping[str, Any]) -> list[dict[str, str]]:
    names = definition.get("language_names") or {}
    return [{"code": code, "name": language_label(code, names)} for code in definition.get("languages") or []]


def _choices(definition: Mapping[str, Any], list_name: str, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "name": c["name"],
            "label": defn.text_in(c.get("label"), lang) or c["name"],
            "columns": json.dumps({**c.get("columns", {}), "name": c["name"]}, ensure_ascii=False),
        }
        for c in defn.choices_of(definition, list_name)
    ]


def _texts(node: Mapping[str, Any], lang: str) -> dict[str, Any]:
    label = defn.text_in(node.get("label"), lang)
    hint = defn.text_in(node.get("hint"), lang)
    guidance = defn.text_in(node.get("guidance_hint"), lang)
    return {
        "label": label,
        "label_html": text_html(label) if label else "",
        "hint": hint,
        "hint_html": text_html(hint) if hint else "",
        "guidance_html": text_html(guidance) if guidance else "",
        "constraint_message": defn.text_in(node.get("constraint_message"), lang),
    }


def _evaluated(node: Mapping[str, Any], key: str) -> str:
    """An expression for the browser to evaluate, or '' when Clearway does not evaluate it."""
    return "" if key in node.get("not_evaluated", ()) else str(node.get(key) or "")


def _node(definition: Mapping[str, Any], node: Mapping[str, Any], lang: str) -> dict[str, Any]:
    appearance = str(node.get("appearance", ""))
    required = node.get("required")
    out: dict[str, Any] = {
        "type": node["type"],
        "name": node["name"],
        **_texts(node, lang),
        "relevant": _evaluated(node, "relevant"),
        "constraint": _evaluated(node, "constraint"),
        "calculation": _evaluated(node, "calculation"),
        "choice_filter": _evaluated(node, "choice_filter"),
        "repeat_count": _evaluated(node, "repeat_count"),
        "required": required is True,
        "required_if": _evaluated(node, "required") if isinstance(required, str) else "",
        "readonly": bool(node.get("readonly")) or bool(node.get("calculation")),
        "appearance": appearance,
        "appearances": set(appearance.split()) & WEB_APPEARANCES,
        "default": str(node.get("default", "")),
    }
    if node.get("list"):
        out["choices"] = _choices(definition, select_list_name(node), lang)
    if node["type"] == "range":
        start, end, step = range_bounds(node)
        out["range"] = {"min": min(start, end), "max": max(start, end), "step": step}
    if node["type"] in ("group", "repeat"):
        out["children"] = [_node(definition, child, lang) for child in node.get("children", [])]
    if node["type"] == "matrix":
        out["header"] = defn.text_in((node.get("header") or {}).get("label"), lang)
        out["rows"] = [_node(definition, row, lang) for row in node.get("rows", [])]
    return out


def form_nodes(definition: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    return [_node(definition, node, lang) for node in definition["children"]]


def form_html(version: QuestionnaireVersion, lang: str) -> SafeString:
    """The questions of a frozen questionnaire version as the answering page shows them (answers are filled in by
    the browser), drawn once per version, form language and page language and then kept in the page cache: every
    Member answering the same survey at deadline time gets the same HTML."""
    key = f"clearway.survey-form:{version.pk}:{lang}:{translation.get_language() or ''}"
    pages = caches["pages"]
    html = pages.get(key) if settings.PAGE_CACHE_ENABLED else None
    if html is None:
        html = render_to_string("surveys/_nodes.html", {"nodes": form_nodes(version.definition, lang)})
        if settings.PAGE_CACHE_ENABLED:
            pages.set(key, html)
    return mark_safe(html)  # noqa: S308  (drawn by the template above, which escapes)


def answer_display(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    lang: str,
    file_url: Callable[[int], str] | None = None,
) -> list[dict[str, Any]]:
    """(label, shown value) for every answered field, in form order, for read-only views of a response;
    `url` for an uploaded file when `file_url` gives one."""
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
            elif isinstance(value, Mapping):
                text = str(value.get("name", ""))
            else:
                text = str(value)
            label = (f.label_in(lang) or f.name) + (f" ({index})" if f.repeat else "")
            url = (
                file_url(int(value["upload"]))
                if file_url and isinstance(value, Mapping) and value.get("upload")
                else ""
            )
            shown.append({"name": f.name, "label": label, "value": text, "matrix": f.matrix, "url": url})
    return shown
