"""Vega-Lite charts rendered on the server (Altair + vl-convert): one chart serves pages (SVG) and documents (PNG).

Specifications are not checked against the Vega-Lite JSON schema at run time (tests/core/test_chart_specs.py
builds every kind of chart Clearway draws and checks each one instead), and what vl-convert draws is kept in
the "charts" cache (settings.CACHES) under a digest of everything the drawing depends on.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import re
import sys
from collections.abc import Callable
from html import escape
from importlib.metadata import version
from typing import Any, Literal, TypeVar, cast

import altair as alt
import vl_convert as vlc
from altair.utils import schemapi
from django.core.cache import caches
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clearway.core.i18n import colon, current_language, semicolon

# Altair checks every object against the schema as it is built (its "debug mode") and every spec again in
# to_dict(): more than half of a page's time with large data. Clearway's specs are checked in tests instead.
schemapi.disable_debug_mode()

# Colour-blind-safe palette (Okabe-Ito), used by every Clearway chart.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]


# The font the server measures text with must be the one the browser draws it with, or legends and labels
# overflow the SVG: DejaVu Sans is Debian's default sans-serif (installed by ./dev), and vl-convert finds it too.
FONT = "DejaVu Sans"


# Number and date formats of the charts (thousands separators, month names on time axes) follow the language
# the chart is drawn in, as the page or document around it does: d3's locales, which vl-convert ships.
D3Locale = Literal["en-US", "fr-FR"]
D3_LOCALES: dict[str, D3Locale] = {"en": "en-US", "fr": "fr-FR"}


def chart_locale() -> D3Locale:
    """The d3 locale of the active language (English when none is active)."""
    language = (translation.get_language() or "en").split("-")[0]
    return D3_LOCALES.get(language, D3_LOCALES["en"])


def chart_dict(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The chart's Vega-Lite spec as Altair writes it, not checked against the schema (tests check it)."""
    if isinstance(chart, dict):
        return dict(chart)
    # Altair checks the type of every value of inline data as it writes a spec (against several protocols): most
    # of the time it takes with a few thousand rows. Rows of plain JSON values are set aside while it writes, and
    # put back in the spec after.
    aside = _rows_set_aside(chart)
    try:
        spec = chart.to_dict(validate=False)
    finally:
        for data, rows in aside:
            data.values = rows
    return cast(dict[str, Any], _rows_put_back(spec))


class _Rows:
    """Rows of inline data, which Altair passes through as they are (neither a list nor a schema object)."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows


_JSON_SCALARS = (str, int, float, bool, type(None))


def _rows_set_aside(node: Any) -> list[tuple[alt.Data, list[dict[str, Any]]]]:
    if isinstance(node, alt.Data):
        rows: Any = node._get("values")  # type: ignore[no-untyped-call]  # altair leaves it untyped
        plain = isinstance(rows, list) and all(
            type(row) is dict and all(type(v) in _JSON_SCALARS for v in row.values()) for row in rows
        )
        if plain:
            node.values = _Rows(rows)
            return [(node, rows)]
        return []
    children = node._kwds.values() if isinstance(node, schemapi.SchemaBase) else node
    return [
        aside
        for child in children
        if isinstance(child, (schemapi.SchemaBase, list))
        for aside in _rows_set_aside(child)
    ]


def _rows_put_back(node: Any) -> Any:
    if isinstance(node, _Rows):
        return node.rows
    if isinstance(node, dict):
        return {key: _rows_put_back(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_rows_put_back(value) for value in node]
    return node


def chart_spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The spec vl-convert draws: Clearway's font, and descriptions in the active language."""
    spec = chart_dict(chart)
    config = dict(spec.get("config") or {})
    config.setdefault("font", FONT)
    spec["config"] = config
    return chart_described(spec)


def chart_to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    spec = chart_dict(chart)
    key = _cache_key("svg", spec)
    return _cached(key, lambda: _svg_drawn(chart_spec(spec), ids=f"chart-{key[-12:]}"))


