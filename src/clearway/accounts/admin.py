from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from clearway.accounts.models import ApiToken, User
from clearway.core.admin import AuditedAdmin


@admin.register(User)
class ClearwayUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "role", "member", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),  # type: ignore[misc]
        (
            "Clearway",
            {"fields": ("role", "member", "region", "preferred_language", "notification_email", "job_title")},
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest")
