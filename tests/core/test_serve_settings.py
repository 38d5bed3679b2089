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
