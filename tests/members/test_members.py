from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.members import reference
from clearway.members.models import Member
from clearway.members.selectors import member_get, member_list


def test_all_members_of_the_reference_file_are_loaded_by_region(db: Any) -> None:
    assert Member.objects.filter(active=True).count() == 187
    by_region = Counter(Member.objects.values_list("region__code", flat=True))
    assert by_region == {"EUR": 53, "AP": 35, "AM": 33, "ESA": 24, "WCA": 24, "MENA": 18}
    kinds = Counter(Member.objects.values_list("kind", flat=True))
    assert kinds == {"member": 182, "customs_territory": 4, "union": 1}


def test_names_are_in_english_and_french_and_iso_codes_are_checked(db: Any) -> None:
    germany = Member.objects.get(iso3="DEU")
    assert (germany.name_en, germany.name_fr, germany.iso2) == ("Germany", "Allemagne", "DE")
    assert Member.objects.get(iso3="EUU").name_fr == "Union européenne"


def test_notes_are_kept_and_flag_the_member_as_unconfirmed(db: Any) -> None:
    kosovo = Member.objects.get(iso3="XKX")
    assert kosovo.unconfirmed and "disputed" in kosovo.notes
    assert not Member.objects.get(iso3="KEN").unconfirmed


def test_a_bad_members_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "iso3,name,region,kind,notes\nKEN,Kenya,ESA,member,\nXYZ,Nowhere,ESA,member,\nKEN,Kenya,ESA,planet,\n"
    )
    with pytest.raises(ValidationFailed) as error:
        reference.member_rows_read(path)
    text = str(error.value.message)
    assert "members.csv line 3: XYZ is not an ISO 3166-1 alpha-3 code" in text
    assert "members.csv line 4: duplicate code KEN" in text
    assert "members.csv line 4: kind 'planet' is not one of" in text


def test_a_row_removed_from_the_file_is_deactivated_not_deleted(db: Any, tmp_path: Path) -> None:
    original = reference.MEMBERS_CSV.read_text(encoding="utf-8").splitlines()
    shorter = tmp_path / "wco_members.csv"
    shorter.write_text(
        "\n".join(line for line in original if not line.startswith("VCT,")) + "\n", encoding="utf-8"
    )
    summary = reference.reference_load(members_csv=shorter)
    assert summary.deactivated == 1
    assert Member.objects.filter(iso3="VCT", active=False).exists()
    assert reference.reference_load().updated == 1  # restored by the full file
    assert Member.objects.get(iso3="VCT").active


def test_directory_filters_by_region_and_searches_name_or_code(observer: Any) -> None:
    assert [m.iso3 for m in member_list(viewer=observer, query="ken")] == ["KEN"]
    assert [m.iso3 for m in member_list(viewer=observer, query="FRA")] == ["FRA"]
    assert member_list(viewer=observer, region="mena").count() == 18
    assert {m.iso3 for m in member_list(viewer=observer, query="Allemagne")} == {"DEU"}


def test_anonymous_visitors_see_no_member(anon_client: Any, db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert member_list(viewer=AnonymousUser()).count() == 0
    with pytest.raises(NotFound):
        member_get(viewer=AnonymousUser(), iso3="KEN")
    assert anon_client.get("/members/").status_code == 302


def test_member_page_shows_people_only_to_that_member_and_the_secretariat(
    client_for: Any, focal_a: Any, focal_b: Any, secretariat: Any, contributor_a: Any
) -> None:
    assert "contrib-a" in client_for(focal_a).get("/members/KEN/").content.decode()
    assert "contrib-a" in client_for(secretariat).get("/members/KEN/").content.decode()
    page_b = client_for(focal_b).get("/members/KEN/").content.decode()
    assert "Kenya" in page_b and "contrib-a" not in page_b


def test_directory_page_shows_unconfirmed_notes(client_for: Any, observer: Any) -> None:
    page = client_for(observer).get("/members/?region=EUR").content.decode()
    assert "Kosovo" in page and "disputed" in page
