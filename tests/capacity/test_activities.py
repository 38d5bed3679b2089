"""The register: numbers kept as reported, validation, documents, exports, period selection and coverage."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clearway.capacity.exports import register_export
from clearway.capacity.facts import activity_facts, count_text
from clearway.capacity.selectors import activity_list_for_period, regional_coverage, request_pipeline_summary
from clearway.capacity.services import activity_document_add, activity_speaker_add, organisation_ensure
from clearway.core.actors import SYSTEM
from clearway.core.exceptions import PermissionDenied, ValidationFailed
from clearway.core.exports import tabular_render
from clearway.members.models import Member, Region
from tests.capacity.factories import activity_make

D = datetime.date


@pytest.mark.parametrize(
    ("qualifier", "english", "french"),
    [
        ("close_to", "close to 100 experts", "près de 100 experts"),
        ("nearly", "nearly 100 experts", "presque 100 experts"),
        ("about", "about 100 experts", "environ 100 experts"),
        ("more_than", "more than 100 experts", "plus de 100 experts"),
        ("exact", "100 experts", "100 experts"),
    ],
)
def test_approximate_numbers_render_as_reported(qualifier: str, english: str, french: str) -> None:
    with translation.override("en"):
        assert count_text(value=100, qualifier=qualifier, noun="experts") == english
    with translation.override("fr"):
        assert count_text(value=100, qualifier=qualifier, noun="experts") == french


def test_an_approximate_count_is_stored_with_its_qualifier_and_words(db: Any) -> None:
    wording = "close to 100 experts from 15 Member Customs administrations"
    activity = activity_make(
        participants_value=100,
        participants_qualifier="close_to",
        participants_noun_en="experts",
        participants_wording=wording,
        member_count=15,
        members=[Member.objects.get(iso3="MAR"), Member.objects.get(iso3="EGY")],
        participant_groups=["postal_operators", "customs"],
    )
    activity.refresh_from_db()
    assert (activity.participants_value, activity.participants_qualifier) == (100, "close_to")
    assert activity.participants_wording == wording
    with translation.override("en"):
        facts = activity_facts(activity)
    assert facts.participants == "close to 100 experts"
    assert facts.member_administrations == "15 Member administrations"  # more than the 2 listed
    assert facts.participant_groups == ["Customs administrations", "Designated postal operators"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": D(2021, 9, 1)}, "end_date"),
        ({"participants_qualifier": "nearly"}, "participants_value"),
        ({"member_count": 1, "members": "two"}, "member_count"),
        ({"participant_groups": ["martians"]}, "participant_groups"),
        ({"modality": "telepathy"}, "modality"),
        ({"title_en": "  "}, "title_en"),
        ({"status": "delivered", "start_date": D(2099, 1, 1), "end_date": D(2099, 1, 2)}, "status"),
    ],
)
def test_invalid_entries_are_refused_with_the_field_named(
    overrides: dict[str, Any], field: str, db: Any
) -> None:
    if overrides.get("members") == "two":
        overrides["members"] = list(Member.objects.filter(iso3__in=["FRA", "BEL"]))
    with pytest.raises(ValidationFailed) as refused:
        activity_make(**overrides)
    assert field in refused.value.field_errors


def test_only_the_secretariat_records_activities(focal_a: Any) -> None:
    from clearway.capacity.services import ActivityInput, activity_create

    with pytest.raises(PermissionDenied):
        activity_create(
            actor=focal_a,
            data=ActivityInput(
                title_en="X",
                kind="webinar",
                modality="online",
                start_date=D(2022, 1, 1),
                end_date=D(2022, 1, 1),
                organiser=organisation_ensure(actor=SYSTEM, name_en="WCO Secretariat", kind="wco"),
            ),
        )


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("agenda.pdf", b"%PDF-1.7 agenda", True),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", True),
        ("agenda.pdf", b"MZ\x90\x00 not a pdf", False),
        ("script.exe", b"MZ\x90\x00", False),
        ("empty.pdf", b"", False),
    ],
)
def test_documents_are_checked_for_type(secretariat: Any, name: str, content: bytes, accepted: bool) -> None:
    activity = activity_make()
    upload = SimpleUploadedFile(name, content)
    if accepted:
        document = activity_document_add(actor=secretariat, activity=activity, title="Agenda", upload=upload)
        assert document.size == len(content) and document.file.read() == content
    else:
        with pytest.raises(ValidationFailed):
            activity_document_add(actor=secretariat, activity=activity, title="Agenda", upload=upload)
        assert activity.documents.count() == 0


def test_documents_over_the_size_limit_are_refused(secretariat: Any, settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationFailed, match="larger than the limit of 1 MB"):
        activity_document_add(actor=secretariat, activity=activity_make(), title="Big", upload=upload)


def test_period_selection_keeps_overlapping_activities_in_date_order(secretariat: Any) -> None:
    activity_make(title_en="Late", start_date=D(2022, 1, 24), end_date=D(2022, 1, 28))
    activity_make(title_en="Straddles", start_date=D(2021, 6, 28), end_date=D(2021, 7, 2))
    activity_make(title_en="Inside", start_date=D(2021, 9, 27), end_date=D(2021, 9, 30))
    activity_make(title_en="Before", start_date=D(2021, 1, 4), end_date=D(2021, 1, 5))
    found = activity_list_for_period(viewer=secretariat, start=D(2021, 7, 1), end=D(2021, 12, 31))
    assert [a.title_en for a in found] == ["Straddles", "Inside"]


def test_coverage_is_computed_from_delivered_regional_workshops(secretariat: Any) -> None:
    regions = list(Region.objects.order_by("order"))
    for i, region in enumerate(regions):
        activity_make(
            title_en=f"RW {region.code}",
            region=region,
            start_date=D(2021, 1, 4 + i),
            end_date=D(2021, 1, 4 + i),
        )
    activity_make(
        title_en="Webinar",
        kind="webinar",
        region=regions[0],
        start_date=D(2020, 1, 1),
        end_date=D(2020, 1, 1),
    )
    assert regional_coverage(viewer=secretariat, until=D(2021, 12, 31)).all_regions_completed
    partial = regional_coverage(viewer=secretariat, until=D(2021, 1, 5))
    assert not partial.all_regions_completed and partial.completed_count == 2
    assert [r.code for r in partial.missing] == [r.code for r in regions[2:]]


def test_pipeline_counts_states_at_a_date(
    secretariat: Any, focal_a: Any, member_a: Any, member_b: Any
) -> None:
    from clearway.capacity.services import request_create, request_transition

    r = request_create(actor=secretariat, member=member_a, intention_date=D(2022, 1, 5))
    request_transition(
        request=r,
        to_state="official_request_received",
        actor=secretariat,
        effective_on=D(2022, 3, 1),
        official_request_date=D(2022, 2, 25),
        official_request_reference="DG/1",
    )
    request_create(actor=secretariat, member=member_b, intention_date=D(2022, 2, 1))
    early = request_pipeline_summary(viewer=secretariat, at=D(2022, 1, 31))
    assert early.counts["intention_notified"] == 1 and early.total == 1
    later = request_pipeline_summary(viewer=secretariat, at=D(2022, 3, 31))
    assert later.counts["intention_notified"] == 1 and later.counts["official_request_received"] == 1
    assert list(later.counts)[0] == "intention_notified" and len(later.counts) == 9
    assert request_pipeline_summary(viewer=focal_a, at=D(2022, 3, 31)).total == 1  # scoped


def _registered(secretariat: Any) -> list[Any]:
    upu = organisation_ensure(
        actor=SYSTEM, name_en="Universal Postal Union", acronym="UPU", kind="international"
    )
    activity = activity_make(
        title_en="MENA workshop",
        title_fr="Atelier MENA",
        participants_value=100,
        participants_qualifier="close_to",
        participants_noun_en="experts",
        participants_noun_fr="experts",
        participants_wording="close to 100 experts",
        member_count=15,
        illustrative=True,
    )
    activity_speaker_add(actor=secretariat, activity=activity, organisation=upu)
    return list(activity_list_for_period(viewer=secretariat, start=D(2021, 1, 1), end=D(2021, 12, 31)))


def test_the_csv_export_reads_back(secretariat: Any) -> None:
    with translation.override("en"):
        content, exporter = tabular_render(
            export=register_export(activities=_registered(secretariat)), fmt="csv"
        )
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert exporter.key == "csv" and len(rows) == 1
    assert rows[0]["Participants"] == "close to 100 experts"
    assert rows[0]["Participants (qualifier)"] == "close_to"
    assert rows[0]["Participants as originally reported"] == "close to 100 experts"
    assert rows[0]["Speakers' organisations"] == "Universal Postal Union"
    assert rows[0]["Illustrative"] == "illustrative"


def test_the_xlsx_export_opens_with_openpyxl_in_french(secretariat: Any) -> None:
    with translation.override("fr"):
        content, _ = tabular_render(export=register_export(activities=_registered(secretariat)), fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "À propos"
    sheet = book[book.sheetnames[1]]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Titre"] == "Atelier MENA"
    assert row["Participants"] == "près de 100 experts"
    assert row["Nombre d'administrations Membres"] == 15
    assert isinstance(row["Date de début"], datetime.datetime)
    speakers = book[book.sheetnames[2]]
    assert speakers.cell(row=2, column=3).value == "Universal Postal Union"
    assert any("illustrati" in str(r[0].value) for r in book["À propos"].iter_rows())
