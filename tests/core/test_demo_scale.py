"""`clearway demo load --scale full` at a size tests can afford (the TEST scale: the same code, fewer Members,
cycles, surveys...): counts as the scale says, data as the services would store it, idempotent, deterministic,
and the main pages open on it.

The data are loaded once for the module (twice, in fact: the first load is rolled back after its fingerprint is
taken, to compare it with the second) inside a transaction rolled back when the module ends.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.aeo.models import MutualRecognition, Programme
from clearway.assessments.demo_scale import cycle_specs
from clearway.assessments.models import Answer, AnswerRevision, Assessment, AssessmentCycle, AssessmentStatus
from clearway.assessments.selectors import indicator_list, scorecard_full
from clearway.capacity.models import Activity, RequestState, SupportRequest
from clearway.capacity.workflow import request_eligibility
from clearway.core.demo_scale import TEST, demo_data_load
from clearway.core.models import AuditEvent
from clearway.members.demo_scale import members_taking_part
from clearway.reports.models import Report
from clearway.shipments.models import KpiResult
from clearway.surveys import definition as defn
from clearway.surveys.demo_scale import survey_specs
from clearway.surveys.models import Response, ResponseState, Survey

pytestmark = pytest.mark.django_db


def _load() -> list[tuple[str, str, float]]:
    with translation.override("en"):
        return demo_data_load(scale=TEST)


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        since = timezone.now()
        with transaction.atomic():
            _load()
            first = fingerprint(since)
            transaction.set_rollback(True)
        since = timezone.now()
        _load()
        second = fingerprint(since)
        counts = model_counts()
        again = _load()
        yield {"first": first, "second": second, "counts": counts, "again": again, "since": since}
        transaction.set_rollback(True)


# ---------------------------------------------------------------- what tests compare


def _stable(value: Any, since: datetime.datetime) -> Any:
    """Values as compared between loads: times of the load itself (not history) and JSON as sorted text."""
    if isinstance(value, datetime.datetime) and value >= since:
        return "now"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


FINGERPRINTS: dict[Any, tuple[str, ...]] = {
    User: ("username", "first_name", "last_name", "role", "member__iso3", "preferred_language", "job_title"),
    Assessment: (
        "cycle__name_en",
        "member__iso3",
        "status",
        "score",
        "submitted_at",
        "validated_at",
        "submitted_by__username",
        "validated_by__username",
        "sign_off_statement",
    ),
    Answer: (
        "assessment__cycle__name_en",
        "assessment__member__iso3",
        "indicator__code",
        "stage",
        "yes",
        "value",
        "not_measurable",
        "comment",
        "version",
        "updated_by__username",
        "updated_at",
    ),
    AnswerRevision: (
        "answer__assessment__cycle__name_en",
        "answer__assessment__member__iso3",
        "answer__indicator__code",
        "version",
        "accepted",
        "data",
        "author_label",
        "at",
    ),
    SupportRequest: (
        "member__iso3",
        "intention_date",
        "state",
        "official_request_date",
        "official_request_reference",
        "decision_reason",
        "delivered_on",
        "reassessment_due",
        "assessment__cycle__name_en",
    ),
    Activity: (
        "title_en",
        "kind",
        "status",
        "modality",
        "start_date",
        "end_date",
        "region__code",
        "organiser__name_en",
        "member_count",
        "participants_value",
        "support_request__member__iso3",
    ),
    Survey: (
        "reference",
        "title_en",
        "letter_date",
        "deadline",
        "state",
        "disclosure",
        "version__questionnaire__code",
        "opened_at",
        "closed_at",
    ),
    Response: ("survey__reference", "member__iso3", "state", "answers", "version", "submitted_at"),
    Programme: (
        "member__iso3",
        "name_en",
        "status",
        "launch_year",
        "operator_types",
        "ecommerce_features",
        "confirmed",
        "source",
    ),
    MutualRecognition: (
        "kind",
        "status",
        "signed_on",
        "covers_ecommerce",
        "name_en",
        "programmes__member__iso3",
    ),
    KpiResult: ("member__iso3", "label", "fingerprint", "rows_read", "rows_accepted", "created_at"),
    Report: ("document_number", "language", "session", "period_start", "period_end"),
    AuditEvent: ("action", "object_type", "member_iso3", "actor_label", "at", "reason"),
}


def fingerprint(since: datetime.datetime) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the models above by natural keys (no ids, which differ between databases and runs)."""
    return {
        model.__name__: sorted(
            tuple(_stable(v, since) for v in row) for row in model.objects.values_list(*names)
        )
        for model, names in FINGERPRINTS.items()
    }


