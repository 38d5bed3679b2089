from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AeoConfig(AppConfig):
    name = "clearway.aeo"
    label = "aeo"
    verbose_name = _("Authorized Economic Operators")

    def ready(self) -> None:
        from clearway.core.audit import object_changed

        object_changed.connect(_on_object_changed, dispatch_uid="aeo.register_update_on_submission")


def _on_object_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """A submitted AEO survey answer (or an edit after submission) proposes register changes for review."""
    if action not in ("surveys.response.submit", "surveys.response.save"):
        return
    if getattr(instance, "state", None) != "submitted":
        return
    from clearway.aeo.updates import register_update_on_submission, response_is_aeo

    if response_is_aeo(instance):
        register_update_on_submission(response=instance)
