from django.utils.translation import gettext_lazy as _

from clearway.accounts.roles import SECRETARIAT_ROLES, Role
from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Contacts"),
        "accounts:contacts_index",
        _("The people of each Member administration: invite them, change their role, deactivate them."),
        roles=frozenset({*SECRETARIAT_ROLES, Role.REGIONAL_OFFICE}),
        order=25,
    ),
]
