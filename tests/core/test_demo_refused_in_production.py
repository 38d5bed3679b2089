"""Demo data (an `admin` superuser with a published password) is refused unless the environment is development
or test, by the command a user runs and by the loader other code calls."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clearway.accounts.models import User
from clearway.core.demo_scale import SCALES, demo_data_load
from clearway.core.exceptions import PermissionDenied

CLEARWAY = str(Path(sys.executable).parent / "clearway")


def _run(args: list[str], data_dir: Path, environment_name: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CLEARWAY_DATA_DIR": str(data_dir),
        "CLEARWAY_ENV": environment_name,
        "CLEARWAY_SECRET_KEY": "a-production-secret-key-long-enough-to-be-accepted-0123456789",
        "CLEARWAY_ALLOWED_HOSTS": "clearway.example",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("CLEARWAY_DATABASE_URL", None)
    return subprocess.run([CLEARWAY, *args], env=environment, capture_output=True, text=True, timeout=300)


def test_demo_load_in_production_exits_with_a_message_and_creates_no_account(tmp_path: Path) -> None:
    assert _run(["migrate", "--no-input"], tmp_path, "production").returncode == 0
    result = _run(["demo", "load"], tmp_path, "production")
    assert result.returncode != 0
    assert "CLEARWAY_ENV is production" in result.stderr and "Traceback" not in result.stderr
    check = _run(["shell", "-c", "from clearway.accounts.models import User; print(User.objects.count())"],
                 tmp_path, "production")  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "0", check.stderr


@pytest.mark.django_db
def test_the_scale_loader_refuses_production(settings: Any) -> None:
    settings.ENVIRONMENT = "production"
    with pytest.raises(PermissionDenied, match="CLEARWAY_ENV is production"):
        demo_data_load(scale=SCALES["small"])
    assert not User.objects.filter(username="admin").exists()
