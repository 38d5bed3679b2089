"""The audit trail: every write calls `audit_record` inside its transaction, and others hook `object_changed`."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy

from clearway.core.actors import Actor
from clearway.core.audit_labels import audit_action_check
from clearway.core.models import AuditEvent

# Sent after every audited write: sender is the model class; kwargs: event, instance, action.
object_changed = Signal()

# Core's own actions; each app declares its own in its `audit.py` (see `core/audit_labels.py`).
AUDIT_ACTIONS = {
    "core.job.cancel": gettext_lazy("Background job cancelled"),
    "core.job.retry": gettext_lazy("Background job run again"),
    "core.admin.change": gettext_lazy("Changed in the administration site"),
    "core.admin.create": gettext_lazy("Added in the administration site"),
    "core.admin.delete": gettext_lazy("Deleted in the administration site"),
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or None
    return value


def model_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, JSON-ready, for before/after records."""
    names = list(fields) if fields is not None else [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name, None)) for name in names}


def audit_record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    member_iso3: str = "",
) -> AuditEvent:
    """Record one write. `actor` is a user, or `SYSTEM` (CLI loads, jobs), recorded as `SYSTEM_ACTOR` with no user;
    `action` a declared code."""
    event = audit_event_new(
        actor=actor,
        action=action,
        instance=instance,
        before=before,
        after=after,
        reason=reason,
        member_iso3=member_iso3,
    )
    event.save()
    object_changed.send(sender=type(instance), event=event, instance=instance, action=action)
    return event


def audit_event_new(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    member_iso3: str = "",
) -> AuditEvent:
    """The event `audit_record` stores, unsaved: bulk loads (the demo data at scale) insert many at once.

    Raises `UnknownAuditAction` for a code no app declares in its `audit.py`."""
    audit_action_check(action)
    user_model = get_user_model()
    user = actor if isinstance(actor, user_model) and actor.pk and actor.is_authenticated else None
    label = actor.get_username() if user else str(actor)  # the system's: SYSTEM_ACTOR
    return AuditEvent(
        actor=user,
        actor_label=label[:200],
        action=action,
        app=instance._meta.app_label,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_label=str(instance)[:300],
        member_iso3=member_iso3 or _member_iso3_of(instance),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
    )


def _member_iso3_of(instance: models.Model) -> str:
    """The Member an object belongs to, directly or through its user, so Members can read their own trail."""
    member = getattr(instance, "member", None)
    owner = getattr(instance, "user", None)
    if member is None and owner is not None:
        member = getattr(owner, "member", None)
    iso3 = getattr(member, "iso3", None) or getattr(instance, "iso3", None)
    return iso3 if isinstance(iso3, str) and len(iso3) == 3 else ""


def field_values_at(
    *, model: type[models.Model], current: dict[Any, Any], field: str, at: datetime.datetime
) -> dict[Any, Any]:
    """What `field` of each object (`current`: pk -> its value now) was at `at`, read from the audit trail.

    The last value recorded on or before `at`; else the value before the first change after it; for an object
    recorded after `at`, the value it was first recorded with (what was entered then, not later changes);
    without any record of the field, its current value."""
    history: dict[str, list[tuple[datetime.datetime, dict[str, Any], dict[str, Any]]]] = {}
    for object_id, when, before, after in (
        AuditEvent.objects.filter(
            object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in current]
        )
        .order_by("at", "id")
        .values_list("object_id", "at", "before", "after")
    ):
        before, after = before or {}, after or {}
        if field in before or field in after:
            history.setdefault(object_id, []).append((when, before, after))
    values: dict[Any, Any] = {}
    for pk, now in current.items():
        events = history.get(str(pk), [])
        earlier = [a[field] for when, _b, a in events if when <= at and field in a]
        later = [b.get(field, a.get(field)) for when, b, a in events if when > at]
        values[pk] = earlier[-1] if earlier else later[0] if later else now
    return values
