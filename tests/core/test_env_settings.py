"""Settings come from environment variables parsed loudly: a bad value stops start-up with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clearway import env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("", False),
    ],
)
def test_booleans_accept_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("CLEARWAY_TEST_FLAG", raw)
    assert env.env_bool("CLEARWAY_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("function", "raw", "fragment"),
    [
        (
            lambda: env.env_bool("CLEARWAY_TEST_VALUE", False),
            "perhaps",
            "CLEARWAY_TEST_VALUE='perhaps' is not valid",
        ),
        (lambda: env.env_int("CLEARWAY_TEST_VALUE", 1, minimum=1), "many", "expected a whole number"),
        (lambda: env.env_int("CLEARWAY_TEST_VALUE", 1, minimum=1), "0", "must be at least 1"),
        (lambda: env.env_choice("CLEARWAY_TEST_VALUE", "a", ("a", "b")), "c", "choose from a, b"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, function, raw: str, fragment: str
) -> None:
    monkeypatch.setenv("CLEARWAY_TEST_VALUE", raw)
    with pytest.raises(ImproperlyConfigured, match=fragment):
        function()


def _start(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **extra_env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    clearway = os.path.join(os.path.dirname(sys.executable), "clearway")
    return subprocess.run([clearway, "check"], env=environment, capture_output=True, text=True, timeout=120)


def test_a_bad_setting_stops_start_up_with_a_clear_message(tmp_path) -> None:
    result = _start({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_LOGIN_FAILURE_LIMIT": "lots"})
    assert result.returncode == 2
    assert "CLEARWAY_LOGIN_FAILURE_LIMIT='lots' is not valid" in result.stderr


def test_production_refuses_the_development_secret(tmp_path) -> None:
    result = _start({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_ENV": "production"})
    assert result.returncode == 2
    assert "CLEARWAY_SECRET_KEY must be set" in result.stderr


def test_database_url_must_be_sqlite_or_postgres(tmp_path) -> None:
    result = _start({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode == 2
    assert "SQLite" in result.stderr and "PostgreSQL" in result.stderr


def test_a_bad_duckdb_memory_limit_stops_start_up(tmp_path) -> None:
    result = _start({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_DUCKDB_MEMORY_LIMIT": "lots"})
    assert result.returncode == 2
    assert "CLEARWAY_DUCKDB_MEMORY_LIMIT='lots' is not valid" in result.stderr


def test_every_setting_read_in_the_code_is_in_the_readme_table() -> None:
    source = Path(__file__).resolve().parents[2] / "src"
    names = {
        name
        for path in source.rglob("*")
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".sh", ".toml"}
        for name in re.findall(r"\bCLEARWAY_[A-Z0-9_]+", path.read_text(encoding="utf-8"))
    }
    readme = (source.parent / "README.md").read_text(encoding="utf-8")
    table = {
        name
        for line in readme.splitlines()
        if line.startswith("| ")
        for name in re.findall(r"`(CLEARWAY_[A-Z0-9_]+)`", line)
    }
    assert "CLEARWAY_DATABASE_URL" in names
    assert sorted(names - table) == []
