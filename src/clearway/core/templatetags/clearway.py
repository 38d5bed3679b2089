from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from clearway.core import i18n
from clearway.core.audit_labels import audit_action_label, audit_actor_label, audit_object_type_label
from clearway.core.data_version import CSRF_PLACEHOLDER, page_part_set, page_part_with_token
from clearway.core.i18n import localized, percent_format

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """`{{ standard|tr:"title" }}`: the field in the reader's language."""
    return localized(obj, field)


@register.filter
def audit_action(code: str) -> str:
    """`{{ event.action|audit_action }}`: an audit action code in words, in the reader's language."""
    return audit_action_label(code)


@register.filter
def audit_actor(label: str) -> str:
    """`{{ event.actor_label|audit_actor }}`: who made a change, "Clearway" where Clearway did it by itself."""
    return audit_actor_label(label)


@register.filter
def audit_object_type(object_type: str) -> str:
    """`{{ event.object_type|audit_object_type }}`: the kind of object by its name in the reader's language."""
    return audit_object_type_label(object_type)


@register.filter
def pct(value: float | None, digits: int = 0) -> str:
    return percent_format(value, digits)


@register.filter
def number_input(value: Any) -> str:
    """`{{ answer.value|number_input }}`: a number as its reader types it, without the zeros a database column
    pads it with: 48.6 (48,6 in French), never 48.6000; empty for no value."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if not number.is_finite():
        return ""
    plain = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return str(number_format(plain, use_l10n=True))


@register.simple_tag
def svg(markup: str) -> SafeString:
    """Inline an SVG chart rendered on the server by vl-convert (trusted: produced by our own code)."""
    return mark_safe(markup)  # noqa: S308


@register.simple_tag
def colon() -> str:
    """A colon after a label, as the reader's language sets it: "Status:" in English, "Statut :" in French."""
    return i18n.colon()


class _CachedPartNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        request = getattr(context, "request", None)
        cached = context.get("page_part")
        if cached is not None:
            return page_part_with_token(str(cached), request)
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            html = self.nodelist.render(context)
        page_part_set(context.get("page_cache") or "", html)
        return page_part_with_token(html, request)


@register.tag
def cached_part(parser: template.base.Parser, token: template.base.Token) -> _CachedPartNode:
    """`{% cached_part %}...{% endcached_part %}`: drawn once per `page_cache` key (core/data_version.py)."""
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return _CachedPartNode(nodelist)