def chart_svg_of(build: Callable[..., alt.TopLevelMixin], /, **data: Any) -> str:
    """The SVG of the chart `build(**data)` makes, cached by what it is made from.

    Building an Altair chart copies its data several times (layers, properties, themes): with hundreds of rows,
    longer than anything else on a page. Here the chart is built only when this data, in this language, has not
    been drawn yet by this version of the builder's module. `data` holds plain values (str, numbers, dates, lists,
    dicts) or dataclasses of them: they are written into the cache key.
    """
    facts = {
        "builder": f"{build.__module__}.{build.__qualname__}",
        "source": _module_digest(build.__module__),
        "charts": _module_digest(__name__),
        "data": data,
    }
    key = _cache_key("svg-of", facts)
    return _cached(key, lambda: chart_to_svg(build(**data)))


@functools.cache
def _module_digest(name: str) -> str:
    """A digest of a module's source: a changed chart builder draws anew, even from a shared cache."""
    return hashlib.sha256(inspect.getsource(sys.modules[name]).encode()).hexdigest()[:16]


def chart_to_png(chart: alt.TopLevelMixin | dict[str, Any], *, scale: float = 2.0) -> bytes:
    spec = chart_dict(chart)
    return _cached(_cache_key("png", spec, scale=scale), lambda: _png_drawn(chart_spec(spec), scale=scale))


def _svg_drawn(spec: dict[str, Any], *, ids: str) -> str:
    locale = chart_locale()
    vega = vlc.vegalite_to_vega(spec)
    _guides_described(vega)
    _mark_descriptions_localized(vega)
    svg = str(vlc.vega_to_svg(vega, format_locale=locale, time_format_locale=locale))
    names = _role_names()
    svg = _ROLE_DESCRIPTION.sub(
        lambda m: f'aria-roledescription="{escape(names.get(m.group(1), m.group(1)))}"', svg
    )
    return _ids_renamed(svg, prefix=ids)


_ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


def _ids_renamed(svg: str, *, prefix: str) -> str:
    """Element ids named after the chart. Vega numbers gradients and clip paths with a counter of the process that
    draws them: the same chart would get other ids at each drawing, and two charts drawn by two processes sharing
    a cache could carry the same id onto one page."""
    ids = {old: f"{prefix}-{n}" for n, old in enumerate(dict.fromkeys(_ELEMENT_ID.findall(svg)))}
    if not ids:
        return svg
    used = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return used.sub(lambda m: m.group(1) + ids[m.group(2)], svg)


def _png_drawn(spec: dict[str, Any], *, scale: float) -> bytes:
    locale = chart_locale()
    return bytes(vlc.vegalite_to_png(spec, scale=scale, format_locale=locale, time_format_locale=locale))


# --------------------------------------------------------------------------- the cache of drawn charts
# A drawing depends on the spec, the format and its options, the active language (descriptions, role names,
# punctuation, number and date formats), vl-convert, and the code in this module: bump the revision when a
# change here changes what is drawn, so that shared caches (file, database) do not serve older drawings.
_DRAWING_REVISION = 1
_VL_CONVERT = version("vl-convert-python")
Drawn = TypeVar("Drawn", str, bytes)


def _cache_key(kind: str, spec: dict[str, Any], **options: Any) -> str:
    facts = {
        "spec": spec,
        "kind": kind,
        "options": options,
        "language": current_language(),
        "locale": chart_locale(),
        "vl_convert": _VL_CONVERT,
        "revision": _DRAWING_REVISION,
    }
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value)
    return f"chart.{kind}.{hashlib.sha256(text.encode()).hexdigest()}"


