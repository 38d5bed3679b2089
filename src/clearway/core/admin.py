"""The Django admin is a consumer too: its writes go to the audit trail like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from clearway.core.actors import request_actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.models import AuditEvent, Job

SECRET_FIELDS = frozenset({"password", "digest"})  # hashes stay out of the trail that auditors read


def admin_snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's fields for the trail, its secrets' hashes left out."""
    return {k: v for k, v in model_snapshot(obj).items() if k not in SECRET_FIELDS}


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every write of the administration site is audited: additions, changes, deletions one by one and in bulk."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        before = admin_snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request_actor(request),
                action="core.admin.change" if change else "core.admin.create",
                instance=obj,
                before=before,
                after=admin_snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request_actor(request),
                action="core.admin.delete",
                instance=obj,
                before=admin_snapshot(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        """The list's bulk delete action: one event per deleted object."""
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    actor=request_actor(request),
                    action="core.admin.delete",
                    instance=obj,
                    before=admin_snapshot(obj),
                )
            super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: the trail is never edited."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "member_iso3")
    list_filter = ("action", "object_type")
    search_fields = ("object_label", "actor_label", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "status", "progress", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields]
