"""Forms of the core pages: the filters of the audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clearway.core.exceptions import ValidationFailed

_DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    """Who, what, about which Member, when: the choices are those found in the trail the viewer may see."""

    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    action = forms.ChoiceField(label=_("Action"), required=False)
    type = forms.ChoiceField(label=_("Object type"), required=False)
    member = forms.ChoiceField(label=_("Member"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)

    def __init__(self, *args: Any, choices: dict[str, list[str]], show_member: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["action"].choices = [("", _("All actions")), *((a, a) for a in choices["actions"])]
        fields["type"].choices = [("", _("All object types")), *((t, t) for t in choices["object_types"])]
        if show_member:
            fields["member"].choices = [("", _("All Members")), *((m, m) for m in choices["members"])]
        else:  # a Member's users see their own Member's events only
            del self.fields["member"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's filters; filters that are not valid are refused, never silently dropped."""
        if self.is_bound and not self.is_valid():
            raise ValidationFailed(
                _("The filters are not valid."),
                field_errors={k: [str(m) for m in v] for k, v in self.errors.items()},
            )
        data = self.cleaned_data if self.is_bound else {}
        return {
            "actor": data.get("actor") or None,
            "action": data.get("action") or None,
            "object_type": data.get("type") or None,
            "member": data.get("member") or None,
            "start": data.get("start"),
            "end": data.get("end"),
        }
