"""Issue 29: committee reports right for any period and any session.

A period the demo data was not written for (1 December 2020 to 30 June 2021) with a joint workshop of two regions,
survey answers submitted after the period's end, illustrative rows inside the period, funders tied to what they
paid for, and totals.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from clearway.capacity.models import Activity
from clearway.capacity.selectors import activity_list, regional_coverage
from clearway.capacity.services import organisation_ensure
from clearway.core.actors import SYSTEM
from clearway.members.models import Member, Region
from clearway.reports.document import Block
from clearway.reports.services import report_generate
from tests.assessments.conftest import assessment_a, catalogue, cycle  # noqa: F401 (fixtures)
from tests.capacity.factories import activity_make
from tests.surveys.conftest import make_survey, stats_version  # noqa: F401 (fixtures)

D = datetime.date


def _blocks(version: Any) -> dict[str, Block]:
    return {b["id"]: Block.from_dict(b) for b in version.blocks}


def _text(version: Any) -> str:
    return " ".join(b.plain for b in _blocks(version).values())


@pytest.fixture
def workshops(db: Any) -> dict[str, Activity]:
    """Three regional workshops of 2021 recorded through the services, one of them joint (ESA with WCA)."""
    ccf = organisation_ensure(
        actor=SYSTEM,
        name_en="Customs Cooperation Fund of China",
        name_fr="Fonds de coopération douanière de la Chine",
        acronym="CCF-China",
        kind="donor",
    )
    esa, wca, ap = (Region.objects.get(code=c) for c in ("ESA", "WCA", "AP"))
    joint = activity_make(
        title_en="Joint regional workshop for ESA and WCA",
        title_fr="Atelier régional conjoint AfOA et AOC",
        start_date=D(2021, 3, 22),
        end_date=D(2021, 3, 25),
        region=esa,
        other_regions=[wca],
        members=list(Member.objects.filter(iso3__in=["KEN", "UGA", "SEN"])),
        member_count=30,
        participants_value=120,
        participants_qualifier="more_than",
        funders=[ccf],
    )
    ap_workshop = activity_make(
        title_en="Regional workshop for AP",
        start_date=D(2021, 5, 10),
        end_date=D(2021, 5, 12),
        modality="in_person",
        region=ap,
        members=list(Member.objects.filter(iso3__in=["JPN", "CHN"])),
        participants_value=40,
    )
    demo = activity_make(
        title_en="Illustrative AM workshop",
        start_date=D(2021, 6, 21),
        end_date=D(2021, 6, 24),
        region=Region.objects.get(code="AM"),
        illustrative=True,
    )
    return {"joint": joint, "ap": ap_workshop, "demo": demo}


# ---------------------------------------------------------------- 1. activities spanning several regions


def test_a_joint_workshop_counts_for_each_region_it_covers(
    workshops: dict[str, Activity], secretariat: Any, client_for: Any
) -> None:
    coverage = regional_coverage(viewer=secretariat, until=D(2021, 6, 30))
    done = {r.region.code for r in coverage.regions if r.completed}
    assert {"ESA", "WCA", "AP"} <= done
    assert "WCA" not in {r.code for r in coverage.missing}
    # the register filtered by region lists it under both
    assert workshops["joint"] in list(activity_list(viewer=secretariat, region="WCA"))
    assert workshops["joint"] in list(activity_list(viewer=secretariat, region="ESA"))
    client = client_for(secretariat)
    api = client.get("/api/capacity/coverage?until=2021-06-30").json()
    wca = next(r for r in api["regions"] if r["region"] == "WCA")
    assert wca["completed"] and workshops["joint"].pk in wca["workshops"]
    listed = client.get("/api/capacity/activities?region=WCA").json()
    assert [a["regions"] for a in listed if a["id"] == workshops["joint"].pk] == [["ESA", "WCA"]]
    csv = client.get("/capacity/register.csv?region=WCA").content.decode()
    assert "ESA / WCA" in csv


def test_the_api_records_a_joint_activity(secretariat: Any, client_for: Any, db: Any) -> None:
    wco = organisation_ensure(actor=SYSTEM, name_en="WCO Secretariat", kind="wco")
    payload = {
        "title_en": "Joint workshop",
        "kind": "regional_workshop",
        "modality": "online",
        "start_date": "2021-03-22",
        "end_date": "2021-03-25",
        "region": "ESA",
        "other_regions": ["WCA"],
        "organiser_id": wco.pk,
    }
    response = client_for(secretariat).post(
        "/api/capacity/activities", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["regions"] == ["ESA", "WCA"]
    bad = client_for(secretariat).post(
        "/api/capacity/activities",
        data=json.dumps(payload | {"other_regions": ["XX"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_the_report_names_every_region_of_a_joint_workshop_once(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701")
    text = _text(report_generate(report=report, actor=secretariat))
    assert "East and Southern Africa (ESA)" in text and "West and Central Africa (WCA)" in text
    assert text.count("West and Central Africa (WCA)") == text.count("East and Southern Africa (ESA)")
    assert "jointly for the ESA and WCA Regions" in text
    assert "remains to be completed for the West and Central Africa" not in text
    french = make_report(
        "fr", period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701"
    )
    text_fr = _text(report_generate(report=french, actor=secretariat))
    assert "(AfOA)" in text_fr and "(AOC)" in text_fr and "(ESA)" not in text_fr and "(WCA)" not in text_fr


# ---------------------------------------------------------------- 3. illustrative data


def test_illustrative_rows_never_reach_a_report_unless_included(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701")
    text = _text(report_generate(report=report, actor=secretariat))
    assert "AM workshop" not in text and "Illustrative AM workshop" not in text
    # the AM region is not covered by real data: the coverage says it remains to be done
    assert "remains to be completed for the" in text and "Caribbean (AM) Region" in text
    included = make_report(
        period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0702", illustrative=True
    )
    assert "The AM workshop was held online between 21 and 24 June 2021" in _text(
        report_generate(report=included, actor=secretariat)
    )


def test_a_report_with_illustrative_data_says_so_on_every_page(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    from clearway.reports.services import report_export
    from tests.reports.conftest import docx_read, pdf_text

    report = make_report(
        period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0702", illustrative=True
    )
    report_generate(report=report, actor=secretariat)
    document = docx_read(report_export(report=report, actor=secretariat, format="docx").file.read())
    assert all(s.header.paragraphs[0].text.startswith("Illustrative data") for s in document.sections)
    import io

    from pypdf import PdfReader

    pdf = report_export(report=report, actor=secretariat, format="pdf").file.read()
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    assert all("Illustrative data" in (p.extract_text() or "") for p in pages)
    assert "Illustrative data" in pdf_text(pdf)


# ---------------------------------------------------------------- 2. as-of reporting


def _submitted_on(response: Any, day: datetime.date) -> None:
    from clearway.surveys.models import Response, ResponseRevision

    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Response.objects.filter(pk=response.pk).update(submitted_at=moment)
    ResponseRevision.objects.filter(response_id=response.pk).update(created_at=moment)


def test_survey_figures_are_those_known_at_the_end_of_the_period(
    make_report: Any,
    secretariat: Any,
    make_survey: Any,  # noqa: F811
) -> None:
    from tests.surveys.conftest import ANSWERS, answer

    survey = make_survey()  # letter of 2 March 2026
    for iso3, day in (("KEN", D(2026, 3, 10)), ("UGA", D(2026, 3, 20)), ("FRA", D(2026, 5, 2))):
        _submitted_on(answer(survey, iso3, ANSWERS[iso3], actor=secretariat), day)
    report = make_report(
        session="240th/241st",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 3, 31),
        document_number="PC0800",
        document_date=D(2026, 4, 1),
        previous_session="",
        previous_document_number="",
    )
    first = report_generate(report=report, actor=secretariat)
    text = _text(first)
    assert "2 responses were submitted" in text and "3 responses" not in text
    assert first.data["as_of"] == "2026-03-31"
    from clearway.reports.assembly import document_render_prepare

    meta = document_render_prepare(report=report, blocks=[], version=first.number).meta
    assert meta.as_of == "Figures as known at the end of the period, on 31 March 2026."
    # A late answer changes nothing for that period: same figures, nothing flagged.
    _submitted_on(answer(survey, "BRA", {"has_prog": "no", "year": 2020}, actor=secretariat), D(2026, 6, 1))
    again = report_generate(report=report, actor=secretariat)
    assert _text(again) == text
    assert not [b.id for b in _blocks(again).values() if b.changed]


def test_regenerating_after_the_periods_data_changed_flags_the_blocks_that_changed(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701")
    first = report_generate(report=report, actor=secretariat)
    assert not [b for b in _blocks(first).values() if b.changed]
    activity_make(
        title_en="Regional workshop for EUR",
        start_date=D(2021, 2, 1),
        end_date=D(2021, 2, 3),
        region=Region.objects.get(code="EUR"),
        participants_value=50,
    )
    second = report_generate(report=report, actor=secretariat)
    changed = {b.id: b for b in _blocks(second).values() if b.changed}
    assert "capacity_activities.table" in changed and "capacity_activities.totals" in changed
    assert "introduction.heading" not in changed
    assert changed["capacity_activities.totals"].previous.startswith("In all, the Secretariat delivered 2")


def test_assessment_statuses_are_read_as_of_a_date(cycle: Any, assessment_a: Any) -> None:  # noqa: F811
    from clearway.assessments.analytics import assessment_statuses_at
    from clearway.assessments.models import Assessment
    from clearway.core.models import AuditEvent

    assessment = assessment_a
    moment = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=moment)
    event = AuditEvent.objects.create(
        action="assessments.assessment.submit",
        object_type=Assessment._meta.label_lower,
        object_id=str(assessment.pk),
        before={"status": "in_progress"},
        after={"status": "submitted"},
    )
    AuditEvent.objects.filter(pk=event.pk).update(at=moment)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=moment - datetime.timedelta(days=30))
    assert assessment_statuses_at(cycle=cycle, at=moment - datetime.timedelta(days=1))[assessment.pk] == (
        "in_progress"
    )
    assert assessment_statuses_at(cycle=cycle, at=moment + datetime.timedelta(days=1))[assessment.pk] == (
        "submitted"
    )


# ---------------------------------------------------------------- 4. totals and funders


def test_totals_by_region_and_modality_keep_qualifiers_honest(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701")
    blocks = _blocks(report_generate(report=report, actor=secretariat))
    totals = blocks["capacity_activities.totals"].text
    assert totals.startswith(
        "In all, the Secretariat delivered 2 activities in the period (1 online and 1 in"
    )
    assert "covering 3 WCO regions" in totals
    # more than 120 + 40 exactly: "more than 160"; 30 reported for the joint workshop with 3 listed: at least 30
    assert "more than 160 participants from at least 30 Member administrations" in totals
    rows = {r[0]: r[1:] for r in blocks["capacity_activities.totals_table"].rows}
    # 30 Members reported for the joint workshop, 3 listed: per region only the listed ones are known
    assert rows["East and Southern Africa (ESA)"] == ["1", "more than 120", "at least 2"]
    assert rows["West and Central Africa (WCA)"] == ["1", "more than 120", "at least 1"]
    assert rows["Far East, South and South East Asia, Australasia and the Pacific Islands (AP)"] == [
        "1",
        "40",
        "2",
    ]
    assert rows["In person"] == ["1", "40", "2"]
    assert rows["All activities"] == ["2", "more than 160", "at least 30"]


def test_funders_are_tied_to_the_activity_they_paid_for_with_their_article(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any
) -> None:
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701")
    blocks = _blocks(report_generate(report=report, actor=secretariat))
    assert blocks["capacity_activities.funding"].text == (
        "The Customs Cooperation Fund of China (CCF-China) funded the ESA/WCA workshop."
    )
    table = blocks["capacity_activities.table"]
    funders = table.columns.index("Funders")
    assert [r[funders] for r in table.rows] == ["Customs Cooperation Fund of China", "–"]
    french = make_report(
        "fr", period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0701"
    )
    text = _blocks(report_generate(report=french, actor=secretariat))["capacity_activities.funding"].text
    assert text == "Le Fonds de coopération douanière de la Chine (CCF-China) a financé l'atelier AfOA/AOC."


def test_sums_of_recorded_numbers() -> None:
    from clearway.reports.phrases import count_sum, with_article

    assert count_sum([(10, "exact"), (5, "exact")], "en") == "15"
    assert count_sum([(100, "close_to"), (100, "nearly")], "en") == "about 200"
    assert count_sum([(100, "more_than"), (5, "exact")], "en") == "more than 105"
    assert count_sum([(100, "exact"), (None, "exact")], "en") == "at least 100"
    assert count_sum([(100, "up_to"), (5, "exact")], "en") == "up to 105"
    assert count_sum([(100, "up_to"), (5, "at_least")], "fr") == "environ 105"
    assert count_sum([(None, "exact")], "en") == ""
    assert with_article("Banque mondiale", "fr") == "la Banque mondiale"
    assert with_article("Organisation mondiale des douanes", "fr") == "l'Organisation mondiale des douanes"
    assert with_article("UPU", "fr") == "UPU" and with_article("World Bank", "en") == "the World Bank"


# ---------------------------------------------------------------- 6. prose after tables


def test_a_paragraph_refers_back_only_to_prose() -> None:
    from clearway.reports.assembly import openers_after_tables
    from clearway.reports.document import block_make

    table = block_make(id="a.table", section="a", kind="table", columns=["x"], rows=[["1"]])
    after = block_make(
        id="b.p", section="b", kind="paragraph", text="In this regard, support would be given."
    )
    prose = block_make(id="a.p", section="a", kind="paragraph", text="Some prose.")
    assert openers_after_tables([table, after])[1].text == "Support would be given."
    assert openers_after_tables([prose, after])[1].text == after.text


# ---------------------------------------------------------------- 6. three periods, two languages, read back


PERIODS = {
    # no activities
    "none": (D(2019, 1, 1), D(2019, 6, 30)),
    # one region (AP, in person)
    "one": (D(2021, 5, 1), D(2021, 5, 31)),
    # several regions with the joint ESA/WCA workshop
    "several": (D(2020, 12, 1), D(2021, 6, 30)),
}
EXPECTED = {
    ("none", "en"): ["No capacity building activities were recorded for the period from 1 January 2019"],
    ("none", "fr"): [
        "Aucune activité de renforcement des capacités n'a été enregistrée pour la période du 1er"
    ],
    ("one", "en"): [
        "the regional workshop for the Far East, South and South East Asia, Australasia and the Pacific "
        "Islands (AP) Region",
        "In all, the Secretariat delivered 1 activity in the period, covering 1 WCO region; it gathered 40 "
        "participants from 2 Member administrations.",
    ],
    ("one", "fr"): [
        "Au total, le Secrétariat a réalisé 1 activité au cours de la période, couvrant 1 région de l'OMD ; "
        "elle a réuni 40 participants de 2 administrations membres.",
    ],
    ("several", "en"): [
        "jointly for the ESA and WCA Regions",
        "The Customs Cooperation Fund of China (CCF-China) funded the ESA/WCA workshop.",
        "more than 160 participants from at least 30 Member administrations",
        "Figures as known at the end of the period, on 30 June 2021.",
    ],
    ("several", "fr"): [
        "conjointement pour les régions AfOA et AOC",
        "Le Fonds de coopération douanière de la Chine (CCF-China) a financé l'atelier AfOA/AOC.",
        "plus de 160 participants d'au moins 30 administrations membres",
        "Chiffres tels que connus à la fin de la période, au 30 juin 2021.",
    ],
}


def squash(text: str) -> str:
    """Without any space: PDF text extraction breaks lines and words where the layout does."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reports_for_three_periods_read_back_from_docx_and_pdf(
    workshops: dict[str, Activity], make_report: Any, secretariat: Any, lang: str
) -> None:
    from clearway.reports.services import report_export
    from tests.reports.conftest import docx_text, pdf_body_text

    for index, (name, (start, end)) in enumerate(PERIODS.items()):
        report = make_report(
            lang,
            period_start=start,
            period_end=end,
            document_number=f"PC07{index}0",
            previous_session="",
            previous_document_number="",
        )
        report_generate(report=report, actor=secretariat)
        docx = docx_text(report_export(report=report, actor=secretariat, format="docx").file.read())
        pdf = pdf_body_text(report_export(report=report, actor=secretariat, format="pdf").file.read())
        for text in (docx, pdf):
            for expected in EXPECTED[(name, lang)]:
                assert squash(expected) in squash(text), (name, lang, expected)
            assert "Illustrative" not in text and "illustration" not in text  # the AM demo row stays out
            assert "In this regard" not in text.split("Requests for national support")[0][-5:]
        if lang == "fr":
            for english in ("(ESA)", "(WCA)", "In all", "funded", "Figures as known"):
                assert english not in docx, english


