from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clearway.core.exceptions import ValidationFailed
from clearway.framework import reference
from clearway.framework.models import Edition, Principle, Standard
from clearway.framework.selectors import edition_diff, edition_get
from clearway.members.reference import LoadSummary


def test_both_editions_are_loaded_with_their_standards(db: Any) -> None:
    assert Principle.objects.count() == 8
    assert Standard.objects.filter(edition__code="2018").count() == 15
    assert Standard.objects.filter(edition__code="2022").count() == 16
    aeo = Standard.objects.get(edition__code="2022", key="aeo-ecommerce")
    assert (aeo.number, aeo.principle.roman, aeo.confirmed) == (6, "II", True)
    assert aeo.title_fr.startswith("Élargissement du concept d'OEA")


def test_unconfirmed_facts_are_flagged_in_the_data(db: Any) -> None:
    confirmed = set(
        Standard.objects.filter(edition__code="2022", confirmed=True).values_list("number", flat=True)
    )
    assert confirmed == {1, 2, 3, 4, 5, 6}
    assert not Standard.objects.get(edition__code="2022", key="data-quality").confirmed


def test_loading_twice_changes_nothing(db: Any) -> None:
    summary = reference.reference_load()
    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == 8 + 2 + 31


def test_the_2022_edition_adds_the_data_quality_standard(db: Any) -> None:
    changes = edition_diff(old=edition_get(code="2018"), new=edition_get(code="2022"))
    added = [c for c in changes if c.kind == "added"]
    assert [c.new.key for c in added if c.new] == ["data-quality"]
    assert all(c.kind == "unchanged" for c in changes if c.kind != "added")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "edition_bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: '9'\nyear: 2030\ntitle: {en: X, fr: X}\n", "edition_bad.yaml: missing field(s) standards"),
        (
            "code: '9'\nyear: 2030\ntitle: {en: X, fr: X}\nstandards:\n"
            "  - {number: 1, key: a, principle: 12, title: {en: A, fr: A}}\n",
            "edition_bad.yaml standard 1: principle 12 does not exist",
        ),
        (
            "code: '9'\nyear: 2030\ntitle: {en: X, fr: X}\nstandards:\n"
            "  - {number: 1, key: a, principle: 1, title: {en: A, fr: A}}\n"
            "  - {number: 1, key: b, principle: 1, title: {en: B, fr: B}}\n",
            "edition_bad.yaml standard 2: number 1 is used twice",
        ),
        (
            "code: '9'\nyear: 2030\ntitle: {en: X, fr: ''}\nstandards: []\n",
            "edition_bad.yaml: field title has no French text",
        ),
    ],
)
def test_a_bad_edition_file_is_refused_with_its_name_and_entry(
    db: Any, tmp_path: Path, text: str, message: str
) -> None:
    principles = {p.number: p for p in Principle.objects.all()}
    with pytest.raises(ValidationFailed) as error:
        reference.edition_load(_write(tmp_path, text), principles, LoadSummary())
    assert str(error.value.message) == message
    assert not Edition.objects.filter(code="9").exists()


def test_framework_pages_in_both_languages(client_for: Any, observer: Any) -> None:
    client = client_for(observer)
    page = client.get("/framework/2022/").content.decode()
    assert "Data quality" in page and "unconfirmed" in page
    client.cookies["clearway_language"] = "fr"
    page = client.get("/framework/2022/standards/6/").content.decode()
    assert "Norme 6\u00a0: Élargissement du concept d&#x27;OEA" in page
    diff = client.get("/framework/diff/?from=2018&to=2022").content.decode()
    assert "ajoutée" in diff and "Qualité des données" in diff
