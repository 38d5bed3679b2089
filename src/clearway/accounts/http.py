from __future__ import annotations

from django.http import HttpRequest

from clearway.accounts.models import User
from clearway.core.exceptions import PermissionDenied


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a request behind login_required or API auth, typed as Clearway's User."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied()
    return user
