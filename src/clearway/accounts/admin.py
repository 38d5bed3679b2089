from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearway.accounts.models import ApiToken, User
from clearway.core.actors import request_actor
from clearway.core.admin import AuditedAdmin
from clearway.core.audit import audit_record


@admin.register(User)
class ClearwayUserAdmin(AuditedAdmin, UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "member", "region", "is_active")
    list_filter = ("role", "region", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Clearway",
            {"fields": ("role", "member", "region", "preferred_language", "notification_email", "job_title")},
        ),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The administration site's password form: a password set there is audited (never its value)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                audit_record(
                    actor=request_actor(request), action="accounts.user.admin_password_change", instance=user
                )
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest")


# django-otp's own administration pages would show the authenticator secrets and backup codes and change them
# unaudited: two-factor sign-in is turned off through Clearway's pages (accounts/two_factor/), which audit it.
for _otp_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_otp_model):
        admin.site.unregister(_otp_model)
