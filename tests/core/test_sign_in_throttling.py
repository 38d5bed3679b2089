"""Sign-in throttling behind a reverse proxy: each client is told apart by its own address, a user name is locked
for one address only, and one address trying many user names is stopped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from clearway.core.throttling import client_address
from tests.conftest import PASSWORD

PROXY = "10.0.0.1"


@pytest.fixture
def throttled(settings: Any) -> Any:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.CLEARWAY_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.CLEARWAY_TRUSTED_PROXIES = 1
    return settings


def _sign_in(username: str, password: str, *, client_ip: str) -> int:
    """The status of a sign-in from `client_ip` through the proxy: 302 signed in, 200 refused, 429 locked."""
    response = Client().post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )
    return response.status_code


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no proxy trusted: the header is anyone's to write
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.66, 203.0.113.5", "203.0.113.5"),  # what the client wrote on the left is ignored
        (2, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "not-an-address", PROXY),
        (3, "203.0.113.5", "203.0.113.5"),  # fewer hops than configured: the farthest one known
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    settings: Any, hops: int, forwarded: str, expected: str
) -> None:
    settings.CLEARWAY_TRUSTED_PROXIES = hops
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_wrong_passwords_lock_one_user_at_one_address_not_everyone_behind_the_proxy(
    throttled: Any, make_user: Callable[..., Any]
) -> None:
    make_user("secretariat_staff", username="alice")
    make_user("secretariat_staff", username="bob")
    for _ in range(4):
        assert _sign_in("alice", "wrong", client_ip="203.0.113.5") == 200
    assert _sign_in("alice", "wrong", client_ip="203.0.113.5") == 429  # the fifth failure locks
    assert _sign_in("alice", PASSWORD, client_ip="203.0.113.5") == 429
    assert _sign_in("alice", PASSWORD, client_ip="203.0.113.9") == 302  # Alice elsewhere
    assert _sign_in("bob", PASSWORD, client_ip="198.51.100.7") == 302  # another user behind the same proxy


def test_one_password_tried_across_many_user_names_is_stopped(
    throttled: Any, make_user: Callable[..., Any]
) -> None:
    make_user("secretariat_staff", username="carol")
    for n in range(7):
        assert _sign_in(f"guess-{n}", "Summer2026!", client_ip="203.0.113.66") == 200
    assert _sign_in("guess-7", "Summer2026!", client_ip="203.0.113.66") == 429  # the eighth user name
    assert _sign_in("carol", PASSWORD, client_ip="203.0.113.66") == 429
    assert _sign_in("carol", PASSWORD, client_ip="203.0.113.67") == 302
