"""Vega-Lite charts rendered on the server (Altair + vl-convert): one chart serves pages (SVG) and documents (PNG)."""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import vl_convert as vlc
from django.utils import translation

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


def chart_spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    config = dict(spec.get("config") or {})
    config.setdefault("font", FONT)
    spec["config"] = config
    return spec


def chart_to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    locale = chart_locale()
    return str(vlc.vegalite_to_svg(chart_spec(chart), format_locale=locale, time_format_locale=locale))


def chart_to_png(chart: alt.TopLevelMixin | dict[str, Any], *, scale: float = 2.0) -> bytes:
    locale = chart_locale()
    return bytes(
        vlc.vegalite_to_png(chart_spec(chart), scale=scale, format_locale=locale, time_format_locale=locale)
    )


def chart_theme(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_range(category=PALETTE)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12)
    )
