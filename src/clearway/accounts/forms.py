"""Forms of the contacts pages, the activation page and the password reset request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clearway.accounts.models import NotificationEmail
from clearway.accounts.roles import CONTACT_ROLES


def contact_role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(role.label)) for role in CONTACT_ROLES]


class ContactAddForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("Also the person's user name."))
    role = forms.ChoiceField(label=_("Role"), choices=contact_role_choices)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of their e-mails and pages"), choices=settings.LANGUAGES, initial="en"
    )
    invite = forms.BooleanField(
        label=_("Invite them to sign in (an e-mail with a link to set a password, valid 14 days)"),
        required=False,
        initial=True,
    )


class ContactRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=contact_role_choices)


class ContactDeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class PasswordSetForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, nor a common password, nor your name."),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your account"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NotificationEmailForm(forms.Form):
    notification_email = forms.ChoiceField(
        label=_("Notifications by e-mail"), choices=NotificationEmail.choices, widget=forms.RadioSelect
    )
