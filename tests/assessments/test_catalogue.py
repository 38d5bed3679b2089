"""The KPI catalogue as versioned data: coverage, validation errors naming file/line/field, mapping, reload."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from clearway.assessments.models import Catalogue, Indicator, IndicatorMapping
from clearway.assessments.reference import (
    CATALOGUE_DIR,
    LoadSummary,
    catalogue_check,
    mapping_load,
    reference_load,
)
from clearway.assessments.selectors import indicator_list_with_measure
from clearway.core.exceptions import ValidationFailed
from clearway.framework.models import Standard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["clearway-2022-v1", "clearway-2022-v2"])
def test_every_standard_of_2022_has_indicators_in_both_languages(code: str) -> None:
    catalogue = Catalogue.objects.get(code=code)
    assert catalogue.clearway_own is True
    covered = set(Indicator.objects.filter(catalogue=catalogue).values_list("standard__key", flat=True))
    assert covered == set(Standard.objects.filter(edition__code="2022").values_list("key", flat=True))
    assert len(covered) == 16
    for indicator in Indicator.objects.filter(catalogue=catalogue):
        assert indicator.text_en and indicator.text_fr and indicator.evidence_fr
        if indicator.kind == "maturity":
            assert all(indicator.stage_definition(s, "fr") for s in ("full", "partial", "pilot", "none"))


def test_measured_indicators_cover_the_quantitative_standards() -> None:
    catalogue = Catalogue.objects.get(code="clearway-2022-v2")
    measured = indicator_list_with_measure(catalogue=catalogue)
    numbers = {i.standard.number for i in measured}
    assert {1, 2, 3, 4, 5, 6, 7, 8, 14, 16} <= numbers
    expected = [i for i in measured if i.expected_measure]
    assert expected and all(i.kind == "maturity" for i in expected)
    law1 = next(i for i in expected if i.code == "LAW.1")
    assert law1.expected_measure == {
        "measure": "advance_data_share",
        "full": 0.9,
        "partial": 0.5,
        "pilot": 0.1,
    }
    assert all(i.kind == "numeric" for i in measured if i.measure)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _catalogue_text(code: str, indicator: str) -> str:
    source = (CATALOGUE_DIR / "clearway-2022-v1.yaml").read_text(encoding="utf-8")
    head, _sep, rest = source.partition("      - code: LAW.1\n")
    return (
        head.replace("code: clearway-2022-v1", f"code: {code}") + indicator + "      - code: LAW.1\n" + rest
    )


def test_validation_names_file_line_and_field(tmp_path: Path) -> None:
    bad = (
        "      - code: BAD.1\n"
        "        type: numeric\n"
        '        unit: "%"\n'
        "        direction: sideways\n"
        "        weight: -1\n"
        "        disclosure: everyone\n"
        "        measure: parcels_per_minute\n"
        '        text: {en: "Only English"}\n'
        '        evidence: {en: "x", fr: "y"}\n'
    )
    path = _write(tmp_path, "broken-v1", _catalogue_text("broken-v1", bad))
    first_line = path.read_text().splitlines().index("      - code: BAD.1") + 1
    with pytest.raises(ValidationFailed) as caught:
        catalogue_check(path)
    message = str(caught.value)
    assert f"broken-v1.yaml line {first_line + 3}: standards[0].indicators[0].direction" in message
    assert (
        f"broken-v1.yaml line {first_line + 4}: standards[0].indicators[0].weight: must be a number above 0"
        in message
    )
    assert f"line {first_line + 5}: standards[0].indicators[0].disclosure" in message
    assert "'parcels_per_minute' is not a shipment KPI" in message
    assert (
        f"line {first_line + 7}: standards[0].indicators[0].text: needs non-empty 'en' and 'fr' text"
        in message
    )


def test_validation_requires_every_standard_and_unique_codes(tmp_path: Path) -> None:
    text = _catalogue_text("gappy-v1", "")
    start = text.index("  - standard: data-quality")
    text = text[:start] + text[start:].replace("code: DQ.2", "code: DQ.1")
    trimmed = text.replace("  - standard: measurement\n", "  - standard: data-quality\n", 1)
    path = _write(tmp_path, "gappy-v1", trimmed)
    with pytest.raises(ValidationFailed) as caught:
        catalogue_check(path)
    message = str(caught.value)
    assert "standard 'measurement' of edition 2022 has no indicators" in message
    assert "'data-quality' is listed twice" in message
    assert "'DQ.1' is used twice" in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "syntax-v1", "code: syntax-v1\nstandards:\n  - [unclosed\n")
    with pytest.raises(ValidationFailed, match=r"syntax-v1.yaml line \d+: not valid YAML"):
        catalogue_check(path)


def test_mapping_carries_splits_renames_and_drops() -> None:
    pairs = set(
        IndicatorMapping.objects.filter(source__catalogue__code="clearway-2022-v1").values_list(
            "source__code", "target__code"
        )
    )
    assert ("LAW.2", "LAW.2A") in pairs and ("LAW.2", "LAW.2B") in pairs
    assert ("MEA.1", "MEA.SYS") in pairs
    assert ("RM.1", "RM.1") in pairs
    assert not any(s == "FRD.3" for s, _t in pairs)
    assert not any(t == "DQ.4" for _s, t in pairs)  # new in v2: nothing to compare with


def test_mapping_refuses_an_unmapped_indicator_and_a_type_change(tmp_path: Path) -> None:
    path = tmp_path / "a--b.mapping.yaml"
    path.write_text(
        "from: clearway-2022-v1\nto: clearway-2022-v2\nsame_codes: true\n"
        "map:\n  - {from: LAW.2, to: [LAW.1]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        mapping_load(path, LoadSummary())
    message = str(caught.value)
    assert (
        "a--b.mapping.yaml line 5: map[0].to: LAW.2 (yes_no) and LAW.1 (maturity) are of different types"
        in message
    )
    assert "FRD.3 has no counterpart" in message


def test_reload_is_idempotent() -> None:
    before = list(Indicator.objects.order_by("pk").values_list("pk", "code", "weight"))
    mappings = list(IndicatorMapping.objects.order_by("pk").values_list("pk", flat=True))
    summary = reference_load()
    assert summary.created == 0 and summary.updated == 0 and summary.unchanged == 2
    assert list(Indicator.objects.order_by("pk").values_list("pk", "code", "weight")) == before
    assert list(IndicatorMapping.objects.order_by("pk").values_list("pk", flat=True)) == mappings


def test_answered_indicator_cannot_silently_disappear(
    tmp_path: Path, assessment_a: Any, focal_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearway.assessments import reference
    from clearway.assessments.services import answer_save

    answer_save(actor=focal_a, assessment=assessment_a, indicator_code="DQ.4", base_version=0, stage="full")
    text = (CATALOGUE_DIR / "clearway-2022-v2.yaml").read_text(encoding="utf-8")
    text = text[: text.index("      - code: DQ.4")]
    (tmp_path / "clearway-2022-v2.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(reference, "CATALOGUE_DIR", tmp_path)
    with pytest.raises(ValidationFailed, match="DQ.4 have answers and cannot be removed"):
        reference.catalogue_load(reference.catalogue_check(tmp_path / "clearway-2022-v2.yaml"), LoadSummary())
    assert Indicator.objects.filter(catalogue__code="clearway-2022-v2", code="DQ.4").exists()


def test_check_command_reports_file_line_and_field(tmp_path: Path) -> None:
    from django.core.management import call_command

    source = (CATALOGUE_DIR / "clearway-2022-v1.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "clearway-2022-v1.yaml"
    broken.write_text(source.replace("        weight: 2\n", "        weight: zero\n", 1), encoding="utf-8")
    line = broken.read_text().splitlines().index("        weight: zero") + 1
    with pytest.raises(ValidationFailed) as caught:
        call_command("catalogue_check", str(broken))
    assert (
        str(caught.value)
        == f"clearway-2022-v1.yaml line {line}: standards[0].indicators[0].weight: 'zero' is not a number"
    )
    out = io.StringIO()
    call_command("catalogue_check", str(CATALOGUE_DIR / "clearway-2022-v2.yaml"), stdout=out)
    assert "valid – clearway-2022-v2 v2, edition 2022, 49 indicators" in out.getvalue()