# ---------------------------------------------------------------- 5. metadata from input


def test_document_metadata_comes_from_input(make_report: Any, secretariat: Any, db: Any) -> None:
    from clearway.core.exceptions import ValidationFailed
    from clearway.reports.assembly import document_render_prepare

    report = make_report("fr", meeting_format="", document_number="PC0801", session="235th/236th")
    meta = document_render_prepare(report=report, blocks=[], version=1).meta
    assert meta.meeting_format == ""  # not "(RÉUNION EN PRÉSENTIEL)" by default
    assert meta.sessions.startswith("235e/236e")
    with pytest.raises(ValidationFailed) as error:
        make_report(document_number="PTC-233rd-234th")
    assert "numbered PC followed by at least four digits" in error.value.field_errors["document_number"][0]
    with pytest.raises(ValidationFailed):
        make_report(committee="council", document_number="PC0802")
    assert make_report(committee="council", document_number="SC0802").committee == "council"


def test_one_version_for_the_files_of_one_text(make_report: Any, secretariat: Any, db: Any) -> None:
    from clearway.reports.services import report_export

    report = make_report(document_number="PC0803")
    first = report_generate(report=report, actor=secretariat)
    again = report_generate(report=report, actor=secretariat)  # nothing changed: no new version
    assert again.pk == first.pk and report.versions.count() == 1
    for fmt in ("docx", "pdf", "html"):
        assert report_export(report=report, actor=secretariat, format=fmt).version_id == first.pk
