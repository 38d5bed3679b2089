from __future__ import annotations

from typing import Any

from django import template

from clearway.core.i18n import percent_format

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ scores|get_item:standard.key }}`: a dictionary value in a template."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


@register.filter
def points_pct(points: float | None) -> str:
    return percent_format(points)
