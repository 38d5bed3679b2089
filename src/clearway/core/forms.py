"""Forms shared by the apps (filters with a day range) and those of the core pages (the audit trail's filters)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.core.exceptions import ClearwayError, ValidationFailed

_DATE = forms.DateInput(attrs={"type": "date"})


class ListSelect(forms.Select):
    """A select for long lists (every Member, every action): the options are written in one template loop
    instead of one template include each, which made a filter of 200 Members the slowest part of a page."""

    template_name = "core/widgets/select.html"


class DateRangeFilterForm(forms.Form):
    """Filters of a list or an export with a day range (`start`, `end`), read from the query string.

    `valid_data` gives the filters to pass on; filters that are not valid are refused with the reason of each
    field (ValidationFailed), never silently widened to everything.
    """

    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)
    invalid_message: Any = _("The filters are not valid.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def valid_data(self) -> dict[str, Any]:
        if self.is_bound and not self.is_valid():
            raise ValidationFailed(
                self.invalid_message,
                field_errors={k: [str(m) for m in v] for k, v in self.errors.items()},
            )
        return self.cleaned_data if self.is_bound else {}


class AuditFilterForm(DateRangeFilterForm):
    """Who, what, about which Member, when: the choices are those found in the trail the viewer may see."""

    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    action = forms.ChoiceField(widget=ListSelect, label=_("Action"), required=False)
    type = forms.ChoiceField(widget=ListSelect, label=_("Object type"), required=False)
    member = forms.ChoiceField(widget=ListSelect, label=_("Member"), required=False)
    field_order = ["actor", "action", "type", "member", "start", "end"]

    def __init__(
        self, *args: Any, choices: dict[str, list[tuple[str, str]]], show_member: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["action"].choices = [("", _("All actions")), *choices["actions"]]
        fields["type"].choices = [("", _("All object types")), *choices["object_types"]]
        if show_member:
            fields["member"].choices = [("", _("All Members")), *choices["members"]]
        else:  # a Member's users see their own Member's events only
            del self.fields["member"]

    def filters(self) -> dict[str, Any]:
        """The selector's filters."""
        data = self.valid_data()
        return {
            "actor": data.get("actor") or None,
            "action": data.get("action") or None,
            "object_type": data.get("type") or None,
            "member": data.get("member") or None,
            "start": data.get("start"),
            "end": data.get("end"),
        }


def form_int(value: str | None, *, field: str, default: int = 0) -> int:
    """A whole number posted or in a query string (`version=3`), `default` when absent; ValidationFailed (400,
    naming the field) when it is not a number a database column holds, instead of a server error."""
    if value in (None, ""):
        return default
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]{1,18}", text):
        raise ValidationFailed(field_errors={field: [str(_("Enter a whole number."))]})
    return int(text)


def form_errors_add(form: forms.BaseForm, error: ClearwayError) -> None:
    """Show a write the service refused on the form that asked for it: each message beside its field (above the
    form for a field the form does not have), or the error's message above the form."""
    for field, messages in error.field_errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, str(error.message))


def form_cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned values, or ValidationFailed with each field's messages: for views that report a refusal
    as a message and go back to the page (the answer form, the sign-off), like a service's refusal."""
    if not form.is_valid():
        raise ValidationFailed(
            field_errors={name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        )
    return form.cleaned_data
