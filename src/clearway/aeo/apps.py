from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AeoConfig(AppConfig):
    name = "clearway.aeo"
    label = "aeo"
    verbose_name = _("Authorized Economic Operators")
