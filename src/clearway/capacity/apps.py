from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "clearway.capacity"
    label = "capacity"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from clearway.capacity import reminders  # noqa: F401  (the re-assessment reminders, their schedule)
        from clearway.capacity.notifications import notifications_connect

        notifications_connect()
