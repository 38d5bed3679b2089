from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.shipments.kpis import PERIODS

PERIOD_CHOICES = [(p, {"month": _("Month"), "quarter": _("Quarter")}[p]) for p in PERIODS]


class ResultUploadForm(forms.Form):
    file = forms.FileField(
        label=_("KPI result (.json)"),
        help_text=_("The file written by: clearway kpis compute --input … --out result.json"),
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)


class ShipmentFileForm(forms.Form):
    file = forms.FileField(
        label=_("Shipment records (.parquet or .csv, at most 20 MB)"),
        help_text=_("Columns as in the data contract. The file is deleted once the KPIs are computed."),
    )
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, initial="month")
    de_minimis = forms.FloatField(
        label=_("De minimis threshold (national currency)"),
        initial=150.0,
        min_value=0,
        localize=True,  # shown and read the reader's way: 150,0 in French
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
