from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """`{{ counts|get_item:region.code }}`: a dict value by a variable key."""
    return (mapping or {}).get(key)
