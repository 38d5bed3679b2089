from django.utils.translation import gettext_lazy as _

from clearway.accounts.roles import MEMBER_ROLES, SECRETARIAT_ROLES, Role
from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Capacity building"),
        "capacity:register",
        _("The register of workshops and other activities: timeline, calendar, regional coverage, exports."),
        order=40,
    ),
    NavItem(
        _("Support requests"),
        "capacity:request_list",
        _("Requests for national support: eligibility conditions and the path from intention to follow-up."),
        roles=frozenset({*SECRETARIAT_ROLES, *MEMBER_ROLES, Role.REGIONAL_OFFICE}),
        order=41,
    ),
    NavItem(
        _("Experts"),
        "capacity:expert_list",
        _("Accredited and pre-accredited experts and their missions."),
        roles=frozenset({*SECRETARIAT_ROLES, Role.REGIONAL_OFFICE, Role.EXPERT}),
        order=42,
        in_menu=False,
    ),
]
