from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "clearway.framework"
    label = "framework"
    verbose_name = _("E-Commerce Framework of Standards")
