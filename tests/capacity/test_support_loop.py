"""Closing the loop: standards on requests and activities, experts by standard, progress after support, the
re-assessment that falls due after delivery (task and reminder)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from clearway.assessments.models import Assessment, AssessmentCycle, AssessmentStatus, Catalogue
from clearway.capacity import progress
from clearway.capacity.models import RequestState as S
from clearway.capacity.services import (
    expert_create,
    request_create,
    request_standards_set,
    request_transition,
)
from clearway.capacity.services.requests import REASSESSMENT_AFTER
from clearway.core.audit import AuditEvent
from clearway.core.exceptions import InvalidTransition, PermissionDenied
from clearway.framework.models import Standard
from clearway.members.models import Member, Region

TODAY = timezone.localdate()


def _standards(*numbers: int) -> list[Standard]:
    return list(Standard.objects.filter(edition__code="2022", number__in=numbers).order_by("number"))


def _cycle(name: str, year: int) -> AssessmentCycle:
    catalogue = Catalogue.objects.get(code="clearway-2022-v2")
    return AssessmentCycle.objects.create(
        name_en=name,
        catalogue=catalogue,
        opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 12, 31),
    )


def _assessed(member: Any, cycle: AssessmentCycle, on: datetime.date, scores: dict[str, float]) -> Assessment:
    """A submitted assessment with its stored scores (what the scoring module stores after every change)."""
    stored = {"overall": 50.0, "standards": scores}
    return Assessment.objects.create(
        member=member,
        cycle=cycle,
        status=AssessmentStatus.SUBMITTED,
        score=50,
        submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))),
        scores={"all": stored, "members": stored, "public": stored},
    )


def test_a_request_names_the_standards_and_indicators_it_addresses(focal_a: Any, member_a: Any) -> None:
    first, second = _standards(3, 5)
    indicator = Catalogue.objects.get(code="clearway-2022-v2").indicators.filter(standard=second).first()
    r = request_create(
        actor=focal_a,
        member=member_a,
        intention_date=datetime.date(2022, 1, 5),
        standards=[first],
        indicators=[indicator],
    )
    # The indicator brings its standard with it.
    assert list(r.standards.order_by("number")) == [first, second]
    assert list(r.indicators.all()) == [indicator]
    event = AuditEvent.objects.get(action="capacity.support_request.create", object_id=str(r.pk))
    assert event.after["standards"] == sorted([first.key, second.key])


def test_standards_are_edited_until_the_workshop_is_planned_by_the_member_or_the_secretariat(
    focal_a: Any, focal_b: Any, member_a: Any, request_in: Any, secretariat: Any
) -> None:
    (first,) = _standards(2)
    r = request_in(member_a, S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        request_standards_set(actor=focal_b, request=r, standards=[first])
    request_standards_set(actor=focal_a, request=r, standards=[first])
    assert list(r.standards.all()) == [first]
    assert AuditEvent.objects.filter(
        action="capacity.support_request.standards_set", object_id=str(r.pk)
    ).exists()
    planned = request_in(Member.objects.get(iso3="TZA"), S.PLANNED)
    with pytest.raises(InvalidTransition):
        request_standards_set(actor=secretariat, request=planned, standards=[first])


def test_the_workshop_inherits_the_standards_experts_are_suggested_by_them_and_the_reassessment_falls_due(
    secretariat: Any, focal_a: Any, member_a: Any, request_in: Any
) -> None:
    from clearway.capacity.todo import todo_items

    first, second, third = _standards(1, 2, 3)
    esa = Region.objects.get(code="ESA")
    both = expert_create(
        actor=secretariat,
        name="B Both",
        status="accredited",
        profile="trainer",
        region=esa,
        languages=["en"],
        standards=[first, second],
    )
    one = expert_create(
        actor=secretariat,
        name="A One",
        status="accredited",
        profile="trainer",
        region=esa,
        languages=["en"],
        standards=[second, third],
    )
    expert_create(
        actor=secretariat,
        name="C None",
        status="accredited",
        profile="trainer",
        region=esa,
        languages=["en"],
        standards=[third],
    )
    r = request_in(member_a, S.APPROVED)
    r.standards.set([first, second])
    suggested = progress.experts_suggested(request=r)
    assert [(s.expert, s.covers) for s in suggested] == [(both, [first, second]), (one, [second])]
    start = TODAY - datetime.timedelta(days=10)
    r = request_transition(
        request=r,
        to_state=S.PLANNED,
        actor=secretariat,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        modality="online",
        experts=[both],
    )
    activity = r.activities.get()
    assert set(activity.standards.all()) == {first, second}
    r = request_transition(request=r, to_state=S.DELIVERED, actor=secretariat)
    assert r.reassessment_due == activity.end_date + REASSESSMENT_AFTER
    items = [i for i in todo_items(user=focal_a, today=TODAY) if i.kind == "capacity.reassessment"]
    assert len(items) == 1 and items[0].due == r.reassessment_due
    # An assessment submitted after the workshop settles it.
    _assessed(member_a, _cycle("Next", TODAY.year), TODAY, {})
    assert not [i for i in todo_items(user=focal_a, today=TODAY) if i.kind == "capacity.reassessment"]


def test_the_reassessment_is_reminded_on_its_reminder_days_once(
    focal_a: Any, member_a: Any, request_in: Any
) -> None:
    from clearway.capacity.reminders import reassessment_reminders_send_due
    from clearway.notifications.models import Notification

    due = datetime.date(2027, 6, 30)
    request_in(member_a, S.FOLLOW_UP, delivered_on=datetime.date(2026, 6, 30), reassessment_due=due)
    assert reassessment_reminders_send_due(today=due - datetime.timedelta(days=5)) == []
    reminder_day = due - datetime.timedelta(days=14)
    (sent,) = reassessment_reminders_send_due(today=reminder_day)
    assert sent.recipients == [focal_a.username]
    assert reassessment_reminders_send_due(today=reminder_day) == []  # once a day
    assert Notification.objects.filter(recipient=focal_a, kind="capacity.reassessment_due").count() == 1


def test_progress_after_support_shows_the_scores_before_and_after_the_workshop(
    secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any, request_in: Any, client_for: Any
) -> None:
    first, second = _standards(1, 2)
    r = request_in(member_a, S.FOLLOW_UP, delivered_on=datetime.date(2025, 3, 3))
    r.standards.set([first, second])
    from clearway.capacity.models import Activity

    activity = Activity.objects.create(
        title_en="National workshop",
        kind="national_workshop",
        status="delivered",
        modality="online",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 3),
        organiser_id=_organiser().pk,
        support_request=r,
    )
    activity.standards.set([first, second])
    _assessed(member_a, _cycle("2024", 2024), datetime.date(2024, 6, 1), {first.key: 20.0, second.key: 40.0})
    _assessed(member_a, _cycle("2026", 2026), datetime.date(2026, 2, 1), {first.key: 55.0, second.key: 40.0})
    (p,) = progress.request_progress(viewer=focal_a, request=r)
    assert p.measured and [(row.before, row.after, row.change) for row in p.rows] == [
        (20.0, 55.0, 35.0),
        (40.0, 40.0, 0.0),
    ]
    assert [x.member for x in progress.member_progress(viewer=secretariat, member=member_a)] == [member_a]
    # On the request, the activity and the Member's pages.
    for url in (
        f"/capacity/requests/{r.pk}/",
        f"/capacity/activities/{activity.pk}/",
        f"/members/{member_a.iso3}/",
    ):
        page = client_for(focal_a).get(url).content.decode()
        row = page[page.index(f'<tr data-standard="{first.key}">') :].split("</tr>")[0]
        assert "<td data-change>+35.0</td>" in row, url


def _organiser() -> Any:
    from clearway.capacity.models import Organisation

    return Organisation.objects.get_or_create(name_en="WCO Secretariat")[0]


def test_the_programme_view_compares_supported_and_other_members_and_hides_small_groups(
    secretariat: Any, focal_a: Any, regional_esa: Any, observer: Any, client_for: Any
) -> None:
    from clearway.capacity.models import Activity

    (standard,) = _standards(1)
    before, after = _cycle("2024", 2024), _cycle("2026", 2026)
    supported = list(Member.objects.filter(region__code="ESA").order_by("iso3")[:3])
    others = list(Member.objects.filter(region__code="EUR").order_by("iso3")[:3])
    for member in supported:
        activity = Activity.objects.create(
            title_en=f"Workshop {member.iso3}",
            kind="national_workshop",
            status="delivered",
            modality="online",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 3),
            organiser_id=_organiser().pk,
        )
        activity.members.set([member])
        activity.standards.set([standard])
        _assessed(member, before, datetime.date(2024, 6, 1), {standard.key: 20.0})
        _assessed(member, after, datetime.date(2026, 2, 1), {standard.key: 50.0})
    for member in others:
        _assessed(member, before, datetime.date(2024, 6, 1), {standard.key: 20.0})
        _assessed(member, after, datetime.date(2026, 2, 1), {standard.key: 25.0})
    view = progress.programme_progress(viewer=secretariat)
    row = next(c for c in view.standards if c.standard == standard)
    assert (row.supported.count, row.supported.mean) == (3, 30.0)
    assert (row.not_supported.count, row.not_supported.mean) == (3, 5.0)
    assert view.supported_members == 3 and view.measured_members == 3
    page = client_for(secretariat).get("/capacity/progress/").content.decode()
    cells = page[page.index(f'<tr data-standard="{standard.key}">') :].split("</tr>")[0]
    assert (
        '<td data-group="supported">+30.0</td>' in cells
        and '<td data-group="not-supported">+5.0</td>' in cells
    )
    # A regional office sees its region only: no other Members to compare with there, so none are summarised.
    regional = progress.programme_progress(viewer=regional_esa)
    row = next(c for c in regional.standards if c.standard == standard)
    assert row.supported.mean == 30.0 and row.not_supported.count == 0 and row.not_supported.mean is None
    # Under 3 Members, a group is not summarised.
    Assessment.objects.filter(member=others[0]).delete()
    row = next(c for c in progress.programme_progress(viewer=secretariat).standards if c.standard == standard)
    assert row.not_supported.suppressed and row.not_supported.mean is None
    for persona in (focal_a, observer):
        with pytest.raises(PermissionDenied):
            progress.programme_progress(viewer=persona)


def test_from_a_gap_on_the_scorecard_to_a_request_on_that_standard(
    client_for: Any, focal_a: Any, focal_b: Any, member_a: Any
) -> None:
    from clearway.capacity.models import SupportRequest

    weakest, other = _standards(4, 7)
    from clearway.assessments.services import answer_save

    assessment = Assessment.objects.create(
        member=member_a, cycle=_cycle("2026", 2026), status=AssessmentStatus.IN_PROGRESS
    )

    indicator = assessment.cycle.catalogue.indicators.filter(standard=weakest, kind="maturity").first()
    answer_save(
        actor=focal_a, assessment=assessment, indicator_code=indicator.code, base_version=0, stage="none"
    )
    client = client_for(focal_a)
    card = client.get(f"/assessments/{assessment.pk}/").content.decode()
    link = f"/capacity/requests/new/?standard={weakest.key}&amp;member={member_a.iso3}"
    assert link in card and "Request support on this standard" in card
    # Another Member's focal point reads the scorecard once submitted, but is not offered to ask for this Member.
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=timezone.now())
    assert (
        "Request support on this standard"
        not in client_for(focal_b).get(f"/assessments/{assessment.pk}/").content.decode()
    )
    form = client.get(f"/capacity/requests/new/?standard={other.key}").content.decode()
    assert _checked(form) == [other.pk]
    # Without a standard asked for, the form proposes the Member's gaps.
    proposed = client.get("/capacity/requests/new/").content.decode()
    assert weakest.pk in _checked(proposed)
    response = client.post(
        "/capacity/requests/new/",
        {"intention_date": "2026-01-05", "standards": [weakest.pk, other.pk], "indicators": [indicator.pk]},
    )
    assert response.status_code == 302
    r = SupportRequest.objects.get(member=member_a)
    assert set(r.standards.all()) == {weakest, other} and list(r.indicators.all()) == [indicator]
    page = client.get(f"/capacity/requests/{r.pk}/").content.decode()
    assert f'data-standard="{weakest.key}"' in page and indicator.code in page


def _checked(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="standards" value="(\d+)" id="[^"]+" checked', page)]


def test_the_api_files_a_request_with_its_standards_and_refuses_unknown_ones(
    focal_a: Any, member_a: Any
) -> None:
    from tests.capacity.test_scoping_and_api import _bearer

    (standard,) = _standards(6)
    api = _bearer(focal_a)
    bad = api.post(
        "/api/capacity/requests",
        {"intention_date": "2026-01-05", "standard_keys": ["no-such-standard"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    made = api.post(
        "/api/capacity/requests",
        {"intention_date": "2026-01-05", "standard_keys": [standard.key]},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["standard_keys"] == [standard.key]
    assert api.get(f"/api/capacity/requests/{made.json()['id']}").json()["standard_keys"] == [standard.key]


def test_the_programme_view_is_the_secretariats_and_regional_offices(
    client_for: Any, secretariat: Any, regional_esa: Any, focal_a: Any, observer: Any, anon_client: Any
) -> None:
    empty = client_for(secretariat).get("/capacity/progress/").content.decode()
    assert 'id="no-support-yet"' in empty and 'id="progress-table"' not in empty
    page = client_for(regional_esa).get("/capacity/progress/").content.decode()
    # A regional office reads its region's Members only, and the page says which region.
    assert "Progress after support" in page and f"<small>{regional_esa.region.name}</small>" in page
    assert client_for(focal_a).get("/capacity/progress/").status_code == 403
    assert client_for(observer).get("/capacity/progress/").status_code == 403
    assert anon_client.get("/capacity/progress/").status_code == 302


def test_the_secretariat_records_the_standards_an_expert_covers_on_the_roster_and_in_the_api(
    client_for: Any, secretariat: Any
) -> None:
    from clearway.capacity.models import Expert
    from tests.capacity.test_scoping_and_api import _bearer

    first, second = _standards(2, 9)
    response = client_for(secretariat).post(
        "/capacity/experts/",
        {
            "name": "Nia Roster",
            "status": "accredited",
            "profile": "trainer",
            "languages": "en, fr",
            "region": Region.objects.get(code="ESA").pk,
            "standards": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    assert set(Expert.objects.get(name="Nia Roster").standards.all()) == {first, second}
    made = _bearer(secretariat).post(
        "/api/capacity/experts",
        {
            "name": "Api Expert",
            "status": "accredited",
            "profile": "trainer",
            "languages": ["en"],
            "region": "ESA",
            "standard_keys": [first.key],
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    assert list(Expert.objects.get(name="Api Expert").standards.all()) == [first]


def test_the_follow_up_records_one_action_per_standard_addressed(
    client_for: Any, secretariat: Any, member_a: Any, request_in: Any
) -> None:
    first, second = _standards(3, 5)
    r = request_in(member_a, S.DELIVERED, delivered_on=datetime.date(2026, 3, 3))
    r.standards.set([first, second])
    client = client_for(secretariat)
    page = client.get(f"/capacity/requests/{r.pk}/").content.decode()
    assert f'name="action_for_{first.pk}"' in page and f'name="action_for_{second.pk}"' in page
    response = client.post(
        f"/capacity/requests/{r.pk}/to/follow_up/",
        {f"action_for_{first.pk}": "Adopt the risk rules", f"action_due_for_{first.pk}": "2027-01-31"},
    )
    assert response.status_code == 302
    r.refresh_from_db()
    (action,) = r.actions.all()
    assert (
        r.state == S.FOLLOW_UP and action.standard == first and action.due_date == datetime.date(2027, 1, 31)
    )
