from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from clearway.core.exceptions import ClearwayError, ValidationFailed


class PermissionsPolicyMiddleware:
    """Every response says which browser features the page may use (settings.PERMISSIONS_POLICY: none)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ClearwayErrorMiddleware:
    """Pages: a ClearwayError that escapes a view becomes a page with its status and translated message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            return _database_unavailable(request)
        if isinstance(exception, OverflowError | DataError) and not request.path.startswith("/api/"):
            # A value the database cannot hold (a number too large) that no form caught: the reader's mistake.
            exception = ValidationFailed(_("A value is out of the range the database can hold."))
        if request.path.startswith("/api/") or not isinstance(exception, ClearwayError):
            return None
        return render(request, "core/error.html", {"error": exception}, status=exception.http_status)


def _database_unavailable(request: HttpRequest) -> HttpResponse:
    """The database did not answer (a PostgreSQL restart): 503 with a page that needs no database and retries,
    instead of a server error; the next request reconnects (connections are health-checked)."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The database is briefly unavailable; try again in a few seconds.")}, status=503
        )
    else:
        response = render(request, "core/unavailable.html", status=503)
    response["Retry-After"] = "5"
    return response
