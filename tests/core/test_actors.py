"""The typed actor: one `Actor` for every service and selector, `SYSTEM` for what Clearway does by itself (with
the Secretariat's reach, never a person), `ANONYMOUS` for visitors, and no `None` that skips a check.

Each app's services refuse an unprivileged person themselves, whatever page or API called them."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from clearway.accounts.actors import actor_person, actor_user
from clearway.accounts.scoping import member_filter_for_user, user_is_member_user, user_is_secretariat
from clearway.core.actors import ANONYMOUS, SYSTEM, request_actor
from clearway.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from clearway.core.jobs import job_actor, job_enqueue
from clearway.core.models import AuditEvent

# ------------------------------------------------------------------ the rule for SYSTEM, explicit


def test_the_system_has_the_secretariats_reach_and_no_member(db: Any, member_a: Any) -> None:
    from clearway.members.models import Member

    assert user_is_secretariat(SYSTEM) and not user_is_member_user(SYSTEM)
    assert Member.objects.filter(member_filter_for_user(SYSTEM, field="self", write=True)).count() > 100
    assert SYSTEM.member_id is None and SYSTEM.region_id is None and SYSTEM.pk is None


def test_an_anonymous_visitor_reaches_nothing_member_owned(db: Any, member_a: Any) -> None:
    from clearway.members.models import Member

    assert not user_is_secretariat(ANONYMOUS)
    assert not Member.objects.filter(member_filter_for_user(ANONYMOUS, field="self")).exists()


def test_the_system_is_no_person(secretariat: Any) -> None:
    assert actor_user(SYSTEM) is None and actor_user(ANONYMOUS) is None
    assert actor_user(secretariat) == secretariat
    with pytest.raises(PermissionDenied, match="a person must"):
        actor_person(SYSTEM)
    with pytest.raises(PermissionDenied):
        actor_person(ANONYMOUS)
    assert actor_person(secretariat) == secretariat


def test_a_request_acts_as_its_signed_in_user_or_as_an_anonymous_visitor(rf: Any, focal_a: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert request_actor(request) is ANONYMOUS
    request.user = focal_a
    assert request_actor(request) == focal_a


def test_the_system_is_recorded_in_the_audit_trail_as_system_events_always_were(focal_a: Any) -> None:
    from clearway.core.audit import audit_record

    event = audit_record(actor=SYSTEM, action="accounts.user.set_language", instance=focal_a)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None and stored.actor_label == "system"


def test_a_job_queued_by_the_system_runs_as_the_system_one_queued_by_a_person_as_them(
    secretariat: Any,
) -> None:
    by_system = job_enqueue(kind="notifications.digest", params={}, actor=SYSTEM)
    by_person = job_enqueue(kind="notifications.digest", params={}, actor=secretariat)
    assert by_system.created_by is None and job_actor(by_system) is SYSTEM
    assert by_person.created_by == secretariat and job_actor(by_person) == secretariat


# ------------------------------------------------------------------ where a person is required, SYSTEM is refused


def test_clearway_itself_makes_no_api_token(focal_a: Any) -> None:
    from clearway.accounts.models import ApiToken
    from clearway.accounts.services import api_token_create

    with pytest.raises(PermissionDenied, match="a person must"):
        api_token_create(actor=SYSTEM, user=focal_a, name="made by a job")
    assert not ApiToken.objects.exists()


def test_clearway_itself_neither_signs_off_nor_validates_an_assessment(
    secretariat: Any, focal_a: Any, member_a: Any
) -> None:
    from clearway.assessments.models import AssessmentStatus, Catalogue
    from clearway.assessments.services import assessment_submit, assessment_validate, cycle_create

    cycle = cycle_create(
        actor=secretariat,
        name="2026",
        catalogue=Catalogue.objects.order_by("pk").first(),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[member_a],
    )
    assessment = cycle.assessments.get()
    with pytest.raises(PermissionDenied, match="a person must"):
        assessment_submit(actor=SYSTEM, assessment=assessment, statement="Signed by nobody.")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    with pytest.raises(PermissionDenied, match="a person must"):
        assessment_validate(actor=SYSTEM, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.validated_by is None and assessment.status == AssessmentStatus.SUBMITTED


# ------------------------------------------------------------------ each app's services refuse an unprivileged person


def _accounts_user_create(f: dict[str, Any]) -> Any:
    from clearway.accounts.services import user_create

    return user_create(actor=f["focal_b"], username="intruder", password=None, role="member_contributor",
                       member=f["member_a"])  # fmt: skip


def _accounts_token_for_another(f: dict[str, Any]) -> Any:
    from clearway.accounts.services import api_token_create

    return api_token_create(actor=f["focal_b"], user=f["focal_a"], name="theirs")


def _core_job_cancel(f: dict[str, Any]) -> Any:
    from clearway.core.jobs import job_cancel

    return job_cancel(
        job=job_enqueue(kind="notifications.digest", params={}, actor=SYSTEM), actor=f["focal_a"]
    )


def _assessments_cycle_create(f: dict[str, Any]) -> Any:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create

    return cycle_create(
        actor=f["focal_a"],
        name="mine",
        catalogue=Catalogue.objects.order_by("pk").first(),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[f["member_a"]],
    )


def _capacity_activity_create(f: dict[str, Any]) -> Any:
    from clearway.capacity.services import ActivityInput, activity_create
    from tests.capacity.factories import activity_make

    activity = activity_make()

    data = ActivityInput(
        title_en="Another workshop",
        kind=activity.kind,
        modality=activity.modality,
        start_date=activity.start_date,
        end_date=activity.end_date,
        organiser=activity.organiser,
        region=activity.region,
    )
    return activity_create(actor=f["focal_a"], data=data)


def _surveys_questionnaire_import(f: dict[str, Any]) -> Any:
    from clearway.surveys.services import questionnaire_import_xlsform
    from tests.surveys import forms

    return questionnaire_import_xlsform(file=io.BytesIO(forms.stats_form()), code="stats", actor=f["focal_a"])


def _aeo_programme_create(f: dict[str, Any]) -> Any:
    from clearway.aeo.services import programme_create

    return programme_create(actor=f["focal_a"], member=f["member_a"], facts={"name_en": "Kenya AEO"})


def _shipments_upload_for_another_member(f: dict[str, Any]) -> Any:
    from clearway.shipments.services import kpi_result_upload

    return kpi_result_upload(actor=f["focal_b"], member=f["member_a"], content=b"{}")


def _reports_create(f: dict[str, Any]) -> Any:
    from clearway.reports.services import ReportInput, report_create

    day = datetime.date(2022, 3, 7)
    data = ReportInput(
        session="235th/236th",
        document_number="PC0690",
        document_date=day,
        period_start=datetime.date(2021, 9, 1),
        period_end=day,
        language="en",
        previous_session="233rd/234th",
        previous_document_number="PC0674",
        meeting_start=datetime.date(2022, 4, 25),
        meeting_end=datetime.date(2022, 4, 29),
        meeting_format="hybrid",
        agenda_item="X.a",
    )
    return report_create(actor=f["focal_a"], data=data)


def _notifications_mark_anothers_read(f: dict[str, Any]) -> Any:
    from clearway.notifications.services import notification_mark_read, notification_send

    (note,) = notification_send(
        actor=SYSTEM, recipients=[f["focal_a"]], kind="jobs.ready", params={"what": "Report"}
    )
    return notification_mark_read(user=f["focal_b"], notification=note)


def _members_member_get_anonymous(f: dict[str, Any]) -> Any:
    from clearway.members.selectors import member_get

    return member_get(viewer=ANONYMOUS, iso3="KEN")


REFUSALS: list[tuple[str, Callable[[dict[str, Any]], Any], type[Exception]]] = [
    (
        "accounts: another Member's focal point adds a contact to Kenya",
        _accounts_user_create,
        PermissionDenied,
    ),
    ("accounts: a focal point makes a token for someone else", _accounts_token_for_another, PermissionDenied),
    ("core: a focal point cancels a background job", _core_job_cancel, PermissionDenied),
    ("assessments: a focal point opens a cycle", _assessments_cycle_create, PermissionDenied),
    ("capacity: a focal point plans an activity", _capacity_activity_create, PermissionDenied),
    ("surveys: a focal point imports a questionnaire", _surveys_questionnaire_import, PermissionDenied),
    ("aeo: a focal point records a programme directly", _aeo_programme_create, PermissionDenied),
    (
        "shipments: a focal point uploads results for another Member",
        _shipments_upload_for_another_member,
        PermissionDenied,
    ),  # fmt: skip
    ("reports: a focal point creates a committee report", _reports_create, PermissionDenied),
    (
        "notifications: one person marks another's notification read",
        _notifications_mark_anothers_read,
        ValidationFailed,
    ),  # fmt: skip
    ("members: an anonymous visitor opens a Member", _members_member_get_anonymous, NotFound),
]


@pytest.mark.parametrize(("case", "call", "refusal"), REFUSALS, ids=[r[0].split(":")[0] for r in REFUSALS])
def test_each_apps_services_refuse_an_unprivileged_actor_themselves(
    case: str,
    call: Callable[[dict[str, Any]], Any],
    refusal: type[Exception],
    member_a: Any,
    focal_a: Any,
    focal_b: Any,
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(refusal):
        call({"member_a": member_a, "focal_a": focal_a, "focal_b": focal_b})
    written = AuditEvent.objects.exclude(
        action__in=["capacity.activity.create", "capacity.organisation.create"]
    )
    assert written.count() <= events, case  # nothing was written in the refused actor's name
