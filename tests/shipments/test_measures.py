"""One list of shipment measures: what the KPIs compute is what a catalogue may name, what pages label, what an
indicator in another currency refuses and what docs/shipments.md lists."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import translation

from clearway.assessments.reference import CATALOGUE_DIR, SHIPMENT_MEASURES, catalogue_check
from clearway.shipments import measures
from clearway.shipments.services import measure_unusable_reason
from clearway.shipments.templatetags.shipment_tags import measure_label

DOCS = Path(__file__).resolve().parents[2] / "docs" / "shipments.md"


def _indicator(code: str, measure: str) -> str:
    return (
        f"      - code: {code}\n"
        "        type: numeric\n"
        '        unit: "%"\n'
        "        direction: higher\n"
        f"        measure: {measure}\n"
        "        weight: 1\n"
        "        disclosure: members\n"
        '        text: {en: "A measured share.", fr: "Une part mesurée."}\n'
        '        evidence: {en: "Shipment data.", fr: "Données des envois."}\n'
    )


def test_the_catalogue_loader_knows_exactly_the_measures_the_kpis_compute() -> None:
    assert set(SHIPMENT_MEASURES) == set(measures.MEASURES)
    assert len(measures.MEASURES) == len(set(measures.MEASURES))  # no key listed twice


@pytest.mark.django_db
def test_a_catalogue_indicator_may_take_any_measure_of_the_administrations(tmp_path: Path) -> None:
    source = (CATALOGUE_DIR / "clearway-2022-v1.yaml").read_text(encoding="utf-8")
    head, _sep, rest = source.partition("      - code: LAW.1\n")
    added = "".join(_indicator(f"NEW.{i}", m) for i, m in enumerate(measures.MEASURES_NEW, start=1))
    path = tmp_path / "measures-v1.yaml"
    path.write_text(
        head.replace("code: clearway-2022-v1", "code: measures-v1") + added + "      - code: LAW.1\n" + rest,
        encoding="utf-8",
    )
    spec = catalogue_check(path)  # raised "... is not a shipment KPI" for every measure added by issue 28
    named = {values["measure"] for _standard, values in spec.indicators}
    assert set(measures.MEASURES_NEW) <= named


@pytest.mark.parametrize("measure", sorted(measures.MONEY))
def test_no_amount_in_national_currency_goes_into_an_indicator_kept_in_dollars(measure: str) -> None:
    in_dollars = SimpleNamespace(unit="USD")
    assert measure_unusable_reason(measure=measure, indicator=in_dollars)
    assert not measure_unusable_reason(measure=measure, indicator=SimpleNamespace(unit="national currency"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_measure_has_a_label_in_both_languages(language: str) -> None:
    with translation.override(language):
        labels = {m: measure_label(m) for m in measures.MEASURES}
    assert all(label and label != m for m, label in labels.items())
    assert len(set(labels.values())) == len(labels)  # no two measures read alike


def _documented_keys() -> set[str]:
    """The keys the KPI tables of docs/shipments.md section 3 list, `a_{b,c}_d` spelt out."""
    section = DOCS.read_text(encoding="utf-8").split("## 3. KPI definitions", 1)[1].split("\n## 4.", 1)[0]
    keys: set[str] = set()
    for row in re.findall(r"^\| (`[^|]+) \|", section, flags=re.M):
        for key in re.findall(r"`([a-z0-9_{},]+)`", row):
            head, brace, tail = key.partition("{")
            if not brace:
                keys.add(key)
                continue
            options, _close, rest = tail.partition("}")
            keys.update(f"{head}{option}{rest}" for option in options.split(","))
    return keys


def test_the_documented_kpi_tables_list_every_measure_and_no_other() -> None:
    assert _documented_keys() == set(measures.MEASURES)


def test_the_documented_catalogue_indicators_are_those_the_catalogue_maps() -> None:
    """Where docs/shipments.md names the indicator that measures a key, the current catalogue maps that key."""
    source = (CATALOGUE_DIR / "clearway-2022-v2.yaml").read_text(encoding="utf-8")
    mapped: dict[str, set[str]] = {}
    for code, measure in re.findall(r"- code: (\S+)\n(?:        .*\n)*?        measure: (\S+)\n", source):
        mapped.setdefault(measure, set()).add(code)
    section = DOCS.read_text(encoding="utf-8").split("## 3. KPI definitions", 1)[1].split("\n## 4.", 1)[0]
    documented = dict(
        re.findall(r"^\| `([a-z0-9_]+)` \|.*\| measured by ([A-Z0-9.]+) \|$", section, flags=re.M)
    )
    assert documented == {m: code for m, codes in mapped.items() for code in codes}
