"""The two commands as a user runs them: real subprocesses, exit codes 0 / 2 / 1, deterministic output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import hand_rows, python_fresh, write_rows

CLEARWAY = str(Path(sys.executable).with_name("clearway"))


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path / "var"), "CLEARWAY_ENV": "test"}
    return subprocess.run([CLEARWAY, *args], capture_output=True, text=True, env=env, timeout=300)


def test_generate_then_compute_is_deterministic(tmp_path: Path) -> None:
    gen = _run(
        "shipments",
        "generate",
        "--rows",
        "3000",
        "--seed",
        "4",
        "--out",
        str(tmp_path / "s.parquet"),
        tmp_path=tmp_path,
    )
    assert gen.returncode == 0, gen.stderr
    assert "3000 rows" in gen.stdout
    outputs = []
    for name in ("a.json", "b.json"):
        done = _run(
            "kpis",
            "compute",
            "--input",
            str(tmp_path / "s.parquet"),
            "--out",
            str(tmp_path / name),
            tmp_path=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        assert "rows read" in done.stdout
        outputs.append(json.loads((tmp_path / name).read_text()))
    for result in outputs:
        del result["provenance"]["computed_at"], result["provenance"]["duration_seconds"]
        assert result["provenance"].pop("quarantine_file").endswith(".quarantine.parquet")
    assert outputs[0] == outputs[1]
    assert outputs[0]["provenance"]["rows_read"] == 3000
    assert outputs[0]["provenance"]["rows_quarantined"] > 0  # the generator injects contract breaches
    assert (tmp_path / "a.quarantine.parquet").exists()
    parquet = _run(
        "kpis",
        "compute",
        "--input",
        str(tmp_path / "s.parquet"),
        "--period",
        "quarter",
        "--out",
        str(tmp_path / "k.parquet"),
        tmp_path=tmp_path,
    )
    assert parquet.returncode == 0, parquet.stderr
    table = pq.read_table(tmp_path / "k.parquet")
    assert set(table.column("period").to_pylist()) == {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "all"}
    assert json.loads(table.schema.metadata[b"clearway"])["provenance"]["rows_read"] == 3000


def test_bad_input_exits_2_and_failure_exits_1(tmp_path: Path) -> None:
    (tmp_path / "semi.csv").write_text("shipment_id;channel\nA;postal\n")
    bad = _run(
        "kpis",
        "compute",
        "--input",
        str(tmp_path / "semi.csv"),
        "--out",
        str(tmp_path / "k.json"),
        tmp_path=tmp_path,
    )
    assert bad.returncode == 2 and "delimiter" in bad.stderr
    gen = _run(
        "shipments", "generate", "--rows", "200", "--out", str(tmp_path / "s.parquet"), tmp_path=tmp_path
    )
    assert gen.returncode == 0
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    failed = _run(
        "kpis",
        "compute",
        "--input",
        str(tmp_path / "s.parquet"),
        "--out",
        str(tmp_path / "blocker" / "k.json"),
        tmp_path=tmp_path,
    )
    assert failed.returncode == 1 and "Could not write" in failed.stderr
    assert not (tmp_path / "blocker" / "k.json").exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--de-minimis", "nan"),
        ("--de-minimis", "inf"),
        ("--de-minimis", "-1"),
        ("--de-minimis", "lots"),
        ("--min-operators", "0"),
    ],
)
def test_an_option_value_out_of_its_range_exits_2_before_any_work(
    tmp_path: Path, option: str, value: str
) -> None:
    write_rows(hand_rows(), tmp_path / "hand.parquet")
    done = _run(
        "kpis",
        "compute",
        "--input",
        str(tmp_path / "hand.parquet"),
        option,
        value,
        "--out",
        str(tmp_path / "k.json"),
        tmp_path=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "k.json").exists()


def test_a_quarantine_file_that_cannot_be_written_exits_1_naming_it(tmp_path: Path) -> None:
    write_rows(hand_rows(), tmp_path / "hand.parquet")  # five rows to quarantine
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    done = _run(
        "kpis",
        "compute",
        "--input",
        str(tmp_path / "hand.parquet"),
        "--quarantine",
        str(tmp_path / "blocker" / "q.csv"),
        "--out",
        str(tmp_path / "k.json"),
        tmp_path=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "Could not write" in done.stderr and "q.csv" in done.stderr
    assert "could not be read" not in done.stderr and "Traceback" not in done.stderr


def test_a_file_no_engine_can_parse_exits_2_in_one_sentence(tmp_path: Path) -> None:
    """A row with more fields than the header: refused while reading, naming the file, with no stack."""
    path = write_rows(hand_rows(), tmp_path / "rows.csv")
    path.write_text(path.read_text() + "X,Y," * 40 + "\n")
    done = _run("kpis", "compute", "--input", str(path), "--out", str(tmp_path / "k.json"), tmp_path=tmp_path)
    assert done.returncode == 2 and "rows.csv" in done.stderr
    assert "Traceback" not in done.stderr and "java" not in done.stderr.lower()


def test_starting_clearway_leaves_the_kpi_libraries_unloaded(tmp_path: Path) -> None:
    """Every command and web worker starts Django; only a KPI computation needs Ibis, sqlglot and pyarrow
    (about 0.8 s to import), so registering the background job handler must not import them."""
    script = (
        "import sys, django; django.setup()\n"
        "from clearway.core.jobs import job_kind_get\n"
        "heavy = sorted(m for m in ('ibis', 'sqlglot', 'pyarrow', 'duckdb') if m in sys.modules)\n"
        "print(job_kind_get('shipments.compute') is not None, ','.join(heavy) or '-')\n"
    )
    assert python_fresh(script, tmp_path).stdout.split() == ["True", "-"]


def test_the_data_commands_do_not_load_the_web_layer(tmp_path: Path) -> None:
    # Django's system checks would import every URL and API module (1.6 s a run); these commands need neither.
    script = f"""