def model_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in FINGERPRINTS}


# ---------------------------------------------------------------- counts and shapes


def test_the_totals_are_those_of_the_scale(loaded: dict[str, Any]) -> None:
    counts = loaded["counts"]
    assert counts["Activity"] == TEST.activities
    assert counts["SupportRequest"] == TEST.support_requests
    assert counts["Programme"] == TEST.aeo_programmes
    assert counts["MutualRecognition"] == TEST.arrangements
    assert counts["KpiResult"] == TEST.kpi_results
    assert counts["Report"] == TEST.reports
    assert counts["AuditEvent"] == TEST.audit_events


def test_every_member_taking_part_has_a_focal_point_and_a_contributor(loaded: dict[str, Any]) -> None:
    for member in members_taking_part(scale=TEST):
        roles = set(User.objects.filter(member=member).values_list("role", flat=True))
        assert {Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR} <= roles, member.iso3


def test_each_cycle_has_every_member_with_every_indicator_answered(loaded: dict[str, Any]) -> None:
    specs = cycle_specs(scale=TEST)
    cycles = AssessmentCycle.objects.filter(name_en__in=[name for (name, *_rest), _closed in specs])
    assert sorted(cycles.values_list("status", flat=True)) == ["closed"] * TEST.closed_cycles + ["open"]
    demo_started = {"CHL"}  # in the small demo's cycles, where its own states stay
    for cycle in cycles:
        indicators = len(indicator_list(catalogue=cycle.catalogue))
        for member in members_taking_part(scale=TEST):
            assessment = Assessment.objects.get(cycle=cycle, member=member)
            assert cycle.members.filter(pk=member.pk).exists()
            if member.iso3 not in demo_started or cycle.name == "Cycle 2025 (illustrative)":
                assert assessment.answers.count() == indicators, (cycle.name, member.iso3)


def test_stored_scores_and_statuses_are_those_the_services_would_store(loaded: dict[str, Any]) -> None:
    for assessment in Assessment.objects.filter(illustrative=True).select_related("cycle__catalogue"):
        overall = scorecard_full(assessment=assessment).overall
        assert assessment.overall_score == overall, assessment
        if assessment.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED):
            assert assessment.submitted_at is not None and assessment.sign_off_statement
        assert (assessment.validated_at is not None) == (assessment.status == AssessmentStatus.VALIDATED)
    for answer in Answer.objects.filter(assessment__cycle__name_en="Cycle 2025 (illustrative)"):
        accepted = answer.revisions.filter(accepted=True).order_by("-version")
        assert accepted.count() == answer.version
        assert accepted[0].data == answer.values()


def test_the_history_is_dated_in_the_past_and_audited(loaded: dict[str, Any]) -> None:
    revisions = AnswerRevision.objects.filter(answer__assessment__cycle__name_en="Cycle 2025 (illustrative)")
    assert revisions.exists() and not revisions.filter(at__gte=loaded["since"]).exists()
    answers = Answer.objects.filter(assessment__cycle__name_en="Cycle 2025 (illustrative)")
    saves = AuditEvent.objects.filter(
        action="assessments.answer.save",
        object_id__in=[str(pk) for pk in answers.values_list("pk", flat=True)],
    )
    assert saves.count() == revisions.filter(accepted=True).count()
    assert not saves.filter(at__gte=loaded["since"]).exists()
    assert AuditEvent._meta.get_field("at").auto_now_add  # the loader gave the automatic dates back


