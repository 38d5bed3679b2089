from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Surveys"),
        "surveys:index",
        _(
            "Surveys of Members sent by official letter: answer for your administration, follow responses, "
            "read the collective statistics."
        ),
        order=40,
    ),
]
