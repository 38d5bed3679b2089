from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "clearway.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from clearway.reports import jobs  # noqa: F401  (registers the background job handler)
