"""A report reads the register's states as they were at the end of its period: a status changed afterwards changes
neither its figures nor its flags; a change made within the period counts."""

from __future__ import annotations

import datetime
from typing import Any

from clearway.capacity.models import Activity
from clearway.capacity.selectors import activity_statuses_at, regional_coverage
from clearway.capacity.services import activity_update
from clearway.core.models import AuditEvent
from clearway.members.models import Region
from clearway.reports.document import Block
from clearway.reports.services import report_generate
from tests.capacity.factories import activity_make
from tests.reports.test_generation import _input_of

D = datetime.date
END_OF_PERIOD = datetime.datetime(2021, 6, 30, 23, 59, tzinfo=datetime.UTC)


def _recorded_on(activity: Activity, day: datetime.date) -> None:
    """The activity's audit trail so far, dated `day` (recorded during the period)."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    AuditEvent.objects.filter(object_type="capacity.activity", object_id=str(activity.pk)).update(at=moment)


def _figures(version: Any) -> dict[str, str]:
    blocks = [Block.from_dict(b) for b in version.blocks]
    return {b.id: b.plain for b in blocks if b.section == "capacity_activities"}


def _workshop(code: str, start: datetime.date, **extra: Any) -> Activity:
    return activity_make(
        title_en=f"Regional workshop for {code}",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        region=Region.objects.get(code=code),
        participants_value=50,
        **extra,
    )


def test_a_status_changed_after_the_period_changes_neither_the_figures_nor_the_flags(
    make_report: Any, secretariat: Any, db: Any
) -> None:
    eur = _workshop("EUR", D(2021, 2, 1))
    ap = _workshop("AP", D(2021, 5, 10))
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0760")
    first = report_generate(report=report, actor=secretariat)
    assert "delivered 2" in _figures(first)["capacity_activities.totals"]
    activity_update(actor=secretariat, activity=eur, data=_input_of(eur, status="cancelled"))
    again = report_generate(report=report, actor=secretariat)
    assert again.pk == first.pk  # the same figures: no new version
    assert _figures(again) == _figures(first)
    assert not [b["id"] for b in again.blocks if b.get("changed")]
    then = regional_coverage(viewer=secretariat, until=D(2021, 6, 30), as_of=END_OF_PERIOD)
    now = regional_coverage(viewer=secretariat, until=D(2021, 6, 30))
    assert {"EUR", "AP"} <= {r.region.code for r in then.regions if r.completed}
    assert "EUR" in {r.code for r in now.missing}  # the register today knows it was cancelled
    assert activity_statuses_at(activities=[eur, ap], at=END_OF_PERIOD) == {
        eur.pk: "delivered",
        ap.pk: "delivered",
    }


def test_a_status_changed_within_the_period_counts(make_report: Any, secretariat: Any, db: Any) -> None:
    eur = _workshop("EUR", D(2021, 2, 1))
    activity_update(actor=secretariat, activity=eur, data=_input_of(eur, status="cancelled"))
    _recorded_on(eur, D(2021, 3, 1))  # recorded, then cancelled, during the period
    planned = _workshop("AP", D(2021, 5, 10), status="planned")
    _recorded_on(planned, D(2021, 1, 15))  # planned during the period ...
    activity_update(actor=secretariat, activity=planned, data=_input_of(planned, status="delivered"))
    statuses = activity_statuses_at(activities=[eur, planned], at=END_OF_PERIOD)
    assert statuses == {eur.pk: "cancelled", planned.pk: "planned"}  # ... confirmed delivered only after it
    report = make_report(period_start=D(2020, 12, 1), period_end=D(2021, 6, 30), document_number="PC0761")
    figures = _figures(report_generate(report=report, actor=secretariat))
    assert "capacity_activities.none" in figures
    later = make_report(period_start=D(2021, 1, 1), period_end=D(2026, 12, 31), document_number="PC0762")
    totals = _figures(report_generate(report=later, actor=secretariat))["capacity_activities.totals"]
    assert "delivered 1" in totals  # a report for a period ending now reads the AP workshop as delivered