def test_surveys_have_a_complete_response_from_every_member(loaded: dict[str, Any]) -> None:
    members = members_taking_part(scale=TEST)
    for spec in survey_specs(scale=TEST):
        survey = Survey.objects.select_related("version").get(reference=spec.reference)
        assert survey.illustrative and survey.targets.count() == len(members)
        assert survey.responses.count() == len(members)
        for response in survey.responses.filter(state=ResponseState.SUBMITTED):
            assert defn.answers_validate(survey.version.definition, response.answers, lang="en") == {}
    assert len(defn.fields(survey.version.definition)) == TEST.survey_questions
    assert Response.objects.filter(survey__state="closed", state=ResponseState.DRAFT).count() == 0


def test_requests_move_only_as_the_workflow_allows(loaded: dict[str, Any]) -> None:
    approved_or_later = [
        RequestState.APPROVED,
        RequestState.PLANNED,
        RequestState.DELIVERED,
        RequestState.FOLLOW_UP,
    ]
    for request in SupportRequest.objects.filter(state__in=approved_or_later):
        assert all(c.met for c in request_eligibility(request=request)), request
    for request in SupportRequest.objects.filter(state__in=approved_or_later[1:]):
        assert request.activities.count() == 1


# ---------------------------------------------------------------- idempotent, deterministic


def test_a_second_load_changes_nothing(loaded: dict[str, Any]) -> None:
    assert model_counts() == loaded["counts"]
    assert fingerprint(loaded["since"]) == loaded["second"]
    assert [app for app, _result, _seconds in loaded["again"]] == [
        "accounts",
        "assessments",
        "capacity",
        "surveys",
        "aeo",
        "shipments",
        "reports",
    ]  # no audit fill the second time: the trail has its size


def test_two_loads_give_the_same_data(loaded: dict[str, Any]) -> None:
    first, second = loaded["first"], loaded["second"]
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_the_command_offers_small_and_full_scales_only() -> None:
    with pytest.raises(CommandError):
        call_command("demo_load", "--scale", "huge")


# ---------------------------------------------------------------- pages


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_main_pages_open_for_the_secretariat(loaded: dict[str, Any]) -> None:
    open_cycle = AssessmentCycle.objects.get(status="open", name_en="Cycle 2026 (illustrative)")
    closed_cycle = AssessmentCycle.objects.get(name_en="Cycle 2025 (illustrative)")
    survey = Survey.objects.filter(reference__startswith="ILLUSTRATIVE/PS").first()
    request = (
        SupportRequest.objects.filter(state=RequestState.FOLLOW_UP).first() or SupportRequest.objects.first()
    )
    pages = [
        "/",
        "/assessments/",
        f"/assessments/cycles/{open_cycle.pk}/",
        f"/assessments/cycles/{closed_cycle.pk}/",
        f"/assessments/cycles/{closed_cycle.pk}/benchmarks/",
        f"/assessments/{closed_cycle.assessments.first().pk}/",  # type: ignore[union-attr]
        "/members/",
        f"/members/{members_taking_part(scale=TEST)[0].iso3}/",
        "/capacity/",
        "/capacity/requests/",
        f"/capacity/requests/{request.pk}/",  # type: ignore[union-attr]
        "/capacity/experts/",
        "/surveys/",
        f"/surveys/{survey.pk}/",  # type: ignore[union-attr]
        f"/surveys/{survey.pk}/statistics/",  # type: ignore[union-attr]
        "/aeo/",
        "/aeo/network/",
        "/shipments/kpis/",
        f"/shipments/kpis/{KpiResult.objects.first().pk}/",  # type: ignore[union-attr]
        "/reports/",
        f"/reports/{Report.objects.order_by('-document_date').first().pk}/",  # type: ignore[union-attr]
        "/audit/",
    ]
    client = _signed_in("secretariat")
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_a_members_focal_point_opens_its_assessment_and_a_survey(loaded: dict[str, Any]) -> None:
    member = members_taking_part(scale=TEST)[0]
    client = _signed_in(f"focal.{member.iso3.lower()}")
    assessment = Assessment.objects.get(member=member, cycle__status="open")
    open_survey = Survey.objects.filter(reference__startswith="ILLUSTRATIVE/PS", state="open").first()
    for url in ["/", f"/assessments/{assessment.pk}/", "/surveys/", "/audit/"]:
        assert client.get(url).status_code == 200, url
    if open_survey is not None:
        assert client.get(f"/surveys/{open_survey.pk}/answer/").status_code == 200
