from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Reports"),
        "reports:list",
        _("Committee documents generated from the data, in English and French (Word, PDF, web page)."),
        order=80,
    ),
]
