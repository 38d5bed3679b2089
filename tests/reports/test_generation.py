"""Generating a report from the data recorded through the capacity services, editing it, regenerating it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.capacity.services import ActivityInput, activity_update
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent
from clearway.reports.document import Block
from clearway.reports.models import Report
from clearway.reports.services import (
    ReportInput,
    report_block_edit,
    report_block_resolve,
    report_create,
    report_generate,
)

D = datetime.date


def _blocks(version: Any) -> dict[str, Block]:
    return {b["id"]: Block.from_dict(b) for b in version.blocks}


def _text(version: Any) -> str:
    return " ".join(b.plain for b in _blocks(version).values())


def test_the_period_report_states_the_workshops_as_recorded(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    version = report_generate(report=make_report(), actor=secretariat)
    regional = _blocks(version)["capacity_activities.regional"].text
    assert (
        "The MENA workshop was held online between 27 and 30 September 2021 and gathered close to 100 "
        "experts from 15 Member Customs administrations, as well as designated postal operators." in regional
    )
    assert (
        "The EUR workshop was held virtually between 24 and 28 January 2022 and gathered nearly 100 experts "
        "from 37 Member Customs administrations" in regional
    )
    assert (
        "Both workshops benefited from the involvement of speakers from the Universal Postal Union, the "
        "Global Express Association and the Organisation for Economic Cooperation and Development."
        in regional
    )
    assert "A representative of Alibaba Group spoke at the MENA workshop." in regional
    assert "Alibaba Cainiao, Amazon and DHL delivered presentations at the EUR workshop." in regional
    text = _text(version)
    assert (
        "organised by the Inter-American Development Bank (IADB) for the members of Mercosur, held between "
        "6 and 10 December 2021" in text
    )
    assert "Having completed the cycle of regional workshops for all WCO regions" in text
    # Activities before the period (the AP, ESA, WCA and AM workshops) are not reported as delivered in it.
    assert "AP workshop" not in text
    assert version.data["activities"] and len(version.data["activities"]) == 3


def test_the_french_report_uses_french_dates_and_numbers(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    version = report_generate(report=make_report("fr"), actor=secretariat)
    regional = _blocks(version)["capacity_activities.regional"].text
    assert (
        "L'atelier MENA s'est tenu en ligne du 27 au 30 septembre 2021 et a réuni près de 100 experts de 15 "
        "administrations douanières membres, ainsi que des opérateurs postaux désignés." in regional
    )
    assert (
        "L'atelier EUR s'est tenu en mode virtuel du 24 au 28 janvier 2022 et a réuni près d'une centaine "
        "d'experts de 37 administrations douanières membres" in regional
    )
    assert "Un représentant d'Alibaba Group est intervenu lors de l'atelier MENA." in regional
    assert "Union postale universelle" in regional
    headings = [b.text for b in _blocks(version).values() if b.kind == "heading"]
    assert "Activités de renforcement des capacités" in headings and "Mesures à prendre" in headings


def test_a_period_without_activities_says_so_instead_of_failing(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    report = make_report(
        document_number="PC0001", period_start=D(2019, 1, 1), period_end=D(2019, 6, 30), previous_session=""
    )
    blocks = _blocks(report_generate(report=report, actor=secretariat))
    assert blocks["capacity_activities.none"].text == (
        "No capacity building activities were recorded for the period from 1 January 2019 to 30 June 2019."
    )
    assert "capacity_activities.regional" not in blocks
    action = blocks["action_required.invitation"]
    assert action.items == ["take note of this document and provide guidance, as appropriate"]


def test_edits_survive_regeneration_and_changed_data_is_flagged(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    report = make_report()
    first = report_generate(report=report, actor=secretariat)
    mine = "The Secretariat also supported the IADB workshop for Mercosur (6-10 December 2021)."
    event_id = next(i for i in _blocks(first) if i.startswith("capacity_activities.event."))
    edited = report_block_edit(
        report=report, actor=secretariat, block_id=event_id, text=mine, base_version=first.number
    )
    lead = "In line with the capacity building action plan, the Secretariat delivered the following."
    report_block_edit(
        report=report,
        actor=secretariat,
        block_id="capacity_activities.lead",
        text=lead,
        base_version=edited.number,
    )
    # The register changes: the EUR workshop had 40 Members; the Mercosur event moves by a day.
    eur, mercosur = seed_record["eur"], seed_record["mercosur"]
    activity_update(actor=secretariat, activity=eur, data=_input_of(eur, member_count=40))
    activity_update(actor=secretariat, activity=mercosur, data=_input_of(mercosur, end_date=D(2021, 12, 11)))
    regenerated = _blocks(report_generate(report=report, actor=secretariat))
    assert "from 40 Member Customs administrations" in regenerated["capacity_activities.regional"].text
    assert regenerated[event_id].text == mine and regenerated[event_id].stale
    assert "between 6 and 11 December 2021" in regenerated[event_id].generated
    assert (
        regenerated["capacity_activities.lead"].text == lead
        and not regenerated["capacity_activities.lead"].stale
    )
    kept = _blocks(report_block_resolve(report=report, actor=secretariat, block_id=event_id, keep_mine=True))
    assert kept[event_id].text == mine and not kept[event_id].stale
    assert AuditEvent.objects.filter(action="reports.block.edit", object_id=str(report.pk)).count() == 2


def _input_of(activity: Any, **changes: Any) -> ActivityInput:
    values = {
        f: getattr(activity, f)
        for f in ActivityInput.__dataclass_fields__
        if f not in ("other_regions", "partners", "funders", "members", "standards")
    }
    values.update(
        other_regions=list(activity.other_regions.all()),
        partners=list(activity.partners.all()),
        funders=list(activity.funders.all()),
        members=list(activity.members.all()),
        standards=list(activity.standards.all()),
    )
    values.update(changes)
    return ActivityInput(**values)


def test_an_edit_based_on_an_old_version_never_overwrites_a_newer_edit(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    report = make_report()
    first = report_generate(report=report, actor=secretariat)
    report_block_edit(
        report=report,
        actor=secretariat,
        block_id="capacity_activities.lead",
        text="Colleague.",
        base_version=first.number,
    )
    with pytest.raises(Conflict):
        report_block_edit(
            report=report,
            actor=secretariat,
            block_id="capacity_activities.lead",
            text="Mine.",
            base_version=first.number,
        )
    # Another paragraph, untouched since version 1, can still be edited from version 1.
    latest = report_block_edit(
        report=report,
        actor=secretariat,
        block_id="introduction.package",
        text="Mine.",
        base_version=first.number,
    )
    assert _blocks(latest)["capacity_activities.lead"].text == "Colleague."
    with pytest.raises(ValidationFailed):
        report_block_edit(
            report=report,
            actor=secretariat,
            block_id="capacity_activities.table",
            text="x",
            base_version=latest.number,
        )


def test_only_the_secretariat_prepares_reports(focal_a: Any, secretariat: Any) -> None:
    data = ReportInput(
        session="235th/236th",
        document_number="PC0690",
        document_date=D(2022, 3, 7),
        period_start=D(2021, 9, 1),
        period_end=D(2022, 3, 7),
    )
    with pytest.raises(PermissionDenied):
        report_create(actor=focal_a, data=data)
    with pytest.raises(ValidationFailed) as error:
        report_create(
            actor=secretariat,
            data=ReportInput(**{**data.__dict__, "session": "next", "period_end": D(2021, 1, 1)}),
        )
    assert set(error.value.field_errors) == {"session", "period_end"}


def test_earlier_reports_are_cited_in_the_introduction(secretariat: Any, make_report: Any) -> None:
    make_report(
        document_number="PC0674",
        session="233rd/234th",
        previous_session="231st/232nd",
        period_start=D(2021, 3, 1),
        period_end=D(2021, 8, 31),
    )
    version = report_generate(report=make_report(), actor=secretariat)
    assert "were submitted to the 233rd/234th PTC sessions." in _blocks(version)["introduction.history"].text


def test_a_second_report_with_the_same_number_and_language_is_refused(
    secretariat: Any, make_report: Any
) -> None:
    from clearway.reports.services import report_update

    english = make_report()
    french = make_report("fr")
    with pytest.raises(ValidationFailed) as error:
        make_report()
    assert "document_number" in error.value.field_errors
    data = ReportInput(**{f: getattr(french, f) for f in ReportInput.__dataclass_fields__})
    data.language = "en"
    with pytest.raises(ValidationFailed):
        report_update(actor=secretariat, report=french, data=data)
    assert Report.objects.get(pk=french.pk).language == "fr" and english.language == "en"


def test_a_paragraph_the_user_adds_stays_in_place_across_regenerations(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    from clearway.reports.services import report_block_add, report_block_remove

    report = make_report()
    report_generate(report=report, actor=secretariat)
    note = "National workshops will be planned from the third quarter of 2022."
    added = report_block_add(
        report=report, actor=secretariat, after_block_id="capacity_activities.coverage", text=note
    )
    ids = list(_blocks(added))
    new_id = ids[ids.index("capacity_activities.coverage") + 1]
    assert _blocks(added)[new_id].text == note
    regenerated = report_generate(report=report, actor=secretariat)
    ids = list(_blocks(regenerated))
    assert ids[ids.index("capacity_activities.coverage") + 1] == new_id
    block = _blocks(regenerated)[new_id]
    assert block.text == note and not block.stale and not block.orphaned
    from clearway.reports.document import block_number

    numbers = block_number(list(_blocks(regenerated).values()))
    assert numbers[new_id] == numbers["capacity_activities.coverage"] + 1
    with pytest.raises(ValidationFailed):
        report_block_remove(report=report, actor=secretariat, block_id="capacity_activities.coverage")
    removed = report_block_remove(report=report, actor=secretariat, block_id=new_id)
    assert new_id not in _blocks(removed)
    assert AuditEvent.objects.filter(action__in=["reports.block.add", "reports.block.remove"]).count() == 2


def test_editing_a_demo_report_keeps_it_labelled_illustrative(secretariat: Any, make_report: Any) -> None:
    from clearway.reports.services import report_update

    report = make_report(illustrative=True)
    data = ReportInput(**{f: getattr(report, f) for f in ReportInput.__dataclass_fields__})
    data.illustrative, data.agenda_item = False, "X.b"
    report_update(actor=secretariat, report=report, data=data)
    report.refresh_from_db()
    assert report.illustrative and report.agenda_item == "X.b"
