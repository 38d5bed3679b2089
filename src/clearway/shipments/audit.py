"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "shipments.compute.submit": _("KPI computation requested"),
    "shipments.kpi_result.attach": _("KPI result attached to an assessment"),
    "shipments.kpi_result.create": _("KPI result uploaded"),
    "shipments.kpi_result.demo": _("Demonstration KPI result loaded"),
    "shipments.kpi_result.quarantine_download": _("Rows refused by a KPI computation downloaded"),
    "shipments.kpi_result.quarantine_expire": _("Rows refused by a KPI computation deleted (retention over)"),
}
