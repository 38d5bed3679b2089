"""Forms validate input shapes; the services enforce the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clearway.capacity.models import (
    AccreditationStatus,
    ActivityKind,
    ActivityStatus,
    CountQualifier,
    DatePrecision,
    Expert,
    ExpertProfile,
    Modality,
    Organisation,
    OrganisationKind,
    ParticipantGroup,
    SecretariatRole,
)
from clearway.core.actors import Actor
from clearway.core.forms import DateRangeFilterForm
from clearway.framework.models import Standard
from clearway.members.models import Member, Region

_DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(DateRangeFilterForm):
    """The report period (and other filters) of the register, the timeline and the exports."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ActivityStatus.choices]
    )
    q = forms.CharField(label=_("Search"), required=False)
    invalid_message = _("The period is not valid.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.choices = [("", _("All regions"))] + [
            (r.code, f"{r.code} – {r.name}") for r in Region.objects.order_by("order")
        ]

    def filters(self) -> dict[str, Any]:
        """The selector's filters."""
        data = self.valid_data()
        return {
            "start": data.get("start"),
            "end": data.get("end"),
            "kind": data.get("kind") or None,
            "region": data.get("region") or None,
            "status": data.get("status") or None,
            "query": data.get("q") or None,
        }


class RequestCreateForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.filter(active=True), required=False
    )
    intention_date = forms.DateField(label=_("Intention notified on"), widget=_DATE)
    intention_reference = forms.CharField(
        label=_("Reference of the letter of intention"), required=False, max_length=200
    )
    intention_letter = forms.FileField(label=_("Letter of intention (PDF, Word)"), required=False)
    needs = forms.CharField(
        label=_("Support needed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The letter of a refused try, kept on the server (core.uploads.upload_hold) so it need not be chosen again.
    intention_letter_held = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.member_id and not user.is_secretariat:
            del self.fields["member"]  # a focal point files for their own Member
        self.fields.update(RequestStandardsForm().fields)

    def letter_kept(self, *, token: str, name: str) -> None:
        """Say that the letter of the refused try is kept, and send its token with the next try."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["intention_letter_held"] = token
        self.data = data
        kept = _("“%(name)s” is kept from your last try: choose another file only to replace it.") % {
            "name": name
        }
        self.fields["intention_letter"].help_text = kept
        self["intention_letter"].help_text = kept  # the bound field copied the help text when it was made

    def clean_member(self) -> Any:
        member = self.cleaned_data.get("member")
        if member is None:
            raise forms.ValidationError(_("Choose the Member."))
        return member


class TransitionForm(forms.Form):
    """All the fields a move may ask for; the transition table says which ones each move shows."""

    reason = forms.CharField(
        label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        widget=_DATE,
        help_text=_("The day it happened; today if empty."),
    )
    official_request_date = forms.DateField(
        label=_("Date of the Director General's letter"), required=False, widget=_DATE
    )
    official_request_reference = forms.CharField(
        label=_("Reference of the letter"), required=False, max_length=200
    )
    official_request_signatory = forms.CharField(label=_("Signed by"), required=False, max_length=200)
    official_request_letter = forms.FileField(label=_("Letter (PDF, Word)"), required=False)
    start_date = forms.DateField(label=_("First day"), required=False, widget=_DATE)
    end_date = forms.DateField(label=_("Last day"), required=False, widget=_DATE)
    modality = forms.ChoiceField(label=_("Modality"), required=False, choices=[("", "—"), *Modality.choices])
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"), required=False, queryset=Expert.objects.filter(available=True)
    )
    funder = forms.ModelChoiceField(label=_("Funder"), required=False, queryset=Organisation.objects.all())
    delivered_on = forms.DateField(label=_("Delivered on"), required=False, widget=_DATE)
    reassessment_due = forms.DateField(label=_("Re-assessment due"), required=False, widget=_DATE)
    action_description = forms.CharField(
        label=_("Action item"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_standard = forms.ModelChoiceField(
        label=_("Standard"), required=False, queryset=Standard.objects.select_related("edition")
    )
    action_due = forms.DateField(label=_("Action due on"), required=False, widget=_DATE)

    def effective_date(self) -> datetime.date | None:
        return self.cleaned_data.get("effective_on")


class ActivityForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    start_date = forms.DateField(label=_("Start date"), widget=_DATE)
    end_date = forms.DateField(label=_("End date"), widget=_DATE)
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=DatePrecision.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    other_regions = forms.ModelMultipleChoiceField(
        label=_("Other regions covered (joint activity)"), queryset=Region.objects.all(), required=False
    )
    audience_en = forms.CharField(label=_("Audience (English)"), required=False, max_length=300)
    audience_fr = forms.CharField(label=_("Audience (French)"), required=False, max_length=300)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.all())
    secretariat_role = forms.ChoiceField(
        label=_("Role of the WCO Secretariat"), choices=SecretariatRole.choices
    )
    venue_city = forms.CharField(label=_("Venue: city"), required=False, max_length=120)
    venue_country = forms.CharField(label=_("Venue: country"), required=False, max_length=120)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Organisation.objects.all(), required=False
    )
    funders = forms.ModelMultipleChoiceField(
        label=_("Funders"), queryset=Organisation.objects.all(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Member administrations represented"),
        queryset=Member.objects.filter(active=True),
        required=False,
    )
    member_count = forms.IntegerField(
        label=_("Number of Member administrations"), min_value=0, required=False
    )
    participants_qualifier = forms.ChoiceField(
        label=_("Participants (qualifier)"), choices=CountQualifier.choices
    )
    participants_value = forms.IntegerField(label=_("Participants (number)"), min_value=0, required=False)
    participants_noun_en = forms.CharField(
        label=_("Participants are (English, e.g. experts)"), required=False
    )
    participants_noun_fr = forms.CharField(label=_("Participants are (French)"), required=False)
    participants_wording = forms.CharField(
        label=_("Participants as originally reported"), required=False, max_length=500
    )
    participant_groups = forms.MultipleChoiceField(
        label=_("Other participant groups"),
        required=False,
        choices=ParticipantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    participant_groups_note = forms.CharField(
        label=_("Note on participant groups"), required=False, max_length=300
    )
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards addressed"), required=False, queryset=Standard.objects.select_related("edition")
    )
    whole_framework = forms.BooleanField(
        label=_("Addresses the Framework of Standards as a whole"), required=False
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SpeakerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    new_organisation = forms.CharField(label=_("…or a new organisation (English name)"), required=False)
    person = forms.CharField(label=_("Speaker (optional)"), required=False, max_length=200)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("new_organisation") or "").strip():
            raise forms.ValidationError(_("Choose an organisation or name a new one."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File (PDF, Word, Excel, PowerPoint, PNG, JPEG)"))


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.all())
    start_date = forms.DateField(label=_("From"), widget=_DATE)
    end_date = forms.DateField(label=_("To"), widget=_DATE)
    role = forms.CharField(label=_("Role"), required=False, max_length=100)


class ActionDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=_DATE)


class OrganisationForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    status = forms.ChoiceField(label=_("Accreditation"), choices=AccreditationStatus.choices)
    profile = forms.ChoiceField(label=_("Profile"), choices=ExpertProfile.choices)
    languages = forms.CharField(label=_("Languages (two-letter codes, comma-separated)"), max_length=100)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    administration = forms.ModelChoiceField(
        label=_("Administration"), queryset=Member.objects.filter(active=True), required=False
    )
    accredited_on = forms.DateField(label=_("Accredited on"), required=False, widget=_DATE)
    availability_note = forms.CharField(label=_("Availability"), required=False, max_length=300)
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards covered"),
        required=False,
        queryset=Standard.objects.select_related("edition").order_by("-edition__year", "number"),
        help_text=_("Missions on these standards suggest this expert."),
    )

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].split(",") if code.strip()]


class AvailabilityForm(forms.Form):
    available = forms.BooleanField(label=_("Available for missions"), required=False)
    availability_note = forms.CharField(label=_("Availability"), required=False, max_length=300)


class AbsenceForm(forms.Form):
    start_date = forms.DateField(label=_("Not available from"), widget=_DATE)
    end_date = forms.DateField(label=_("to"), widget=_DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class FreeExpertsForm(forms.Form):
    """The roster filtered to the experts free for a mission's dates."""

    free_from = forms.DateField(label=_("Free from"), widget=_DATE, required=False)
    free_to = forms.DateField(label=_("to"), widget=_DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("free_from"), data.get("free_to")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both dates of the mission."))
        if start and end and end < start:
            raise forms.ValidationError(_("The end date cannot be before the start."))
        return data


def _current_standards() -> Any:
    """The standards of the latest edition of the Framework (what a new request addresses)."""
    from clearway.framework.models import Edition

    edition = Edition.objects.order_by("-year").first()
    return Standard.objects.filter(edition=edition).select_related("edition").order_by("number")


def _latest_catalogue() -> Any:
    from clearway.assessments.models import Catalogue

    return Catalogue.objects.order_by("-edition__year", "-version").first()


class RequestStandardsForm(forms.Form):
    """What a request addresses: standards of the current edition and, optionally, indicators of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from clearway.assessments.models import Indicator

        super().__init__(*args, **kwargs)
        standards = _current_standards()
        self.fields["standards"] = forms.ModelMultipleChoiceField(
            label=_("Standards addressed"),
            required=False,
            queryset=standards,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Proposed from the Member's weakest standards in its latest assessment."),
        )
        self.fields["indicators"] = forms.ModelMultipleChoiceField(
            label=_("Indicators addressed (optional)"),
            required=False,
            queryset=Indicator.objects.filter(catalogue=_latest_catalogue())
            .select_related("standard", "catalogue")
            .order_by("standard__number", "order"),
        )
