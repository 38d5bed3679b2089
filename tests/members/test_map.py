"""The programme on a world map (`/members/map/`): each measure per persona, scoped as the cycle and survey pages
are, Members too small to draw still in the table, English and French, drawn once and then served from the cache."""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from clearway.assessments.analytics import assessment_overall_for
from clearway.assessments.models import AssessmentStatus, Catalogue
from clearway.assessments.services import assessment_submit, cycle_create
from clearway.members import map as programme
from clearway.members.map import boundary_codes
from clearway.members.models import Member
from clearway.reports.programme_map import MapMeasure, programme_map
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.capacity.factories import activity_make
from tests.surveys import forms
from tests.surveys.conftest import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(secretariat: Any, member_a: Any, member_b: Any) -> Any:
    return cycle_create(
        actor=secretariat,
        name="Cycle 2026",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )


@pytest.fixture
def submitted_b(cycle: Any, member_b: Any, focal_b: Any) -> Any:
    from clearway.assessments.selectors import indicator_list
    from clearway.assessments.services import answer_save
    from tests.assessments.conftest import answer_values

    assessment = cycle.assessments.get(member=member_b)
    for i, indicator in enumerate(indicator_list(catalogue=cycle.catalogue)):
        level = "full" if i % 3 else "partial"
        answer_save(
            actor=focal_b,
            assessment=assessment,
            indicator_code=indicator.code,
            base_version=0,
            **answer_values(indicator, level),
        )
    return assessment_submit(actor=focal_b, assessment=assessment, statement="Signed.")


def _by_iso(viewer: Any, measure: str, **chosen: Any) -> dict[str, Any]:
    return {row.member.iso3: row for row in programme_map(viewer=viewer, measure=measure, **chosen).rows}


def test_members_too_small_to_draw_are_still_listed_in_the_table(
    cycle: Any, focal_a: Any, client_for: Callable[[Any], Client]
) -> None:
    assert {"MUS", "SGP", "BRB", "HKG", "EUU"}.isdisjoint(boundary_codes())
    assert {
        "KEN",
        "FRA",
        "BRA",
        "XKX",
    } <= boundary_codes()  # Kosovo has no ISO code in the file: matched by name
    rows = _by_iso(focal_a, MapMeasure.STATUS, cycle=cycle)
    assert len(rows) == Member.objects.filter(active=True).count()
    assert not rows["MUS"].drawn and not rows["EUU"].drawn and rows["KEN"].drawn
    page = client_for(focal_a).get("/members/map/").content.decode()
    table = page.split('aria-labelledby="map-table"', 1)[1]
    for iso3 in ("MUS", "SGP", "EUU", "KEN"):
        assert f'data-iso3="{iso3}"' in table
    assert "Mauritius" in page.split("map-counts", 1)[0].split("</figure>", 1)[1]


def test_a_focal_point_sees_its_own_draft_status_never_another_member_s(
    cycle: Any, focal_a: Any, secretariat: Any, member_b: Any
) -> None:
    cycle.assessments.filter(member=member_b).update(status=AssessmentStatus.IN_PROGRESS)
    mine = _by_iso(focal_a, MapMeasure.STATUS, cycle=cycle)
    assert mine["KEN"].category == AssessmentStatus.NOT_STARTED
    assert mine["UGA"].category == "none" and mine["UGA"].label == "No assessment to show"
    assert mine["FRA"].category == "none"  # not in the cycle
    everything = _by_iso(secretariat, MapMeasure.STATUS, cycle=cycle)
    assert (
        everything["UGA"].category == AssessmentStatus.IN_PROGRESS
        and everything["UGA"].label == "In progress"
    )


def test_a_submitted_assessment_shows_to_others_with_the_score_over_what_they_may_see(
    cycle: Any, submitted_b: Any, focal_a: Any, secretariat: Any, observer: Any
) -> None:
    assert _by_iso(focal_a, MapMeasure.STATUS, cycle=cycle)["UGA"].label == "Submitted"
    for viewer in (focal_a, secretariat, observer):
        row = _by_iso(viewer, MapMeasure.SCORE, cycle=cycle)["UGA"]
        assert row.score == assessment_overall_for(viewer=viewer, assessment=submitted_b)
        assert row.label == f"{row.score:.1f}"
    assert _by_iso(focal_a, MapMeasure.SCORE, cycle=cycle)["KEN"].label == "No score to show"


