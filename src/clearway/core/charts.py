"""Vega-Lite charts rendered on the server (Altair + vl-convert): one chart serves pages (SVG) and documents (PNG)."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert as vlc

# Colour-blind-safe palette (Okabe-Ito), used by every Clearway chart.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]


# The font the server measures text with must be the one the browser draws it with, or legends and labels
# overflow the SVG: DejaVu Sans is Debian's default sans-serif (installed by ./dev), and vl-convert finds it too.
FONT = "DejaVu Sans"


def chart_spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    config = dict(spec.get("config") or {})
    config.setdefault("font", FONT)
    spec["config"] = config
    return spec


def chart_to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    return str(vlc.vegalite_to_svg(chart_spec(chart)))


def chart_to_png(chart: alt.TopLevelMixin | dict[str, Any], *, scale: float = 2.0) -> bytes:
    return bytes(vlc.vegalite_to_png(chart_spec(chart), scale=scale))


def chart_theme(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_range(category=PALETTE)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12)
    )
