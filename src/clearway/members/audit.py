"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "members.reference.create": _("Reference data created"),
    "members.reference.deactivate": _("Reference data deactivated"),
    "members.reference.update": _("Reference data updated"),
}