def test_survey_responses_show_to_the_secretariat_and_each_member_its_own(
    secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any, member_b: Any
) -> None:
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat
    )
    survey = survey_create(
        version=version,
        reference="ECOM/2026/1",
        letter_date=datetime.date.today(),
        signatory="A. Secretary",
        target_kind="list",
        members=list(Member.objects.filter(iso3__in=["KEN", "UGA", "FRA"])),
        deadline=datetime.date.today() + datetime.timedelta(days=60),
        actor=secretariat,
    )
    survey = survey_open(survey=survey, actor=secretariat)
    answer(survey, "UGA", {"has_prog": "no", "year": 2015, "types": ["a"]}, actor=focal_b)
    answer(survey, "KEN", {"has_prog": "yes", "year": 2010, "types": ["a"]}, actor=focal_a, submit=False)
    everything = _by_iso(secretariat, MapMeasure.SURVEY, survey=survey)
    assert [everything[c].category for c in ("UGA", "KEN", "FRA", "BRA")] == [
        "submitted",
        "draft",
        "not_started",
        "none",
    ]
    mine = _by_iso(focal_a, MapMeasure.SURVEY, survey=survey)
    assert mine["KEN"].category == "draft"
    assert mine["UGA"].category == mine["FRA"].category == "none"


def test_workshop_coverage_counts_the_delivered_workshops_each_member_took_part_in(
    member_a: Any, member_b: Any, observer: Any
) -> None:
    for day in (datetime.date(2022, 3, 1), datetime.date(2023, 3, 1)):
        activity_make(members=[member_a], start_date=day, end_date=day)
    activity_make(
        members=[member_b],
        status="planned",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 1, 2),
    )
    rows = _by_iso(observer, MapMeasure.WORKSHOPS)
    assert (rows["KEN"].category, rows["KEN"].label) == ("participant", "2 workshops")
    assert (rows["UGA"].category, rows["UGA"].label) == ("none", "No workshop yet")  # planned, not delivered
    # The workshops were held for the MENA region: its Members not listed as participants count as covered.
    mena = [row for row in rows.values() if row.member.region.code == "MENA"]
    assert mena and all(row.label == "A workshop was held for its region" for row in mena)


def test_the_map_page_draws_the_members_and_reads_in_french(
    cycle: Any, submitted_b: Any, focal_a: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(focal_a)
    page = client.get("/members/map/", {"show": "status", "cycle": cycle.pk}).content.decode()
    assert "<svg" in page and "Member: Uganda; Status: Submitted" in page
    assert '<option value="status" selected>' in page
    client.cookies["clearway_language"] = "fr"
    french = client.get("/members/map/", {"show": "score", "cycle": cycle.pk}).content.decode()
    assert "Carte du programme" in french and "Ouganda" in french
    assert "Membre\u00a0: Ouganda\u202f; " in french


def test_a_map_is_drawn_once_then_served_from_the_chart_cache(
    cycle: Any, focal_a: Any, client_for: Callable[[Any], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = []
    original = programme._map_drawing

    @functools.wraps(original)
    def counted(**data: Any) -> Any:
        drawn.append(data)
        return original(**data)

    monkeypatch.setattr(programme, "_map_drawing", counted)
    caches["charts"].clear()
    client = client_for(focal_a)
    first, second = (
        client.get("/members/map/", {"show": "workshops"}).content.decode().split("<figure", 1)[1]
        for _ in "12"
    )
    assert len(drawn) == 1 and "<svg" in first and first.split("</figure>")[0] == second.split("</figure>")[0]


def test_the_map_is_linked_from_the_members_list_and_the_cycle_page(
    cycle: Any, secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(secretariat)
    assert 'href="/members/map/"' in client.get("/members/").content.decode()
    assert (
        f'href="/members/map/?show=status&amp;cycle={cycle.pk}"'
        in client.get(f"/assessments/cycles/{cycle.pk}/").content.decode()
    )


def test_the_map_needs_a_sign_in_and_unknown_choices_are_not_found(
    anon_client: Client, focal_a: Any, client_for: Callable[[Any], Client]
) -> None:
    assert anon_client.get("/members/map/").status_code == 302
    client = client_for(focal_a)
    assert client.get("/members/map/", {"cycle": 999999}).status_code == 404
    assert client.get("/members/map/", {"show": "nonsense"}).status_code == 200


def test_the_survey_map_shows_the_latest_survey_sent_unless_another_is_chosen(
    secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat
    )
    today = datetime.date.today()

    def make(reference: str, letter_date: datetime.date) -> Any:
        return survey_create(
            version=version,
            reference=reference,
            letter_date=letter_date,
            signatory="A. Secretary",
            target_kind="all",
            deadline=today + datetime.timedelta(days=60),
            actor=secretariat,
        )

    sent = survey_open(survey=make("ECOM/2026/1", today - datetime.timedelta(days=10)), actor=secretariat)
    draft = make("ECOM/2026/2", today)
    client = client_for(secretariat)
    page = client.get("/members/map/", {"show": "survey"}).content.decode()
    assert f'<option value="{sent.pk}" selected>' in page
    assert f"Not started: {Member.objects.filter(active=True).count()}<" in page  # sent to all, none answered
    chosen = client.get("/members/map/", {"show": "survey", "survey": draft.pk}).content.decode()
    assert f'<option value="{draft.pk}" selected>' in chosen
