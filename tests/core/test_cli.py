"""The `clearway` command as a user runs it: a subprocess against its own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLEARWAY = str(Path(sys.executable).parent / "clearway")


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CLEARWAY_DATA_DIR": str(data_dir)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("CLEARWAY_DATABASE_URL", None)
    return subprocess.run([CLEARWAY, *args], env=environment, capture_output=True, text=True, timeout=300)


def test_help_lists_clearway_commands(tmp_path: Path) -> None:
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    assert "clearway reference load" in result.stdout and "clearway serve" in result.stdout


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(["frobnicate"], tmp_path)
    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr


def test_migrate_and_reference_load_are_idempotent(tmp_path: Path) -> None:
    assert _run(["migrate", "--no-input"], tmp_path).returncode == 0
    first = _run(["reference", "load"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "193 created" in first.stdout  # 6 regions + 187 Members
    second = _run(["reference", "load"], tmp_path)
    assert "0 created, 0 updated, 193 unchanged" in second.stdout
    assert (tmp_path / "clearway.sqlite3").exists()


def _python_stderr(code: str, data_dir: Path) -> str:
    """What a new Python process running `code` (a process of its own, as a command is) printed on stderr."""
    environment = {**os.environ, "CLEARWAY_DATA_DIR": str(data_dir)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _collector_after_main(argv: str, data_dir: Path) -> tuple[bool, int]:
    """The garbage collector's state in a process that ran `main` (as the console script does, or with argv)."""
    code = (
        "import gc, sys\n"
        "from clearway.cli import main\n"
        "sys.argv = ['clearway', 'help']\n"
        f"main({argv})\n"
        "print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)\n"
    )
    enabled, frozen = _python_stderr(code, data_dir).split()[-2:]
    return enabled == "True", int(frozen)


def test_a_command_freezes_what_its_start_up_created_and_collects_again_afterwards(tmp_path: Path) -> None:
    # From the shell: collection paused during start-up, then back on, the start-up's objects frozen.
    enabled, frozen = _collector_after_main("", tmp_path)
    assert enabled and frozen > 10_000
    # Called from Python with arguments: the caller's collector is left as it was.
    enabled, frozen = _collector_after_main("['help']", tmp_path)
    assert enabled and frozen == 0


def test_a_file_command_skips_the_system_checks_that_load_the_web_layer(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from clearway.cli import main\n"
        "assert main(['i18n', 'compile']) == 0\n"
        "print('web layer loaded:', 'clearway.urls' in sys.modules, file=sys.stderr)\n"
    )
    assert "web layer loaded: False" in _python_stderr(code, tmp_path)


def test_a_database_not_set_up_is_said_plainly_not_as_a_traceback(tmp_path: Path) -> None:
    catalogue = Path(__file__).parents[2] / "src/clearway/assessments/catalogues/clearway-2022-v2.yaml"
    result = _run(["catalogue", "check", str(catalogue)], tmp_path)  # a new data folder: no tables yet
    assert result.returncode == 1
    assert "the database is not set up" in result.stderr and "clearway migrate" in result.stderr
    assert "Traceback" not in result.stderr
