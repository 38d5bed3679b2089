"""The `clearway` command speaks the user's language: CLEARWAY_LANGUAGE, else the shell's locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clearway.cli import command_language

CLEARWAY = str(Path(sys.executable).with_name("clearway"))
SUPPORTED = ("en", "fr")


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "fr_BE@euro"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # a language Clearway does not speak: the default
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),  # LC_ALL overrides LANG
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LANGUAGE": "de:fr:en", "LANG": "en_US.UTF-8"}, "fr"),  # the first language spoken in the list
        ({"LANGUAGE": "fr", "LC_ALL": "C"}, "en"),  # as gettext: LANGUAGE ignored under the C locale
        ({"LANGUAGE": "fr", "LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "fr"}, "fr"),  # no locale variable at all: read, as Python's gettext does
        ({"CLEARWAY_LANGUAGE": "en", "LANG": "fr_FR.UTF-8"}, "en"),  # the setting wins over the locale
    ],
)
def test_the_language_comes_from_the_setting_then_the_locale(environ: dict[str, str], language: str) -> None:
    assert command_language(environ, SUPPORTED, "en") == language


def test_the_setting_is_the_default_where_the_locale_says_nothing() -> None:
    assert command_language({"CLEARWAY_LANGUAGE": "fr", "LANG": "en_US.UTF-8"}, SUPPORTED, "fr") == "fr"
    assert command_language({"LANG": "de_DE.UTF-8"}, SUPPORTED, "fr") == "fr"


def _run(args: list[str], tmp_path: Path, **language: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path / "var")}
    for name in ("CLEARWAY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "DJANGO_SETTINGS_MODULE"):
        environment.pop(name, None)
    environment.update(language)
    return subprocess.run([CLEARWAY, *args], env=environment, capture_output=True, text=True, timeout=120)


def test_a_french_locale_gets_french_usage_and_errors(tmp_path: Path) -> None:
    done = _run(["frobnicate"], tmp_path, LANG="fr_FR.UTF-8")
    assert done.returncode == 2
    assert "clearway: commande inconnue 'frobnicate'" in done.stderr
    assert "Commandes de Clearway\u00a0:" in done.stderr and "clearway kpis compute" in done.stderr
    english = _run(["frobnicate"], tmp_path, LANG="fr_FR.UTF-8", CLEARWAY_LANGUAGE="en")
    assert english.returncode == 2 and "clearway: unknown command 'frobnicate'" in english.stderr
    # The help of Clearway's own commands follows the language too.
    helped = _run(["kpis", "compute", "--help"], tmp_path, LANG="fr_FR.UTF-8")
    assert helped.returncode == 0
    assert "Calcule les ICP des envois" in " ".join(helped.stdout.split())
    assert "Un fichier .parquet ou .csv, ou un dossier de tels fichiers." in " ".join(helped.stdout.split())


def test_a_language_clearway_does_not_speak_is_refused_by_name(tmp_path: Path) -> None:
    done = _run(["kpis", "compute", "--help"], tmp_path, CLEARWAY_LANGUAGE="de")
    assert done.returncode == 2
    assert "CLEARWAY_LANGUAGE='de' is not valid: expected one of en, fr" in done.stderr


def test_demo_and_reference_loads_store_the_same_data_whatever_the_shells_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the loaders store (texts a service translates as it writes, say) must not follow the shell."""
    import io
    import types

    from django.core.management import call_command
    from django.utils import translation

    from clearway.core import demo_scale
    from clearway.core.management.commands import reference_load

    seen: list[str | None] = []

    def loader(**options: object) -> str:
        seen.append(translation.get_language())
        return "loaded"

    fake = types.SimpleNamespace(demo_load=loader, reference_load=loader)
    monkeypatch.setattr(demo_scale, "app_modules", lambda kind: [("fake", fake)])
    monkeypatch.setattr(reference_load, "app_modules", lambda kind: [("fake", fake)])
    with translation.override("fr"):
        call_command("demo_load", stdout=io.StringIO())
    assert seen == ["en", "en"]  # reference data, then demo data, in the default language


def test_a_terminal_that_cannot_show_french_characters_gets_near_equivalents_not_a_crash(
    tmp_path: Path,
) -> None:
    """A Latin-1 or ASCII terminal lacks the narrow no-break space of "73,4 %" (and ASCII the accents)."""
    import codecs

    from clearway import cli

    codecs.register_error("clearway_terminal", cli._terminal_substitute)  # as the command does
    assert "Délai «\u00a073,4\u202f%\u00a0» – fini…".encode("ascii", "clearway_terminal") == (
        b'Delai " 73,4 % " - fini...'
    )
    assert "73,4\u202f% réglé".encode("latin-1", "clearway_terminal") == "73,4 % réglé".encode("latin-1")
    (tmp_path / "semi.csv").write_text("shipment_id;channel\nA;postal\n")
    args = ["kpis", "compute", "--input", str(tmp_path / "semi.csv"), "--out", str(tmp_path / "k.json")]
    for encoding, expected in (
        ("ascii", "semi.csv : L'en-tete ne forme qu'une seule colonne"),
        (
            "latin-1",
            "semi.csv\u00a0: L'en-tête ne forme qu'une seule colonne",
        ),  # Latin-1 has the no-break space
    ):
        environment = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path / "var"), "PYTHONIOENCODING": encoding}
        for name in ("CLEARWAY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "DJANGO_SETTINGS_MODULE"):
            environment.pop(name, None)
        environment["LANG"] = "fr_FR.UTF-8"
        done = subprocess.run([CLEARWAY, *args], env=environment, capture_output=True, timeout=120)
        stderr = done.stderr.decode(encoding)
        assert done.returncode == 2, stderr  # the refusal, not a crash (exit 1) on the first character
        assert f"clearway: {expected}" in stderr
