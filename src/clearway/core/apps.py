from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clearway.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from clearway.core import housekeeping  # noqa: F401  (registers the clean-ups and their schedule)
