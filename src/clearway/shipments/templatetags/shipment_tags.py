from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.i18n import percent_format
from clearway.shipments.kpis import HOURS, SHARES

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
}


@register.filter
def measure_label(measure: str) -> str:
    return str(_LABELS.get(measure, measure))


@register.filter
def measure_value(value: Any, measure: str) -> str:
    """A KPI as a reader expects it: shares in %, differences of shares in percentage points, hours with 'h'."""
    if value is None:
        return "—"
    if measure == "aeo_inspection_rate_difference":
        return _("%(v)s pp") % {"v": number_format(float(value) * 100, 1)}
    if measure in SHARES:
        return percent_format(float(value), 1)
    if measure in HOURS:
        return _("%(v)s h") % {"v": number_format(float(value), 2)}
    if measure == "volume":
        return number_format(int(value), 0, force_grouping=True)
    return number_format(float(value), 2)


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