import sys
from clearway.cli import main
out = {str(tmp_path / "s.parquet")!r}
assert main(["shipments", "generate", "--rows", "200", "--seed", "1", "--out", out]) == 0
assert main(["kpis", "compute", "--input", out, "--out", {str(tmp_path / "k.json")!r}]) == 0
print("web layer loaded:", "clearway.urls" in sys.modules, "clearway.api" in sys.modules, file=sys.stderr)
"""
    done = python_fresh(script, tmp_path)
    assert "web layer loaded: False False" in done.stderr
    assert json.loads((tmp_path / "k.json").read_text())["provenance"]["rows_read"] == 200


def test_the_commands_speak_the_language_of_the_shell_and_compute_the_same(tmp_path: Path) -> None:
    def run(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CLEARWAY_DATA_DIR": str(tmp_path / "var"), "CLEARWAY_ENV": "test"}
        for name in ("CLEARWAY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            env.pop(name, None)
        env["LANG"] = lang
        return subprocess.run([CLEARWAY, *args], capture_output=True, text=True, env=env, timeout=300)

    data = str(tmp_path / "s.parquet")
    gen = run("shipments", "generate", "--rows", "2000", "--seed", "3", "--out", data, lang="fr_FR.UTF-8")
    assert gen.returncode == 0, gen.stderr
    assert gen.stdout.startswith("2000 lignes dans 1 fichier(s)")
    results = {}
    for lang in ("en_GB.UTF-8", "fr_FR.UTF-8"):
        out = tmp_path / f"{lang[:2]}.json"
        done = run("kpis", "compute", "--input", data, "--out", str(out), lang=lang)
        assert done.returncode == 0, done.stderr
        results[lang[:2]] = json.loads(out.read_text())
        for result in results.values():
            result["provenance"].pop("computed_at", None), result["provenance"].pop("duration_seconds", None)
            result["provenance"].pop("quarantine_file", None)
        summary, table = done.stdout, " ".join(done.stderr.split())
        if lang.startswith("fr"):
            assert "2000 lignes lues" in summary and "en quarantaine" in summary
            # Labels and values as a French reader writes them; the result file's keys beside them.
            assert "Délai de mainlevée, médiane" in table and "release_time_median_hours" in table
            assert re.search(r"Taux d'inspection \S+ \d+,\d %", table), table  # 6,3\u202f%
        else:
            assert "2000 rows read" in summary
            assert re.search(r"Inspection rate \S+ \d+\.\d%", table), table
    # The language changes the words (the rules' explanations, kept in the language of the run; pages show them
    # in the reader's), never the figures or the keys.
    explained = {
        lang: [rule.pop("explanation") for rule in r["quality"]["rules"]] for lang, r in results.items()
    }
    assert "Le champ obligatoire operator_type est vide." in explained["fr"]
    assert "Required field operator_type is empty." in explained["en"]
    assert results["en"] == results["fr"]
    (tmp_path / "semi.csv").write_text("shipment_id;channel\nA;postal\n")
    bad = run("kpis", "compute", "--input", str(tmp_path / "semi.csv"), "--out", "k.json", lang="fr_FR.UTF-8")
    assert bad.returncode == 2
    assert "L'en-tête ne forme qu'une seule colonne" in bad.stderr
