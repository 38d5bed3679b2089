from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Framework"),
        "framework:index",
        _(
            "Browse the E-Commerce FoS: editions, principles and standards, and what changed between editions."
        ),
        order=10,
    ),
]
