from django.utils.translation import gettext_lazy as _

from clearway.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Assessments"),
        "assessments:home",
        _("Self-assessment against the KPI catalogue: answers, scores, gaps, benchmarks and commitments."),
        order=30,
    ),
    NavItem(
        _("Commitments"),
        "assessments:commitments",
        _("Implementation commitments per standard, with planned, indicative and definitive dates."),
        order=31,
        in_menu=False,
    ),
]
