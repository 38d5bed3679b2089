"""A cycle is named in English and French: given by the secretariat, or the English name with its known words
translated; the API and search give the reader's name and both."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from clearway.assessments.models import Catalogue
from clearway.assessments.services import cycle_create, cycle_name_in_french

pytestmark = pytest.mark.django_db


def _cycle(secretariat: Any, member_a: Any, name: str, name_fr: str = "") -> Any:
    return cycle_create(
        actor=secretariat,
        name=name,
        name_fr=name_fr,
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 12, 31),
        members=[member_a],
    )


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Cycle 2026 (illustrative)", "Cycle 2026 (données d'illustration)"),
        ("Cycle 2027", "Cycle 2027"),
        ("Pilot (Illustrative) round", "Pilot (données d'illustration) round"),
    ],
)
def test_the_french_name_translates_the_known_words(english: str, french: str) -> None:
    assert cycle_name_in_french(english) == french


def test_a_cycle_reads_in_each_language_and_the_api_gives_both(
    secretariat: Any, member_a: Any, focal_a: Any, client_for: Any
) -> None:
    given = _cycle(secretariat, member_a, "2027 round", "Campagne 2027")
    derived = _cycle(secretariat, member_a, "Cycle 2028 (illustrative)")
    assert (given.name_en, given.name_fr) == ("2027 round", "Campagne 2027")
    assert derived.name_fr == "Cycle 2028 (données d'illustration)"
    with translation.override("fr"):
        assert given.name == "Campagne 2027" and str(derived.assessments.get()).endswith(derived.name_fr)
    with translation.override("en"):
        assert given.name == "2027 round"
    client = client_for(focal_a)
    client.cookies["clearway_language"] = "fr"
    listed = {c["id"]: c for c in client.get("/api/assessments/cycles").json()}
    assert listed[given.pk]["name"] == "Campagne 2027"
    assert (listed[given.pk]["name_en"], listed[given.pk]["name_fr"]) == ("2027 round", "Campagne 2027")
    found = client.get("/api/search?q=campagne").json()
    assert any("Campagne 2027" in str(hit) for hit in found)


def test_the_migration_gives_existing_cycles_their_french_name(secretariat: Any, member_a: Any) -> None:
    import importlib

    from django.apps import apps

    from clearway.assessments.models import AssessmentCycle

    migration = importlib.import_module("clearway.assessments.migrations.0005_cycle_name_in_each_language")
    old = _cycle(secretariat, member_a, "Cycle 2024 (illustrative)")
    plain = _cycle(secretariat, member_a, "Cycle 2025")
    _cycle(secretariat, member_a, "2026 round", "Campagne 2026")  # a French name given is kept
    AssessmentCycle.objects.filter(pk__in=[old.pk, plain.pk]).update(name_fr="")  # as before the migration
    migration.name_fr_fill(apps, None)
    names = dict(AssessmentCycle.objects.values_list("name_en", "name_fr"))
    assert names == {
        "Cycle 2024 (illustrative)": "Cycle 2024 (données d'illustration)",
        "Cycle 2025": "Cycle 2025",
        "2026 round": "Campagne 2026",
    }
