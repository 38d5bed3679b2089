"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "reports.block.add": _("Report paragraph added"),
    "reports.block.edit": _("Report paragraph edited"),
    "reports.block.remove": _("Report paragraph removed"),
    "reports.block.resolve": _("Report paragraph kept or refreshed after a data change"),
    "reports.report.create": _("Report created"),
    "reports.report.export": _("Report exported"),
    "reports.report.share": _("Report shared"),
    "reports.report.update": _("Report updated"),
    "reports.report.version": _("Report version saved"),
}
