from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("AEO register"),
        "aeo:register",
        _(
            "Members' Authorized Economic Operator programmes, the e-commerce stakeholders they cover, and "
            "mutual recognition arrangements shown as a network."
        ),
        order=60,
    ),
]
