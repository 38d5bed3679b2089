from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.i18n import percent_format
from clearway.shipments.measures import HOURS, SHARES

register = template.Library()

_LABELS = {
    "volume": gettext_lazy("Shipments"),
    "advance_data_share": gettext_lazy("Advance data before arrival"),
    "risk_assessed_before_arrival_share": gettext_lazy("Risk-assessed before arrival"),
    "release_time_median_hours": gettext_lazy("Release time, median"),
    "release_time_p90_hours": gettext_lazy("Release time, 90th percentile"),
    "released_within_24h_share": gettext_lazy("Released within 24 hours"),
    "inspection_rate": gettext_lazy("Inspection rate"),
    "hit_rate": gettext_lazy("Hit rate of controls"),
    "nii_scan_rate": gettext_lazy("Non-intrusive scan rate"),
    "duties_taxes_per_shipment": gettext_lazy("Duties and taxes per shipment (national currency)"),
    "de_minimis_share": gettext_lazy("Under the de minimis value"),
    "return_rate": gettext_lazy("Returned"),
    "data_quality_score": gettext_lazy("Data-quality score"),
    "aeo_release_time_difference_hours": gettext_lazy("AEO minus non-AEO release time"),
    "aeo_inspection_rate_difference": gettext_lazy("AEO minus non-AEO inspection rate"),
    "release_time_mean_hours": gettext_lazy("Release time, mean"),
    "advance_lead_time_mean_hours": gettext_lazy("Advance data lead time, mean"),
    "advance_lead_time_median_hours": gettext_lazy("Advance data lead time, median"),
    "advance_lead_time_p90_hours": gettext_lazy("Advance data lead time, 90th percentile"),
    "arrival_to_risk_assessment_mean_hours": gettext_lazy("Arrival to risk assessment, mean"),
    "arrival_to_risk_assessment_median_hours": gettext_lazy("Arrival to risk assessment, median"),
    "arrival_to_risk_assessment_p90_hours": gettext_lazy("Arrival to risk assessment, 90th percentile"),
    "risk_assessment_to_release_mean_hours": gettext_lazy("Risk assessment to release, mean"),
    "risk_assessment_to_release_median_hours": gettext_lazy("Risk assessment to release, median"),
    "risk_assessment_to_release_p90_hours": gettext_lazy("Risk assessment to release, 90th percentile"),
    "unreleased_at_period_end_share": gettext_lazy("Not released at the end of the period"),
    "unreleased_age_mean_hours": gettext_lazy("Age of shipments not released at the end of the period, mean"),
    "lane_green_share": gettext_lazy("Green lane"),
    "lane_yellow_share": gettext_lazy("Yellow lane"),
    "lane_red_share": gettext_lazy("Red lane"),
    "lane_none_share": gettext_lazy("No lane recorded"),
    "hit_rate_green": gettext_lazy("Hit rate of controls, green lane"),
    "hit_rate_yellow": gettext_lazy("Hit rate of controls, yellow lane"),
    "hit_rate_red": gettext_lazy("Hit rate of controls, red lane"),
    "hit_rate_none": gettext_lazy("Hit rate of controls, no lane recorded"),
    "targeted_controls_share": gettext_lazy("Targeted controls (yellow or red lane)"),
    "hit_rate_targeted": gettext_lazy("Hit rate of targeted controls"),
    "hit_rate_random": gettext_lazy("Hit rate of random controls"),
    "inspection_hit_rate": gettext_lazy("Hit rate of physical inspections"),
    "nii_hit_rate": gettext_lazy("Hit rate of non-intrusive scans"),
    "revenue_assessed": gettext_lazy("Duties and taxes assessed (national currency)"),
    "revenue_collected": gettext_lazy("Duties and taxes collected (national currency)"),
    "collection_rate": gettext_lazy("Collection rate"),
    "collection_at_border_share": gettext_lazy("Collected from the consignee at the border"),
    "collection_vendor_share": gettext_lazy("Collected through the vendor"),
    "collection_platform_share": gettext_lazy("Collected through the platform"),
    "collection_intermediary_share": gettext_lazy("Collected through an intermediary"),
    "collection_deferred_account_share": gettext_lazy("Collected through a deferred account"),
    "de_minimis_value_share": gettext_lazy("Value under the de minimis threshold"),
    "duty_forgone_estimate": gettext_lazy(
        "Duties and taxes forgone under de minimis, estimate (national currency)"
    ),
}


@register.filter
def measure_label(measure: str) -> str:
    return str(_LABELS.get(measure, measure))


@register.filter
def measure_value(value: Any, measure: str) -> str:
    """A KPI as a reader expects it: shares in %, differences of shares in percentage points, hours with 'h';
    thousands grouped as the reader's language groups them (1,234.5 and 1 234,5)."""
    if value is None:
        return "—"
    if measure == "aeo_inspection_rate_difference":
        return _("%(v)s pp") % {"v": _grouped(float(value) * 100, 1)}
    if measure in SHARES:
        return percent_format(float(value), 1)
    if measure in HOURS:
        return _("%(v)s h") % {"v": _grouped(float(value), 2)}
    if measure == "volume":
        return _grouped(int(value), 0)
    return _grouped(float(value), 2)


def _grouped(value: float, digits: int) -> str:
    return number_format(value, digits, force_grouping=True)


@register.filter
def verdict_label(verdict: str) -> str:
    labels = {
        "contradiction": _("Claimed stage above what the data show"),
        "understated": _("Data support a higher stage"),
        "consistent": _("Consistent"),
        "unanswered": _("Stage not answered yet"),
        "unmeasured": _("Not measured in this result"),
    }
    return labels.get(verdict, verdict)


@register.filter
def verdict_badge(verdict: str) -> str:
    return {"contradiction": "bad", "understated": "warn", "consistent": "ok"}.get(verdict, "")
