from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.aeo.models import (
    Coverage,
    EcommerceFeature,
    MraKind,
    MraStatus,
    OperatorType,
    Programme,
    ProgrammeStatus,
    StakeholderType,
)
from clearway.members.models import Member

NOT_STATED = [("", _("Not stated"))]


class ProgrammeForm(forms.Form):
    """The secretariat's form for a programme's published facts; one coverage choice per stakeholder type."""

    member = forms.ModelChoiceField(queryset=Member.objects.filter(active=True), label=_("Member"))
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    launch_year = forms.IntegerField(label=_("Launch year"), required=False, min_value=1990, max_value=2100)
    operator_types = forms.MultipleChoiceField(
        label=_("General operator types"),
        choices=OperatorType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ecommerce_features = forms.MultipleChoiceField(
        label=_("E-commerce-specific criteria or benefits"),
        choices=EcommerceFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ecommerce_criteria_en = forms.CharField(
        label=_("Details of e-commerce criteria or benefits (English)"), required=False, widget=forms.Textarea
    )
    ecommerce_criteria_fr = forms.CharField(
        label=_("Details of e-commerce criteria or benefits (French)"), required=False, widget=forms.Textarea
    )
    confirmed = forms.BooleanField(label=_("Confirmed: publish to every signed-in user"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in StakeholderType.choices:
            self.fields[f"cov_{code}"] = forms.ChoiceField(
                label=label, choices=NOT_STATED + list(Coverage.choices), required=False
            )
        if programme is not None:
            self.fields["member"].disabled = True

    @property
    def coverage_fields(self) -> list[forms.BoundField]:
        return [self[f"cov_{code}"] for code in StakeholderType.values]

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name_en": data["name_en"],
            "name_fr": data["name_fr"],
            "status": data["status"],
            "launch_year": data["launch_year"],
            "operator_types": data["operator_types"],
            "ecommerce_features": data["ecommerce_features"],
            "ecommerce_criteria_en": data["ecommerce_criteria_en"],
            "ecommerce_criteria_fr": data["ecommerce_criteria_fr"],
            "coverage": {code: data[f"cov_{code}"] for code in StakeholderType.values if data[f"cov_{code}"]},
        }


class ProgrammeProposalForm(ProgrammeForm):
    """What a Member's focal point proposes for its own entry: the same facts, with a word for the reviewer; the
    secretariat alone publishes (no "confirmed"), and the Member is the proposer's own."""

    note = forms.CharField(
        label=_("Why this change (for the secretariat)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["confirmed"], self.fields["version"]
        self.fields["member"].initial = member.pk
        self.fields["member"].disabled = True


def programme_form_initial(programme: Programme) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "member": programme.member_id,
        "name_en": programme.name_en,
        "name_fr": programme.name_fr,
        "status": programme.status,
        "launch_year": programme.launch_year,
        "operator_types": programme.operator_types,
        "ecommerce_features": programme.ecommerce_features,
        "ecommerce_criteria_en": programme.ecommerce_criteria_en,
        "ecommerce_criteria_fr": programme.ecommerce_criteria_fr,
        "confirmed": programme.confirmed,
        "version": programme.version,
    }
    for coverage in programme.coverages.all():
        initial[f"cov_{coverage.stakeholder}"] = coverage.coverage
    return initial


class MraForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MraKind.choices)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes (parties)"),
        queryset=Programme.objects.none(),
        help_text=_("Two for a bilateral arrangement, three or more for a plurilateral one."),
    )
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=MraStatus.choices)
    signed_on = forms.DateField(
        label=_("Date signed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    covers_ecommerce = forms.BooleanField(label=_("Covers e-commerce stakeholders"), required=False)
    confirmed = forms.BooleanField(
        label=_("Confirmed: publish to every signed-in user"), required=False, initial=True
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = programmes.exclude(status=ProgrammeStatus.NONE)


class RegisterUpdateDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (kept in the audit trail)"), required=False, widget=forms.Textarea)
