from django.utils.translation import gettext_lazy as _

from clearway.accounts.roles import MEMBER_ROLES, SECRETARIAT_ROLES
from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Shipment KPIs"),
        "shipments:results",
        _(
            "Measured KPIs from your own shipment data: upload a result computed on your machine, attach it to "
            "your assessment, see where the self-assessment and the measurement disagree."
        ),
        roles=frozenset(MEMBER_ROLES | SECRETARIAT_ROLES),
        order=45,
    ),
]
