from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from clearway.accounts.models import User
from clearway.core.exceptions import PermissionDenied


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a request behind login_required or API auth, typed as Clearway's User."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied()
    return user


def response_with_language(response: HttpResponse, language: str) -> HttpResponse:
    """Remember a person's language in the browser once they are signed in."""
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=settings.HTTPS)
    return response
