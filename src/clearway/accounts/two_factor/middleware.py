"""Two-factor sign-in enforced on every request, whatever door the session came in by (the sign-in page, a
password link, the administration site's own sign-in)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from clearway.accounts.models import User
from clearway.accounts.two_factor.selectors import (
    two_factor_enrolled,
    two_factor_offered,
    two_factor_required,
)
from clearway.core.exceptions import PermissionDenied

# What a person who must enrol may still reach: the enrolment page itself, signing out, the language buttons.
_OPEN_TO_THE_UNENROLLED = ("accounts:two_factor", "accounts:logout", "accounts:language", "set_language")


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a session of a person who has two-factor sign-in on but gave no code in
    it is signed out; a Secretariat administrator required to use it and not enrolled is sent to enrol before
    anything else (the API answers 403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not two_factor_offered() or not isinstance(user, User) or not user.is_authenticated:
            return None
        if getattr(user, "otp_device", None) is not None:
            return None  # this session gave a code
        api = request.path_info.startswith("/api/")
        if two_factor_enrolled(user=user):
            logout(request)
            if api:
                return JsonResponse({"error": "Unauthenticated", "message": _("Sign in again.")}, status=401)
            messages.warning(
                request, _("Two-factor sign-in is on for your account: sign in again with a code.")
            )
            return redirect_to_login(request.get_full_path())
        if not two_factor_required(user=user) or request.path_info in _open_paths():
            return None
        refusal = PermissionDenied(
            _("Two-factor sign-in is required for your account: turn it on before anything else.")
        )
        if api:
            return JsonResponse(refusal.as_dict(), status=refusal.http_status)
        return redirect("accounts:two_factor")  # the page says why


def _open_paths() -> set[str]:
    return {reverse(name) for name in _OPEN_TO_THE_UNENROLLED}
