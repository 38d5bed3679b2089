from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import cast

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from clearway.core.actors import Actor
from clearway.core.audit_labels import SYSTEM_ACTOR, audit_action_label, audit_object_type_label
from clearway.core.discovery import app_modules
from clearway.core.models import AuditEvent
from clearway.core.viewers import viewer_is_secretariat, viewer_member_iso3


def audit_event_list(
    *,
    viewer: Actor,
    object_type: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    member: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The secretariat sees the whole trail; a Member's users see the events about their own Member.

    Filters narrow what the viewer may see: object type and action exactly, actor by part of the name, the
    Member by its ISO code, and the day range (both days included, in the server's time zone).
    """
    qs = AuditEvent.objects.select_related("actor")
    if viewer_is_secretariat(viewer):
        pass
    elif (own := viewer_member_iso3(viewer)) is not None:
        qs = qs.filter(member_iso3=own)
    else:
        return AuditEvent.objects.none()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if action:
        qs = qs.filter(action=action)
    if actor:
        # Clearway's own changes are recorded as SYSTEM_ACTOR and shown as "Clearway": found by either name.
        named = Q(actor_label__icontains=actor)
        qs = qs.filter(named | Q(actor_label=SYSTEM_ACTOR) if actor.lower() in "clearway" else named)
    if member:
        qs = qs.filter(member_iso3=member)
    if start:
        qs = qs.filter(at__date__gte=start)
    if end:
        qs = qs.filter(at__date__lte=end)
    return qs


def _labelled(codes: Iterable[str], label: Callable[[str], str]) -> list[tuple[str, str]]:
    """(code, label) pairs in the order of the labels, as the reader reads them."""
    pairs = [(code, label(code)) for code in set(codes)]
    return sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0]))


def audit_filter_choices(*, viewer: Actor) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of the actions, object types and Members found in the trail the viewer may see.

    Members are labelled with their code and name in the active language. Finding the distinct values reads the
    whole trail (100,000 events at programme scale), so they are cached until the next event is recorded.
    """
    latest = AuditEvent.objects.order_by("-id").values_list("id", "at").first()
    scope = "all" if viewer_is_secretariat(viewer) else getattr(getattr(viewer, "member", None), "iso3", "-")
    stamp = f"{latest[0]}-{latest[1].timestamp()}" if latest else "empty"
    key = f"audit-filter-choices:{scope}:{get_language()}:{stamp}"
    choices = cache.get(key)
    if choices is None:
        choices = _audit_filter_choices_read(viewer=viewer)
        cache.set(key, choices, 3600)
    return cast(dict[str, list[tuple[str, str]]], choices)


def _audit_filter_choices_read(*, viewer: Actor) -> dict[str, list[tuple[str, str]]]:
    visible = audit_event_list(viewer=viewer).order_by()
    codes = sorted(m for m in visible.values_list("member_iso3", flat=True).distinct() if m)
    names = _member_names(codes=codes)
    return {
        "actions": _labelled(visible.values_list("action", flat=True).distinct(), audit_action_label),
        "object_types": _labelled(
            visible.values_list("object_type", flat=True).distinct(), audit_object_type_label
        ),
        "members": [(c, f"{c} – {names[c]}" if c in names else c) for c in codes],
    }


def _member_names(*, codes: list[str]) -> dict[str, str]:
    """{code: name} of these Members, from the app that keeps them (its `member_names.py`)."""
    names: dict[str, str] = {}
    for _app, module in app_modules("member_names"):
        names.update(module.member_names(codes=codes))
    return names
