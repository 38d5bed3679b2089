from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShipmentsConfig(AppConfig):
    name = "clearway.shipments"
    label = "shipments"
    verbose_name = _("Shipment KPIs")

    def ready(self) -> None:
        from clearway.shipments import jobs  # noqa: F401  (registers the background job handler)
