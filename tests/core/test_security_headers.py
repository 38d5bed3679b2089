"""Headers and production settings (issue 30, finding 8): a Content-Security-Policy without inline scripts or
styles, a Permissions-Policy, and a production start that does not accept `Host: testserver`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.test import Client

SECRET = "x" * 50


def test_pages_and_the_api_send_a_content_security_policy_without_inline_code(
    client_for: Any, secretariat: Any, anon_client: Client
) -> None:
    for client, url in (
        (anon_client, "/accounts/login/"),
        (client_for(secretariat), "/"),
        (anon_client, "/api/health"),
    ):
        response = client.get(url)
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert (
            "camera=()" in response["Permissions-Policy"]
            and "geolocation=()" in response["Permissions-Policy"]
        )


def test_no_template_carries_an_inline_script_handler_or_style() -> None:
    """What the policy would refuse in a browser, found in the templates themselves."""
    root = Path(__file__).resolve().parents[2] / "src" / "clearway"
    inline = []
    for template in root.glob("*/templates/**/*.html"):
        if "/export/" in str(template) or "/email/" in str(template):
            continue  # documents rendered to PDF or DOCX and e-mails, never served as pages
        text = template.read_text(encoding="utf-8")
        for pattern in (
            "<script>",
            "<style",
            ' style="',
            " onclick=",
            " onchange=",
            " onsubmit=",
            "javascript:",
        ):
            if pattern in text:
                inline.append((str(template.relative_to(root)), pattern))
    assert inline == []


def _check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    environment = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path), **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment["DJANGO_SETTINGS_MODULE"] = "clearway.settings"
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)


def test_production_does_not_accept_the_test_clients_host_name(tmp_path: Path) -> None:
    production = {"CLEARWAY_ENV": "production", "CLEARWAY_SECRET_KEY": SECRET}
    assert "testserver" not in _check(production, tmp_path).stdout
    assert "testserver" in _check({"CLEARWAY_ENV": "development"}, tmp_path).stdout
    refused = _check({**production, "CLEARWAY_ALLOWED_HOSTS": "clearway.example.org,testserver"}, tmp_path)
    assert refused.returncode != 0 and "must not name testserver" in refused.stderr
