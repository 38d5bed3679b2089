from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "clearway.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from clearway.assessments import jobs, reminders  # noqa: F401  (the reminders job, its schedule and kind)
