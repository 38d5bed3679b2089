"""Sign-in throttling behind reverse proxies (django-axes): the client's address from a configured number of
trusted proxy hops, a lockout per user name and address together, and a limit per address across user names."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the nearest untrusted hop connected from. With N trusted proxies, the last N addresses of
    X-Forwarded-For plus REMOTE_ADDR are ours; what a client writes further left in the header is ignored."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops: int = settings.CLEARWAY_TRUSTED_PROXIES
    if hops == 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    candidate = chain[max(0, len(chain) - 1 - hops)]
    return candidate if _is_address(candidate) else remote


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class ThrottlingHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    """axes' database handler, plus a limit on failures from one address whatever the user names tried (one
    password tried across many accounts): reached, it counts as the user name and address limit."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return failures
        recent = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        )
        per_address = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if per_address >= settings.CLEARWAY_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, int(settings.AXES_FAILURE_LIMIT))
        return failures