def _json_value(value: Any) -> dict[str, Any]:
    """A value JSON has no type for (a date, a Decimal), written with its type so that it differs from a string."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # field by field, not dataclasses.asdict: json.dumps comes back here for the dataclasses inside, and
        # asdict's deep copy of a network of 400 arrangements took longer than drawing it
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"type": type(value).__qualname__, "fields": fields}
    return {"type": type(value).__qualname__, "value": str(value)}


def _cached(key: str, draw: Callable[[], Drawn]) -> Drawn:
    cache = caches["charts"]
    drawn: Drawn | None = cache.get(key)
    if drawn is None:
        drawn = draw()
        cache.set(key, drawn)
    return drawn


# --------------------------------------------------------------------------- descriptions for screen readers
# Vega describes each axis and legend to screen readers in English ("Y-axis titled 'Score' for a linear
# scale…"). Clearway gives each one a description in the chart's language instead, built from the titles the
# chart already has, and translates the role names Vega writes on the SVG's elements ("axis", "bar"…).

_AXES = {"x": "X", "y": "Y"}
_LEGENDS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")
_LISTED = 8  # values named in a description of a discrete axis or legend before "…"


def chart_described(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a description in the active language on every axis and legend that has none."""
    return _described(spec, data=None)


def _described(node: dict[str, Any], *, data: list[dict[str, Any]] | None) -> dict[str, Any]:
    node = dict(node)
    values = (node.get("data") or {}).get("values") if isinstance(node.get("data"), dict) else None
    data = values if isinstance(values, list) else data
    encoding = node.get("encoding")
    if isinstance(encoding, dict):
        node["encoding"] = {
            channel: _channel_described(channel, definition, data=data)
            for channel, definition in encoding.items()
        }
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if isinstance(node.get(key), list):
            node[key] = [
                _described(child, data=data) if isinstance(child, dict) else child for child in node[key]
            ]
    if isinstance(node.get("spec"), dict):
        node["spec"] = _described(node["spec"], data=data)
    return node


def _channel_described(channel: str, definition: Any, *, data: list[dict[str, Any]] | None) -> Any:
    if not isinstance(definition, dict) or "field" not in definition:
        return definition
    guide = "axis" if channel in _AXES else "legend" if channel in _LEGENDS else None
    if guide is None or (guide in definition and definition[guide] is None):
        return definition
    properties = dict(definition.get(guide) or {})
    if properties.get("description"):
        return definition
    # The title the guide shows, else the field's title (given for screen readers where the guide shows none),
    # else the field's name, which is what Vega-Lite shows when no title is set at all.
    title = properties.get("title") or definition.get("title")
    if title is None and "title" not in properties and "title" not in definition:
        title = definition["field"]
    title = title if isinstance(title, str) else ""
    name = _("%(axis)s axis") % {"axis": _AXES[channel]} if guide == "axis" else _("Legend")
    text = f"{name}{colon()} {title}" if title else name
    if definition.get("type") in ("nominal", "ordinal") and data is not None:
        text += _values_listed(definition, data=data)
    properties["description"] = text
    return {**definition, guide: properties}


def _guides_described(vega: dict[str, Any]) -> None:
    """Make Vega read the descriptions: each axis, legend and title is labelled by its own, not Vega's caption.

    Vega labels a guide with the description of its first item and otherwise composes an English caption, but
    the description given on the guide is not passed on to that item. Clearway sets it on the item and hides the
    item itself from screen readers (its ticks and labels are summed up by the guide's label, which would
    otherwise be read twice).
    """
    for kind, element in (("axes", "axis"), ("legends", "legend")):
        for guide in vega.get(kind) or []:
            if isinstance(guide, dict) and guide.get("description"):
                _item_described(guide, element, str(guide["description"]))
    title = vega.get("title")
    if isinstance(title, dict) and title.get("text"):
        text = title["text"]
        _item_described(title, "title", " ".join(text) if isinstance(text, list) else str(text))
    for mark in vega.get("marks") or []:
        if isinstance(mark, dict) and mark.get("type") == "group":
            _guides_described(mark)


def chart_item_description(pairs: list[tuple[str, str]]) -> str:
    """One mark's description, as Vega writes it ("Dates: March 2021; Kind: Workshop"), punctuated in the active
    language ("Dates : mars 2021 ; Nature : Atelier"): for a chart's `description` channel."""
    return f"{semicolon()} ".join(f"{title}{colon()} {value}" for title, value in pairs)


