"""The demo reproduces the seed's facts exactly, is idempotent, and every page renders for each persona."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from clearway.capacity.demo import demo_load
from clearway.capacity.facts import activity_facts
from clearway.capacity.models import Activity, Expert, RequestStateChange, SupportRequest
from clearway.capacity.selectors import activity_list_for_period, regional_coverage, speaker_matrix
from clearway.core.models import AuditEvent

D = datetime.date


@pytest.fixture
def demo(db: Any) -> str:
    return demo_load()


def _by_region(viewer: Any, code: str) -> Any:
    return next(
        a
        for a in activity_list_for_period(viewer=viewer, start=D(2020, 1, 1), end=D(2022, 12, 31))
        if a.region and a.region.code == code and a.kind == "regional_workshop"
    )


def test_the_mena_and_eur_workshops_are_as_the_seed_reports(demo: str, secretariat: Any) -> None:
    with translation.override("en"):
        mena = activity_facts(_by_region(secretariat, "MENA"))
        eur = activity_facts(_by_region(secretariat, "EUR"))
    assert (mena.modality, mena.start_date, mena.end_date) == ("Online", D(2021, 9, 27), D(2021, 9, 30))
    assert mena.participants == "close to 100 experts" and mena.member_count == 15
    assert mena.participant_groups == ["Customs administrations", "Designated postal operators"]
    assert "designated postal operators from the MENA region" in mena.participants_wording
    assert (eur.modality, eur.start_date, eur.end_date) == ("Virtual", D(2022, 1, 24), D(2022, 1, 28))
    assert eur.participants == "nearly 100 experts" and eur.member_count == 37
    assert not mena.illustrative and not eur.illustrative
    assert {s.acronym or s.organisation for s in mena.speakers} == {"UPU", "GEA", "OECD", "Alibaba Group"}
    assert {s.acronym or s.organisation for s in eur.speakers} == {
        "UPU",
        "GEA",
        "OECD",
        "Alibaba Cainiao",
        "Amazon",
        "DHL",
    }


def test_the_speaker_matrix_flags_where_each_organisation_spoke(demo: str, secretariat: Any) -> None:
    workshops = [_by_region(secretariat, "MENA"), _by_region(secretariat, "EUR")]
    rows = {r.organisation.name_en: r.cells for r in speaker_matrix(activities=workshops)}
    assert rows["Universal Postal Union"] == [True, True]
    assert rows["Alibaba Group"] == [True, False]
    assert rows["DHL"] == [False, True]


def test_the_iadb_workshop_for_mercosur(demo: str, secretariat: Any) -> None:
    iadb = Activity.objects.get(organiser__acronym="IADB")
    assert (iadb.start_date, iadb.end_date, iadb.kind) == (D(2021, 12, 6), D(2021, 12, 10), "partner_event")
    assert iadb.secretariat_role == "contributed" and iadb.whole_framework and iadb.modality == "not_reported"
    assert iadb.audience_en == "The members of Mercosur" and not iadb.illustrative


def test_coverage_all_six_regions_by_the_eur_workshop_but_not_before(demo: str, secretariat: Any) -> None:
    assert regional_coverage(viewer=secretariat, until=D(2022, 3, 31)).all_regions_completed
    before = regional_coverage(viewer=secretariat, until=D(2022, 1, 1))
    assert not before.all_regions_completed and [r.code for r in before.missing] == ["EUR"]
    illustrative = {r.region.code for r in before.regions if r.illustrative_only}
    assert illustrative == {"AP", "ESA", "WCA", "AM"}


def test_the_demo_is_idempotent(demo: str) -> None:
    from clearway.capacity.models import ExpertAssignment

    assert ExpertAssignment.objects.filter(activity__illustrative=True).count() == 3
    assert not ExpertAssignment.objects.filter(activity__illustrative=False).exists()
    counts = (
        Activity.objects.count(),
        Expert.objects.count(),
        SupportRequest.objects.count(),
        RequestStateChange.objects.count(),
        AuditEvent.objects.count(),
    )
    assert "0 activities, 0 experts, 0 request states recorded" in demo_load()
    assert counts == (
        Activity.objects.count(),
        Expert.objects.count(),
        SupportRequest.objects.count(),
        RequestStateChange.objects.count(),
        AuditEvent.objects.count(),
    )


def test_kenya_resumes_once_its_assessment_is_submitted(
    demo: str, member_a: Any, submit_assessment: Any
) -> None:
    kenya = SupportRequest.objects.get(member=member_a)
    assert kenya.state == "intention_notified" and kenya.illustrative
    submit_assessment(member_a)
    demo_load()
    kenya.refresh_from_db()
    assert kenya.state == "under_review" and kenya.assessment is not None
    assert SupportRequest.objects.get(member__iso3="UGA").state == "declined"
    assert SupportRequest.objects.get(member__iso3="TZA").state == "under_review"


PAGES = [
    "/capacity/",
    "/capacity/?start=2021-07-01&end=2021-12-31&kind=regional_workshop",
    "/capacity/calendar/?month=2021-09",
    "/capacity/coverage/?end=2021-12-31",
    "/capacity/requests/",
    "/capacity/members/KEN/",
    "/members/KEN/",
    "/capacity/register.csv?start=2021-01-01",
    "/capacity/register.xlsx",
]


@pytest.mark.parametrize("persona", ["secretariat", "focal_a", "observer"])
def test_every_page_renders_for_each_persona(demo: str, persona: str, request: Any, client_for: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    mena = Activity.objects.get(region__code="MENA")
    page = client.get(f"/capacity/activities/{mena.pk}/").content.decode()
    assert "close to 100 experts" in page and "Alibaba Group" in page


def test_pages_in_french(demo: str, secretariat: Any, client_for: Any) -> None:
    client = client_for(secretariat)
    client.cookies["clearway_language"] = "fr"
    eur = Activity.objects.get(region__code="EUR")
    page = client.get(f"/capacity/activities/{eur.pk}/").content.decode()
    assert "presque 100 experts" in page and "Virtuel" in page
    coverage = client.get("/capacity/coverage/").content.decode()
    assert "toutes les régions" in coverage
    # months spelt out (three-letter French months such as "Mar" read as English)
    assert "(mars 2021)" in coverage and "(Mar 2021)" not in coverage
    facts = client.get(
        f"/capacity/activities/{Activity.objects.get(region__code='ESA').pk}/"
    ).content.decode()
    assert "Membres\u00a0: " in facts or "Membres : " in facts


def test_request_page_shows_met_and_missing_conditions(demo: str, secretariat: Any, client_for: Any) -> None:
    tanzania = SupportRequest.objects.get(member__iso3="TZA")
    page = client_for(secretariat).get(f"/capacity/requests/{tanzania.pk}/").content.decode()
    assert 'data-condition="assessment" data-met="no"' in page
    assert 'data-condition="official_request" data-met="yes"' in page
    assert "Illustrative data" in page


def test_experts_roster_is_for_the_secretariat_and_the_expert_themself(
    demo: str, secretariat: Any, focal_a: Any, client_for: Any
) -> None:
    assert "Amina Haddad" in client_for(secretariat).get("/capacity/experts/").content.decode()
    assert client_for(focal_a).get("/capacity/experts/").status_code == 403


def test_with_the_assessments_demo_kenya_is_eligible_and_tanzania_is_not(db: Any, secretariat: Any) -> None:
    """Integration with the assessments app's demo: the eligibility signal decides, not capacity's own data."""
    from clearway.accounts.demo import demo_load as accounts_demo
    from clearway.assessments.demo import demo_load as assessments_demo
    from clearway.capacity.services import request_transition
    from clearway.core.exceptions import InvalidTransition

    accounts_demo()
    assessments_demo()
    demo_load()
    kenya = SupportRequest.objects.get(member__iso3="KEN")
    tanzania = SupportRequest.objects.get(member__iso3="TZA")
    assert kenya.state == "under_review" and kenya.assessment is not None
    assert request_transition(request=kenya, to_state="approved", actor=secretariat).state == "approved"
    with pytest.raises(InvalidTransition, match="Assessment following the KPIs"):
        request_transition(request=tanzania, to_state="approved", actor=secretariat)
