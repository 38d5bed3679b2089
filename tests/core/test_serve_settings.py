"""`clearway serve`: e-mail links name the port it serves; gunicorn's control socket stays in the data folder."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from clearway.core.management.commands.serve import base_url_for, gunicorn_options


def test_email_links_follow_the_port_served_unless_the_base_url_is_set(monkeypatch: Any) -> None:
    monkeypatch.delenv("CLEARWAY_BASE_URL", raising=False)
    assert base_url_for(host="127.0.0.1", port=8123) == "http://127.0.0.1:8123"
    assert base_url_for(host="0.0.0.0", port=9000) == "http://127.0.0.1:9000"
    monkeypatch.setenv("CLEARWAY_BASE_URL", "https://clearway.example.org")
    monkeypatch.setattr(settings, "CLEARWAY_BASE_URL", "https://clearway.example.org")
    assert base_url_for(host="127.0.0.1", port=8123) == "https://clearway.example.org"


def test_gunicorn_keeps_its_control_socket_in_the_data_folder(tmp_path: Any, monkeypatch: Any) -> None:
    gunicorn_config = pytest.importorskip("gunicorn.config")
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    options = gunicorn_options(bind="127.0.0.1:8123", workers=2, threads=4)
    config = gunicorn_config.Config()
    for name, value in options.items():
        if name in config.settings:
            config.set(name, value)
    if "control_socket" in config.settings:
        assert config.control_socket == str(tmp_path / "gunicorn.ctl")


@pytest.mark.django_db(transaction=True)
def test_a_connection_kept_alive_survives_a_pause_between_requests(tmp_path: Any) -> None:
    """Browsers and proxies reuse a connection after a pause: the server must not close it under them after two
    seconds (gunicorn's default), which under load made requests fail with "connection closed without response"."""
    import http.client
    import os
    import subprocess
    import sys
    import time

    from tests.served import free_port, served_database_url

    port = free_port()
    env = {**os.environ, "CLEARWAY_DATABASE_URL": served_database_url(), "CLEARWAY_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "clearway", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                kept.request("GET", "/api/health")
                first = kept.getresponse()
                first.read()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert first.status == 200
        time.sleep(4)  # a reader pausing on a page; gunicorn's default keep-alive is 2 seconds
        kept.request("GET", "/api/health")
        again = kept.getresponse()
        assert again.status == 200 and again.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
