from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.reports.exporters.base import exporter_keys
from clearway.reports.models import Committee, MeetingFormat, ReportLanguage
from clearway.reports.services import ReportInput


class DateInput(forms.DateInput):
    input_type = "date"


class ReportForm(forms.Form):
    committee = forms.ChoiceField(label=_("Committee"), choices=Committee.choices, initial=Committee.PTC)
    session = forms.CharField(label=_("Sessions"), max_length=40, help_text=_("e.g. 235th/236th"))
    document_number = forms.CharField(label=_("Document number"), max_length=40, help_text=_("e.g. PC0690"))
    document_date = forms.DateField(label=_("Document date"), widget=DateInput)
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    period_start = forms.DateField(
        label=_("Period covered from"),
        widget=DateInput,
        help_text=_("Usually the day after the period of the previous report"),
    )
    period_end = forms.DateField(label=_("Period covered to"), widget=DateInput)
    previous_session = forms.CharField(
        label=_("Previous sessions reported to"),
        max_length=40,
        required=False,
        help_text=_("e.g. 233rd/234th"),
    )
    previous_document_number = forms.CharField(
        label=_("Previous document number"), max_length=40, required=False
    )
    meeting_start = forms.DateField(label=_("Meeting starts"), widget=DateInput, required=False)
    meeting_end = forms.DateField(label=_("Meeting ends"), widget=DateInput, required=False)
    meeting_place = forms.CharField(label=_("Place"), max_length=100, required=False, initial="Brussels")
    meeting_format = forms.ChoiceField(
        label=_("Meeting format"),
        choices=[("", _("Not stated"))] + list(MeetingFormat.choices),
        required=False,
    )
    agenda_item = forms.CharField(label=_("Agenda item"), max_length=40, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Left empty: “E-Commerce”")
    )
    illustrative = forms.BooleanField(
        label=_("Include illustrative (demonstration) data"),
        required=False,
        help_text=_("Left unticked, demonstration rows never reach the report; ticked, every page says so"),
    )

    def to_input(self) -> ReportInput:
        data: dict[str, Any] = dict(self.cleaned_data)
        data["meeting_place"] = data.get("meeting_place") or ""
        return ReportInput(**data)


EVERY_FORMAT = "all"


class GenerateForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Regenerate only"))]
        + [(k, k.upper()) for k in exporter_keys()]
        + [(EVERY_FORMAT, _("Every format (one version, a file each)"))],
    )
    regenerate = forms.BooleanField(label=_("Regenerate from the data first"), required=False, initial=True)

    def formats(self) -> list[str]:
        """The formats asked for: one, every one, or none (regenerate only)."""
        chosen = self.cleaned_data["format"]
        return exporter_keys() if chosen == EVERY_FORMAT else [chosen] if chosen else []


class BlockEditForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    items = forms.CharField(
        label=_("Points, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )
