from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearway.core.exceptions import ClearwayError


class ClearwayErrorMiddleware:
    """Pages: a ClearwayError that escapes a view becomes a page with its status and translated message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, ClearwayError):
            return None
        return render(request, "core/error.html", {"error": exception}, status=exception.http_status)
