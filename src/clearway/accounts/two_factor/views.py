"""Two-factor sign-in's pages: the code asked after the password, enrolment and its backup codes, turning it
off, and the Secretariat administrators' list of who has it (with a reset for a lost phone)."""

from __future__ import annotations

import base64
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from clearway.accounts.http import request_user, response_with_language
from clearway.accounts.models import User
from clearway.accounts.two_factor import selectors, services
from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.core.throttling import client_address

PENDING_KEY = "clearway_two_factor_pending"
ENROL_KEY = "clearway_two_factor_key"
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("The six digits the app shows for Clearway once you have added it."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResetForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False)


# ---------------------------------------------------------------- the code after the password


def sign_in_code_ask(request: HttpRequest, *, user: User, next_url: str) -> HttpResponseRedirect:
    """The password was right and the person has two-factor sign-in on: remember who for a few minutes, without
    signing them in, and ask the code."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "next": next_url,
        "at": time.time(),
    }
    return redirect("accounts:two_factor_sign_in")


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, pending) if user is not None else None


@never_cache
def sign_in_code(request: HttpRequest) -> HttpResponse:
    found = _pending_user(request)
    if found is None:
        if request.session.pop(PENDING_KEY, None) is not None:
            messages.warning(request, _("Sign in again: the code was not given within five minutes."))
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.two_factor_verify(
            user=user, code=form.cleaned_data["code"], address=client_address(request)
        )
        if check.device is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, check.device)
            translation.activate(user.preferred_language)
            return response_with_language(redirect(pending["next"]), user.preferred_language)
        form.add_error("code", _code_refusal(check))
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor_sign_in.html", {"form": form}, status=status)


def _code_refusal(check: services.CodeCheck) -> str:
    if check.locked_until is not None:
        return _("Too many wrong codes in a row: try again after %(time)s.") % {
            "time": formats.time_format(timezone.localtime(check.locked_until), "TIME_FORMAT")
        }
    return _("This code is not right, or was already used. Try the next code your app shows.")


# ---------------------------------------------------------------- enrolment and the person's own settings


def _qr_code(data: str) -> str:
    """The enrolment link as an SVG QR code drawn here (no outside service sees the secret), as a data: URL."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def _backup_codes_page(request: HttpRequest, codes: list[str], message: str) -> HttpResponse:
    """Backup codes are shown once, on the answer to the form that made them; only their use is recorded."""
    messages.success(request, message)
    return render(request, "accounts/two_factor_backup_codes.html", {"codes": codes})


def _enrol(request: HttpRequest, user: User) -> HttpResponse:
    key = request.session.get(ENROL_KEY) or services.two_factor_key_new()
    request.session[ENROL_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            for error in exc.field_errors.get("code", [str(exc.message)]):
                form.add_error("code", str(error))
        else:
            request.session.pop(ENROL_KEY, None)
            otp_login(request, device)
            return _backup_codes_page(request, codes, _("Two-factor sign-in is on."))
    context = {
        "form": form,
        "qr_code": _qr_code(services.two_factor_config_url(user=user, key=key)),
        "secret": services.two_factor_secret_text(key=key),
        "required": selectors.two_factor_required(user=user),
    }
    return render(request, "accounts/two_factor_enrol.html", context, status=400 if form.errors else 200)


def _manage(request: HttpRequest, user: User) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        try:
            if request.POST.get("action") == "renew":
                codes = services.two_factor_backup_codes_renew(user=user, password=password)
                return _backup_codes_page(
                    request, codes, _("New backup codes were made; the old ones no longer work.")
                )
            services.two_factor_disable(actor=user, user=user, password=password)
        except ValidationFailed as exc:
            for error in exc.field_errors.get("password", [str(exc.message)]):
                form.add_error("password", str(error))
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("accounts:two_factor")
    context = {
        "form": form,
        "device": selectors.two_factor_device(user=user),
        "backup_codes_left": selectors.two_factor_backup_codes_left(user=user),
        "required": selectors.two_factor_required(user=user),
    }
    return render(request, "accounts/two_factor_manage.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (QR code, secret, first code), or see it and turn it off."""
    if not selectors.two_factor_offered():
        raise NotFound()
    user = request_user(request)
    if selectors.two_factor_enrolled(user=user):
        return _manage(request, user)
    return _enrol(request, user)


# ---------------------------------------------------------------- Secretariat administrators


@login_required
def two_factor_people(request: HttpRequest) -> HttpResponse:
    if not selectors.two_factor_offered():
        raise NotFound()
    people = selectors.two_factor_people_list(viewer=request_user(request))
    return render(request, "accounts/two_factor_people.html", {"people": people, "form": ResetForm()})


@login_required
@require_POST
def two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponseRedirect:
    """Turn off another person's two-factor sign-in (a lost phone and lost backup codes)."""
    actor = request_user(request)
    person = selectors.two_factor_people_list(viewer=actor).filter(pk=user_id).first()
    if person is None:
        raise NotFound()
    form = ResetForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.two_factor_disable(actor=actor, user=person, reason=reason)
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Two-factor sign-in of %(name)s is off; they can turn it on again.")
            % {"name": person.display_name},
        )
    return redirect("accounts:two_factor_people")
