"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "aeo.mra.create": _("Mutual recognition arrangement recorded"),
    "aeo.mra.update": _("Mutual recognition arrangement updated"),
    "aeo.programme.confirm": _("AEO programme confirmed"),
    "aeo.programme.create": _("AEO programme recorded"),
    "aeo.programme.update": _("AEO programme updated"),
    "aeo.register_update.propose": _("Register update proposed"),
    "aeo.register_update.refresh": _("Proposed register update refreshed"),
}

# A reviewed register update records `aeo.register_update.<status>` ("Register update: Confirmed and applied").
AUDIT_STATE_ACTIONS = {"aeo.register_update.": ("aeo.registerupdate", "status")}
