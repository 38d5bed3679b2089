from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.members.models import Member, Region
from clearway.surveys.models import Disclosure, QuestionnaireVersion, TargetKind


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(_MultipleFileField, self).clean(item, initial) for item in items]


class QuestionnaireImportForm(forms.Form):
    code = forms.SlugField(
        label=_("Questionnaire code"),
        max_length=80,
        help_text=_("Stable code; importing again under the same code adds a version."),
    )
    file = forms.FileField(
        label=_("XLSForm (.xlsx, .xls, .csv or .md)"),
        help_text=_("A form built in KoboToolbox, ODK or Excel, as it is."),
    )
    attachments = _MultipleFileField(
        label=_("Files the form uses (optional)"),
        required=False,
        widget=_MultipleFileInput(),
        help_text=_(
            "The CSV or XML files of select_one_from_file questions, under the names the form gives."
        ),
    )


class SurveyCreateForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Questionnaire version"),
        queryset=QuestionnaireVersion.objects.select_related("questionnaire"),
    )
    reference = forms.CharField(label=_("Letter reference"), max_length=100)
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=300,
        required=False,
        help_text=_("Empty: the questionnaire's title."),
    )
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    letter_date = forms.DateField(label=_("Letter dated"), widget=forms.DateInput(attrs={"type": "date"}))
    signatory = forms.CharField(label=_("Signed by"), max_length=200)
    signatory_title_en = forms.CharField(
        label=_("Signatory's title (English)"), max_length=200, required=False
    )
    signatory_title_fr = forms.CharField(
        label=_("Signatory's title (French)"), max_length=200, required=False
    )
    letter_body_en = forms.CharField(
        label=_("Letter text (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Paragraphs separated by a blank line; empty: standard text."),
    )
    letter_body_fr = forms.CharField(
        label=_("Letter text (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    target_kind = forms.ChoiceField(label=_("Send to"), choices=TargetKind.choices, widget=forms.RadioSelect)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.filter(active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    disclosure = forms.ChoiceField(label=_("Disclosure of statistics"), choices=Disclosure.choices)


class DisclosureForm(forms.Form):
    disclosure = forms.ChoiceField(label=_("Disclosure of statistics"), choices=Disclosure.choices)
