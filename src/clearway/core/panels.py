"""Panels that domain apps contribute to shared pages (a Member's page) without the page knowing them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    html: SafeString  # rendered with render_to_string, so escaping is already done
    order: int = 100
