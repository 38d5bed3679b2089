"""What the assessment pages send: each form reads and checks one page's fields, and the view passes the cleaned
values to one service (which applies the business rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.core.api_schema import BIGINT_MAX, INTEGER_MAX
from clearway.framework.models import Standard
from clearway.members.models import Member

_DATE_MESSAGES = {"required": _("Use a date like 2026-12-31."), "invalid": _("Use a date like 2026-12-31.")}
# A number no database column holds is not a whole number the page could have sent.
_WHOLE_NUMBER = {"min_value": _("Enter a whole number."), "max_value": _("Enter a whole number.")}


class CycleForm(forms.Form):
    name = forms.CharField(required=False, strip=True)
    name_fr = forms.CharField(required=False, strip=True)
    catalogue = forms.CharField(required=False)
    opens_on = forms.DateField(error_messages=_DATE_MESSAGES)
    closes_on = forms.DateField(error_messages=_DATE_MESSAGES)
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.filter(active=True), to_field_name="iso3", required=False
    )
    all_members = forms.BooleanField(required=False)


class AnswerForm(forms.Form):
    """One indicator's answer, as the edit page's form (and its script, when it cannot reach the API) sends it."""

    indicator = forms.CharField(required=False)
    version = forms.IntegerField(
        min_value=0, max_value=INTEGER_MAX, required=False, error_messages=_WHOLE_NUMBER
    )
    stage = forms.CharField(required=False)
    yes = forms.TypedChoiceField(
        choices=[("", ""), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda choice: choice == "yes",
        empty_value=None,
        required=False,
    )
    value = forms.CharField(required=False, strip=False, empty_value=None)
    not_measurable = forms.BooleanField(required=False)
    comment = forms.CharField(required=False, strip=False)


class StatementForm(forms.Form):
    statement = forms.CharField(required=False, strip=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(required=False, strip=False)


class CommentForm(forms.Form):
    indicator = forms.CharField(required=False)
    body = forms.CharField(required=False, strip=False)
    back = forms.CharField(required=False)


class ReopenRequestForm(forms.Form):
    reason = forms.CharField(required=False, strip=False)


class EvidenceForm(forms.Form):
    indicator = forms.CharField(required=False)
    file = forms.FileField(error_messages={"required": _("Choose a file.")})


class CommitmentForm(forms.Form):
    standard = forms.IntegerField(
        min_value=1,
        max_value=BIGINT_MAX,
        error_messages={**_WHOLE_NUMBER, "required": _("Choose a standard.")},
    )
    planned_on = forms.CharField(required=False)
    indicative_on = forms.CharField(required=False)
    definitive_on = forms.CharField(required=False)
    achieved_on = forms.CharField(required=False)
    note = forms.CharField(required=False, strip=False)

    def clean_standard(self) -> Standard:
        standard = Standard.objects.filter(pk=self.cleaned_data["standard"]).first()
        if standard is None:
            raise forms.ValidationError(_("Choose a standard."))
        return standard
