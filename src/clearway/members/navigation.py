from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Members"),
        "members:list",
        _("The WCO Members directory by region, with each administration's page."),
        order=20,
    ),
]
