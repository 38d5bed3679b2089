from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "clearway.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from clearway.surveys import jobs  # noqa: F401  (registers the reminders job and its daily schedule)
