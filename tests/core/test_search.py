"""Find anything: the search box, its results page and `GET /api/search`, per persona, scoped as each app's
selectors scope (Member A's focal point never finds Member B's draft assessment or request)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clearway.assessments.models import Catalogue
from clearway.assessments.services import cycle_create
from clearway.capacity.services import activity_document_add, request_create
from clearway.core.actors import ANONYMOUS
from clearway.core.search import search_for_user
from clearway.members.models import Member
from clearway.reports.models import Report
from clearway.reports.services import ReportInput, report_create
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from tests.capacity.factories import activity_make
from tests.surveys import forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(secretariat: Any, focal_a: Any, member_a: Any, member_b: Any) -> dict[str, Any]:
    """Kenya (A) and Uganda (B) in a cycle, both assessments still drafts; a request of each; a survey still a
    draft and one sent to both; a committee report kept by the secretariat and one shared; a workshop document."""
    cycle = cycle_create(
        actor=secretariat,
        name="Cycle 2026",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a, member_b],
    )
    day = datetime.date(2026, 2, 1)
    request_create(actor=focal_a, member=member_a, intention_date=day, needs="Training on risk profiling")
    request_create(actor=secretariat, member=member_b, intention_date=day, needs="Postal advance data pilot")
    version = questionnaire_import_xlsform(
        file=io.BytesIO(forms.stats_form()), code="stats", actor=secretariat
    )
    survey = {
        "members": [member_a, member_b],
        "version": version,
        "letter_date": day,
        "signatory": "A. Secretary",
        "target_kind": "list",
        "deadline": datetime.date(2026, 4, 30),
        "actor": secretariat,
    }
    survey_create(reference="ECOM/2026/9", title_en="Confidential tariff questionnaire", **survey)
    sent = survey_create(reference="ECOM/2026/1", title_en="AEO programmes for e-commerce", **survey)
    survey_open(survey=sent, actor=secretariat)
    report = {"document_date": day, "period_start": datetime.date(2025, 9, 1), "period_end": day}
    report_create(
        actor=secretariat,
        data=ReportInput(session="240th", document_number="PC0777", title="Draft annual review", **report),
    )
    shared = report_create(
        actor=secretariat,
        data=ReportInput(
            session="239th", document_number="PC0755", title="Annual review of progress", **report
        ),
    )
    # Sharing needs a generated document, which these tests do not need: marked shared as sharing leaves it.
    Report.objects.filter(pk=shared.pk).update(shared=True)
    workshop = activity_make(
        title_en="Regional workshop on risk management",
        title_fr="Atelier régional sur la gestion des risques",
    )
    upload = SimpleUploadedFile("handbook.pdf", b"%PDF-1.7 handbook")
    activity_document_add(
        actor=secretariat, activity=workshop, title="Risk management handbook", upload=upload
    )
    return {"cycle": cycle, "workshop": workshop}


def _found(user: Any, query: str) -> dict[str, list[str]]:
    return {g.kind.key: [h.title for h in g.hits] for g in search_for_user(user=user, query=query)}


def test_a_focal_point_never_finds_another_member_s_draft_assessment_or_request(
    programme: dict[str, Any], focal_a: Any, secretariat: Any
) -> None:
    mine = _found(focal_a, "Uganda")
    assert mine["members"] == ["Uganda"]
    assert "assessments" not in mine and "requests" not in mine
    everything = _found(secretariat, "Uganda")
    assert everything["assessments"] == ["Uganda – Cycle 2026"]
    assert everything["requests"] == ["National support request of Uganda"]


def test_a_focal_point_finds_its_own_draft_assessment_and_request_by_name_or_iso_code(
    programme: dict[str, Any], focal_a: Any
) -> None:
    for query in ("Kenya", "KEN", "kenya cycle"):
        found = _found(focal_a, query)
        assert found["assessments"] == ["Kenya – Cycle 2026"], query
    assert _found(focal_a, "Kenya")["requests"] == ["National support request of Kenya"]


def test_another_member_s_submitted_assessment_is_found_once_completed(
    programme: dict[str, Any], focal_a: Any, focal_b: Any, member_b: Any, answer_all: Callable[..., None]
) -> None:
    from clearway.assessments.services import assessment_submit

    assessment = programme["cycle"].assessments.get(member=member_b)
    answer_all(assessment, focal_b)
    assessment_submit(actor=focal_b, assessment=assessment, statement="Signed.")
    assert _found(focal_a, "Uganda")["assessments"] == ["Uganda – Cycle 2026"]
    assert "requests" not in _found(focal_a, "Uganda")


def test_indicators_are_found_by_the_start_of_words_in_either_language_and_by_code(
    programme: dict[str, Any], focal_a: Any
) -> None:
    by_words = _found(focal_a, "advance electr")["indicators"]
    assert any(t.startswith("LAW.1 ") for t in by_words)
    assert any(t.startswith("LAW.1 ") for t in _found(focal_a, "données préalables")["indicators"])
    assert _found(focal_a, "LAW.1")["indicators"][0].startswith("LAW.1 ")


def test_draft_surveys_and_their_letters_stay_with_the_secretariat(
    programme: dict[str, Any], focal_a: Any, secretariat: Any
) -> None:
    assert _found(focal_a, "tariff questionnaire") == {}
    assert _found(secretariat, "tariff questionnaire")["surveys"] == ["Confidential tariff questionnaire"]
    found = _found(focal_a, "AEO programmes")
    assert found["surveys"] == ["AEO programmes for e-commerce"]
    assert "Letter ECOM/2026/1: AEO programmes for e-commerce" in found["documents"]
    assert _found(focal_a, "ECOM/2026/1")["surveys"] == ["AEO programmes for e-commerce"]


def test_a_report_is_found_by_others_only_once_the_secretariat_shares_it(
    programme: dict[str, Any], focal_a: Any, secretariat: Any
) -> None:
    assert _found(focal_a, "annual review")["documents"] == ["Annual review of progress"]
    assert set(_found(secretariat, "annual review")["documents"]) == {
        "Annual review of progress",
        "Draft annual review",
    }
    assert _found(focal_a, "PC0777") == {}


def test_activities_and_their_documents_are_found_by_title_in_english_and_french(
    programme: dict[str, Any], focal_a: Any, observer: Any
) -> None:
    found = _found(focal_a, "risk management")
    assert found["activities"] == ["Regional workshop on risk management"]
    assert found["documents"] == ["Risk management handbook"]
    assert _found(observer, "gestion des risques")["activities"] == ["Regional workshop on risk management"]
    assert "requests" not in _found(observer, "Kenya")


def test_results_come_grouped_by_kind_in_a_fixed_order_best_match_first(
    programme: dict[str, Any], secretariat: Any
) -> None:
    groups = search_for_user(user=secretariat, query="Kenya")
    keys = [g.kind.key for g in groups]
    assert keys == sorted(keys, key=lambda k: [g.kind.order for g in groups if g.kind.key == k][0])
    assert keys[0] == "members" and groups[0].hits[0].title == "Kenya"


@pytest.mark.parametrize("query", ["", " ", "k", "a & b | !c:*", "'); drop table x; --", "%_%", "___"])
def test_short_or_odd_queries_find_nothing_or_match_as_text_never_fail(
    programme: dict[str, Any], secretariat: Any, query: str
) -> None:
    groups = search_for_user(user=secretariat, query=query)
    assert all(hit.url.startswith("/") for g in groups for hit in g.hits)
    if len(query.strip()) < 2:
        assert groups == []


def test_an_anonymous_visitor_finds_nothing_and_is_asked_to_sign_in(
    programme: dict[str, Any], anon_client: Client
) -> None:
    assert search_for_user(user=ANONYMOUS, query="Kenya") == []
    assert anon_client.get("/search/?q=Kenya").status_code == 302
    assert anon_client.get("/api/search?q=Kenya").status_code == 401


def test_the_results_page_lists_each_kind_with_links_in_the_reader_s_language(
    programme: dict[str, Any], focal_a: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(focal_a)
    page = client.get("/search/?q=Kenya").content.decode()
    assert 'href="/members/KEN/"' in page and ">WCO Members" in page
    assert f'href="/assessments/{programme["cycle"].assessments.get(member__iso3="KEN").pk}/"' in page
    assert "Uganda" not in page.split("<main", 1)[1]
    client.cookies["clearway_language"] = "fr"
    french = client.get("/search/?q=gestion+des+risques").content.decode()
    assert "Atelier régional sur la gestion des risques" in french and "Activités" in french


def test_every_page_carries_the_search_box(focal_a: Any, client_for: Callable[[Any], Client]) -> None:
    client = client_for(focal_a)
    for url in ("/", "/members/", "/capacity/"):
        page = client.get(url).content.decode()
        assert 'role="search" class="findbox"' in page and 'action="/search/"' in page, url


def test_the_api_returns_the_same_groups_typed(
    programme: dict[str, Any], focal_a: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(focal_a)
    groups = client.get("/api/search", {"q": "Uganda"}).json()
    assert [g["kind"] for g in groups] == ["members"]
    assert groups[0]["hits"] == [{"title": "Uganda", "url": "/members/UGA/", "detail": "UGA · ESA"}]
    assert client.get("/api/search", {"q": "k"}).json() == []
    assert client.get("/api/search", {"q": "Kenya", "limit": 0}).status_code == 422
    one = client.get("/api/search", {"q": "risk", "limit": 1}).json()
    assert all(len(g["hits"]) == 1 for g in one)


@pytest.fixture
def answer_all() -> Callable[..., None]:
    from tests.assessments.conftest import answer_values

    def fill(assessment: Any, actor: Any) -> None:
        from clearway.assessments.selectors import indicator_list
        from clearway.assessments.services import answer_save

        for indicator in indicator_list(catalogue=assessment.cycle.catalogue):
            answer_save(
                actor=actor,
                assessment=assessment,
                indicator_code=indicator.code,
                base_version=0,
                **answer_values(indicator),
            )

    return fill


def test_member_names_in_french_are_found(programme: dict[str, Any], focal_a: Any) -> None:
    assert "Ouganda" in [m.name_fr for m in Member.objects.filter(iso3="UGA")]
    assert [h for h in _found(focal_a, "Ouganda")["members"]] == ["Uganda"]


def test_a_regional_office_finds_its_region_s_requests_and_drafts_only(
    programme: dict[str, Any], regional_esa: Any, secretariat: Any
) -> None:
    france = Member.objects.get(iso3="FRA")
    request_create(actor=secretariat, member=france, intention_date=datetime.date(2026, 2, 1))
    found = _found(regional_esa, "Uganda")
    assert found["requests"] == ["National support request of Uganda"]
    assert found["assessments"] == ["Uganda – Cycle 2026"]
    assert "requests" not in _found(regional_esa, "France")
    assert _found(secretariat, "France")["requests"] == ["National support request of France"]


def test_the_results_page_says_when_a_kind_has_more_matches_than_it_lists(
    secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    for n in range(11):
        activity_make(title_en=f"Webinar on postal data, part {n + 1}")
    page = client_for(secretariat).get("/search/", {"q": "postal webinar"}).content.decode()
    section = page.split('data-kind="activities"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 10
    assert "The 10 best matches only; add words to narrow the search." in section
