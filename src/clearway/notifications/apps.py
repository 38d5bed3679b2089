from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "clearway.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from clearway.notifications import jobs  # noqa: F401  (registers the e-mail jobs and the daily digest)
        from clearway.notifications.subscribers import subscribers_connect

        subscribers_connect()
