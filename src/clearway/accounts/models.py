from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearway.accounts.roles import CONTACT_ROLES, MEMBER_ROLES, SECRETARIAT_ROLES, Role


class NotificationEmail(models.TextChoices):
    """How a person wants notifications by e-mail (they always see them in Clearway)."""

    IMMEDIATE = "immediate", _("One e-mail for each notification")
    DAILY = "daily", _("One e-mail a day with the day's notifications")
    NONE = "none", _("No e-mail: in Clearway only")


class User(AbstractUser):
    """A person using Clearway, with one role and the scope the role implies (a Member or a region)."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, default=Role.OBSERVER)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("Member administration"),
    )
    region = models.ForeignKey(
        "members.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("region"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("en", "English"), ("fr", "Français")], default="en"
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    notification_email = models.CharField(
        _("notifications by e-mail"),
        max_length=10,
        choices=NotificationEmail.choices,
        default=NotificationEmail.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="contact_roles_have_a_member",
                condition=~Q(role__in=sorted(r.value for r in CONTACT_ROLES)) | Q(member__isnull=False),
                violation_error_message=_(
                    "Focal points, contributors, heads of administration and delegates belong to a Member "
                    "administration."
                ),
            ),
            models.CheckConstraint(
                name="regional_office_has_a_region",
                condition=~Q(role=Role.REGIONAL_OFFICE) | Q(region__isnull=False),
                violation_error_message=_("A regional office user belongs to a region."),
            ),
        ]

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    @property
    def is_member_user(self) -> bool:
        return self.role in MEMBER_ROLES

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class ApiToken(models.Model):
    """A token for machine clients. Only its SHA-256 is stored; the clear value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "cw_" + secrets.token_urlsafe(32)


class AccessPurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    PASSWORD_RESET = "password_reset", _("Password reset")


class AccessLink(models.Model):
    """A one-time link that lets a person set their password: an invitation or a password reset.

    The link's secret is made by the background job that e-mails it and only its SHA-256 is stored, so neither
    the database nor the job queue holds a usable link. Used once, or expired, it opens nothing.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_links")
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessPurpose.choices)
    digest = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"], condition=~Q(digest=""), name="access_link_digest_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.user}"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
