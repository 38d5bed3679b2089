from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailDue(models.TextChoices):
    """What e-mail a notification gets, decided from its recipient's choice when it is made."""

    NONE = "none", _("None")
    IMMEDIATE = "immediate", _("Its own e-mail")
    DAILY = "daily", _("The daily digest")


class Notification(models.Model):
    """A change one person waits for, shown in Clearway and, as they chose, e-mailed.

    The text is not stored: `kind` names it (see `notifications.kinds`) and `params` hold the values it needs,
    those that depend on the language as {"en": …, "fr": …}, so it reads in the reader's language on the page
    and in the recipient's in the e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(default=dict)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    event = models.ForeignKey(
        "core.AuditEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The same change notified twice (a signal sent again, a job whose end two workers saw) is kept once.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_due = models.CharField(max_length=10, choices=EmailDue.choices, default=EmailDue.NONE)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_due", "emailed_at"], name="notification_email_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
