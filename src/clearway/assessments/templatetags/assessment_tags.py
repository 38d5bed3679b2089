from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ scores|get_item:standard.key }}`: a dictionary value in a template."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


@register.filter
def points_pct(points: float | None) -> str:
    return "–" if points is None else f"{points * 100:.0f}%"
