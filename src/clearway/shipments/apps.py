from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShipmentsConfig(AppConfig):
    name = "clearway.shipments"
    label = "shipments"
    verbose_name = _("Shipment KPIs")

    def ready(self) -> None:
        from clearway.core.audit_labels import ACTION_LABELS
        from clearway.shipments import jobs  # noqa: F401  (registers the background job handler)

        ACTION_LABELS.update(AUDIT_ACTIONS)


# The words of this app's audit codes, in the reader's language (the audit trail shows them beside the codes).
AUDIT_ACTIONS = {
    "shipments.kpi_result.quarantine_download": _("Rows refused by a KPI computation downloaded"),
    "shipments.kpi_result.quarantine_expire": _("Rows refused by a KPI computation deleted (retention over)"),
}
