"""The apps import down the layers only (the import-linter contracts in pyproject.toml): core knows no app,
accounts, members and framework know no domain app, no domain app reaches up into reports, and members know no
accounts. Imports inside functions count as much as those at the top of a module."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def test_the_contracts_name_the_layers_from_core_up_to_reports() -> None:
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    assert isinstance(layers, list)
    assert layers[0] == "clearway.reports" and layers[-1] == "clearway.core"
    assert set(layers[-2].split(" : ")) == {"clearway.accounts", "clearway.members", "clearway.framework"}
    domain = {"assessments", "capacity", "surveys", "aeo", "shipments", "notifications"}
    assert set(layers[1].split(" : ")) == {f"clearway.{app}" for app in domain}


def test_the_apps_import_down_the_layers_only() -> None:
    lint_imports = os.path.join(os.path.dirname(sys.executable), "lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