# A string literal of a mark's description expression that Vega-Lite writes before a value: "Title: " or
# "; Title: " (titles with quotes are escaped: \").
_DESCRIPTION_TITLE = re.compile(r'"(; )?((?:[^"\\]|\\.)*): "')
# A number as Vega-Lite writes it into a description: `format(datum["count"], "")`, digits never grouped.
_DESCRIPTION_NUMBER = re.compile(r'format\((datum\["(?:[^"\\]|\\.)*"\]), ""\)')


def _mark_descriptions_localized(node: Any) -> None:
    """Marks' descriptions written as the active language writes them: numbers grouped by thousands (the
    separator of the chart's locale: "1,200", "1 200") and, where the language spaces its punctuation, French
    colons and semicolons ("Norme : 1 ; Score : 57,3")."""
    if isinstance(node, list):
        for child in node:
            _mark_descriptions_localized(child)
        return
    if not isinstance(node, dict):
        return
    description = node.get("description")
    if isinstance(description, dict) and isinstance(description.get("signal"), str):
        signal = _DESCRIPTION_NUMBER.sub(r'format(\1, ",")', description["signal"])
        if colon() != ":":
            signal = _DESCRIPTION_TITLE.sub(
                lambda m: f'"{semicolon() + " " if m.group(1) else ""}{m.group(2)}{colon()} "', signal
            )
        node["description"] = {"signal": signal}
    for key in ("marks", "encode", "update", "enter"):
        if key in node:
            _mark_descriptions_localized(node[key])


def _item_described(guide: dict[str, Any], element: str, description: str) -> None:
    encode = guide.setdefault("encode", {})
    update = encode.setdefault(element, {}).setdefault("update", {})
    update["description"] = {"value": description}
    update["aria"] = {"value": False}


def _values_listed(definition: dict[str, Any], *, data: list[dict[str, Any]]) -> str:
    field = str(definition["field"])
    present = list(dict.fromkeys(str(row[field]) for row in data if row.get(field) is not None))
    domain = (definition.get("scale") or {}).get("domain")
    if isinstance(domain, list):  # the values the guide shows, those without data included
        present = [str(v) for v in domain]
    order = definition.get("sort")
    if isinstance(order, list):
        present = [str(v) for v in order if str(v) in present] + [
            v for v in present if v not in map(str, order)
        ]
    if not present:
        return ""
    named = ", ".join(present[:_LISTED]) + (", …" if len(present) > _LISTED else "")
    count = len(present)
    return ", " + (_("%(count)d value: %(values)s") if count == 1 else _("%(count)d values: %(values)s")) % {
        "count": count,
        "values": named,
    }


_ROLE_DESCRIPTION = re.compile(r'aria-roledescription="([^"]*)"')


def _role_names() -> dict[str, str]:
    """Vega's role names for the elements of a chart, in the active language."""
    marks = {
        "group": pgettext("chart element", "group"),
        "rect": pgettext("chart element", "rectangle"),
        "symbol": pgettext("chart element", "symbol"),
        "text": pgettext("chart element", "text"),
        "rule": pgettext("chart element", "line segment"),
        "line": pgettext("chart element", "line"),
        "area": pgettext("chart element", "area"),
        "arc": pgettext("chart element", "arc"),
        "path": pgettext("chart element", "path"),
    }
    names = {
        "axis": pgettext("chart element", "axis"),
        "legend": pgettext("chart element", "legend"),
        "title": pgettext("chart element", "title"),
        "bar": pgettext("chart element", "bar"),
        "point": pgettext("chart element", "point"),
        "circle": pgettext("chart element", "circle"),
        "square": pgettext("chart element", "square"),
        "tick": pgettext("chart element", "tick"),
        **marks,
    }
    for mark, name in marks.items():
        names[f"{mark} mark container"] = pgettext("chart element", "%(mark)s container") % {"mark": name}
        names[f"{mark} mark"] = name
    return names


def chart_theme(chart: alt.Chart) -> alt.Chart:
    themed: alt.Chart = (
        chart.configure_range(category=PALETTE)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12)
    )
    return themed
