"""Reads of catalogues, cycles and assessments, scoped to the viewer and filtered by disclosure level.

Scores pooled across assessments and cycles (change, overview, heat map, benchmarks) are in `analytics`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.roles import Role
from clearway.accounts.scoping import member_filter_for_user, user_is_member_user, user_is_secretariat
from clearway.assessments.disclosure import levels_for_viewer
from clearway.assessments.models import (
    COMPLETED_STATUSES,
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Catalogue,
    Commitment,
    CycleStatus,
    Evidence,
    Indicator,
    IndicatorMapping,
    ReviewComment,
    ReviewKind,
)
from clearway.assessments.scoring import Scorecard, scorecard_compute
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound, PermissionDenied
from clearway.members.models import Member

# ---------------------------------------------------------------- catalogues


def catalogue_list() -> QuerySet[Catalogue]:
    return Catalogue.objects.select_related("edition")


def catalogue_get(*, code: str) -> Catalogue:
    catalogue = catalogue_list().filter(code=code).first()
    if catalogue is None:
        raise NotFound()
    return catalogue


_INDICATOR_CACHE: dict[tuple[int, str, str], list[Indicator]] = {}


def indicator_list(*, catalogue: Catalogue, levels: frozenset[str] | None = None) -> list[Indicator]:
    """The catalogue's indicators in order, optionally only those of the given disclosure levels.

    A loaded catalogue version only changes through `reference_load`, which changes its checksum, so the
    list is kept per process keyed by (catalogue, checksum, load time). Callers must treat the objects as read-only.
    """
    key = (catalogue.pk, catalogue.checksum, catalogue.loaded_at.isoformat())
    if key not in _INDICATOR_CACHE:
        qs = Indicator.objects.filter(catalogue=catalogue).select_related(
            "standard__principle", "standard__edition"
        )
        if len(_INDICATOR_CACHE) > 16:
            _INDICATOR_CACHE.clear()
        _INDICATOR_CACHE[key] = list(qs.order_by("standard__number", "order", "code"))
    indicators = _INDICATOR_CACHE[key]
    return list(indicators) if levels is None else [i for i in indicators if i.disclosure in levels]


def indicator_list_with_measure(*, catalogue: Catalogue) -> list[Indicator]:
    """Indicators a shipment KPI can answer: numeric ones with `measure`, maturity ones with `expected_measure`."""
    qs = Indicator.objects.filter(catalogue=catalogue).filter(
        ~Q(measure="") | Q(expected_measure__isnull=False)
    )
    return list(qs.select_related("standard__principle").order_by("standard__number", "order", "code"))


def indicator_mapping_list(*, target: Catalogue) -> QuerySet[IndicatorMapping]:
    """How indicators of earlier catalogue versions correspond to this one (for display)."""
    return (
        IndicatorMapping.objects.filter(target__catalogue=target)
        .select_related("source__catalogue", "target")
        .order_by("source__catalogue__code", "source__code", "target__code")
    )


def indicator_mapping_for(*, source: Catalogue, target: Catalogue) -> list[tuple[int, int]]:
    """(previous indicator id, current indicator id) pairs: identity within a catalogue, else the explicit mapping.

    A split indicator appears in several pairs: its previous answer stands for each of its successors.
    """
    if source.pk == target.pk:
        return [(pk, pk) for pk in Indicator.objects.filter(catalogue=source).values_list("pk", flat=True)]
    rows = IndicatorMapping.objects.filter(source__catalogue=source, target__catalogue=target)
    return list(rows.values_list("source_id", "target_id"))


def indicator_get(*, catalogue: Catalogue, code: str) -> Indicator:
    indicator = (
        Indicator.objects.filter(catalogue=catalogue, code=code).select_related("standard__principle").first()
    )
    if indicator is None:
        raise NotFound(
            _("Indicator %(code)s is not in catalogue %(catalogue)s.")
            % {"code": code, "catalogue": catalogue.code}
        )
    return indicator


# ---------------------------------------------------------------- cycles


def cycle_list(*, viewer: Actor) -> QuerySet[AssessmentCycle]:
    if not viewer.is_authenticated:
        return AssessmentCycle.objects.none()
    return AssessmentCycle.objects.select_related("catalogue__edition")


def cycle_current() -> AssessmentCycle | None:
    """The latest open cycle, else the latest cycle."""
    qs = AssessmentCycle.objects.select_related("catalogue")
    return (
        qs.filter(status=CycleStatus.OPEN).order_by("-opens_on", "-id").first()
        or qs.order_by("-opens_on", "-id").first()
    )


def cycle_get(*, viewer: Actor, cycle_id: int) -> AssessmentCycle:
    cycle = cycle_list(viewer=viewer).filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound()
    return cycle


def cycle_previous(*, cycle: AssessmentCycle) -> AssessmentCycle | None:
    return (
        AssessmentCycle.objects.filter(opens_on__lt=cycle.opens_on)
        .select_related("catalogue")
        .order_by("-opens_on", "-id")
        .first()
    )


def cycle_standards(*, cycle: AssessmentCycle) -> list[Any]:
    """The standards the cycle's catalogue has indicators for, in number order."""
    return sorted({i.standard for i in indicator_list(catalogue=cycle.catalogue)}, key=lambda s: s.number)


# ---------------------------------------------------------------- assessments


def _assessment_visibility(viewer: Actor) -> Q:
    """Own Member (any status) and the secretariat see all; a regional office its region's; others completed ones."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    own = member_filter_for_user(viewer)
    if user_is_secretariat(viewer):
        return own
    if not levels_for_viewer(viewer):
        return Q(pk__in=[])
    completed = Q(status__in=[s.value for s in COMPLETED_STATUSES])
    if user_is_member_user(viewer) or viewer.role == Role.REGIONAL_OFFICE:
        return own | completed
    return completed


def assessment_list_for_user(
    *, user: Actor, cycle: AssessmentCycle | None = None, member: Member | None = None
) -> QuerySet[Assessment]:
    qs = Assessment.objects.filter(_assessment_visibility(user)).select_related(
        "member__region", "cycle__catalogue"
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if member is not None:
        qs = qs.filter(member=member)
    return qs


def assessments_completed(cycle: AssessmentCycle) -> QuerySet[Assessment]:
    """The cycle's submitted and validated assessments, with their Member and region."""
    completed = [s.value for s in COMPLETED_STATUSES]
    return Assessment.objects.filter(cycle=cycle, status__in=completed).select_related(
        "member__region", "cycle__catalogue"
    )


def assessment_get_for_user(*, user: Actor, assessment_id: int, write: bool = False) -> Assessment:
    """The assessment if `user` may read it (or write its answers, with write=True); NotFound otherwise."""
    assessment = assessment_list_for_user(user=user).filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound()
    if (
        write
        and not Assessment.objects.filter(member_filter_for_user(user, write=True), pk=assessment_id).exists()
    ):
        raise PermissionDenied()
    return assessment


def assessment_for_member_and_cycle(
    *, user: Actor, member: Member, cycle: AssessmentCycle
) -> Assessment | None:
    return assessment_list_for_user(user=user, cycle=cycle, member=member).first()


def assessment_submitted_for_member(*, member: Member) -> Assessment | None:
    """The Member's submitted or validated assessment in the current cycle (the capacity-building signal)."""
    cycle = cycle_current()
    if cycle is None:
        return None
    return (
        Assessment.objects.filter(
            member=member, cycle=cycle, status__in=[s.value for s in COMPLETED_STATUSES]
        )
        .select_related("cycle", "member")
        .first()
    )


def assessment_levels(*, viewer: Actor, assessment: Assessment) -> frozenset[str]:
    return levels_for_viewer(viewer, member_id=assessment.member_id)


def answer_list(*, assessment: Assessment) -> list[Answer]:
    return list(assessment.answers.select_related("indicator", "updated_by"))


def answer_history(*, answer: Answer) -> QuerySet[AnswerRevision]:
    return answer.revisions.select_related("author")


def evidence_list(*, assessment: Assessment, levels: frozenset[str]) -> QuerySet[Evidence]:
    return assessment.evidence.filter(indicator__disclosure__in=levels).select_related(
        "indicator", "uploaded_by"
    )


def evidence_counts_for_cycle(*, viewer: Actor, cycle: AssessmentCycle) -> dict[int, int]:
    """Assessment id -> how many evidence files of it the viewer may see (by each indicator's disclosure)."""
    counts: dict[int, int] = defaultdict(int)
    rows = (
        Evidence.objects.filter(assessment__cycle=cycle)
        .values("assessment_id", "assessment__member_id", "indicator__disclosure")
        .annotate(n=Count("id"))
    )
    for row in rows:
        if row["indicator__disclosure"] in levels_for_viewer(viewer, member_id=row["assessment__member_id"]):
            counts[row["assessment_id"]] += row["n"]
    return dict(counts)


def evidence_get_for_user(*, user: Actor, evidence_id: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=evidence_id).select_related("assessment", "indicator").first()
    if evidence is None:
        raise NotFound()
    assessment = assessment_get_for_user(user=user, assessment_id=evidence.assessment_id)
    if evidence.indicator.disclosure not in assessment_levels(viewer=user, assessment=assessment):
        raise NotFound()
    return evidence


def comment_list(*, assessment: Assessment) -> QuerySet[ReviewComment]:
    """The assessment's thread: messages about the whole assessment (those about one answer are beside it)."""
    return assessment.comments.filter(indicator__isnull=True).select_related("author")


def comments_by_indicator(*, assessment: Assessment) -> dict[int, list[ReviewComment]]:
    """Indicator id -> the messages about that answer, oldest first."""
    threads: dict[int, list[ReviewComment]] = {}
    for comment in assessment.comments.filter(indicator__isnull=False).select_related("author"):
        assert comment.indicator_id is not None  # for mypy: filtered above
        threads.setdefault(comment.indicator_id, []).append(comment)
    return threads


def evidence_by_indicator(*, assessment: Assessment, levels: frozenset[str]) -> dict[int, list[Evidence]]:
    files: dict[int, list[Evidence]] = {}
    for item in evidence_list(assessment=assessment, levels=levels):
        files.setdefault(item.indicator_id, []).append(item)
    return files


_REVIEW_STEPS = [ReviewKind.SUBMITTED, ReviewKind.RETURNED, ReviewKind.VALIDATED, ReviewKind.REOPEN_REQUESTED]


def _last_review_step(assessment: Assessment) -> ReviewComment | None:
    return assessment.comments.filter(kind__in=_REVIEW_STEPS).order_by("-at", "-id").first()


def assessment_return_reason(*, assessment: Assessment) -> ReviewComment | None:
    """Why the secretariat returned the assessment, while it is returned."""
    if assessment.status != AssessmentStatus.RETURNED:
        return None
    return assessment.comments.filter(kind=ReviewKind.RETURNED).order_by("-at", "-id").first()


def assessment_reopen_request(*, assessment: Assessment) -> ReviewComment | None:
    """The Member's request to reopen its completed assessment, while the secretariat has not acted on it."""
    if assessment.status not in COMPLETED_STATUSES:
        return None
    last = _last_review_step(assessment)
    return last if last is not None and last.kind == ReviewKind.REOPEN_REQUESTED else None


def scorecard_for(*, viewer: Actor, assessment: Assessment) -> Scorecard:
    """The scorecard over the indicators `viewer` may see (all of them for the Member and the secretariat)."""
    levels = assessment_levels(viewer=viewer, assessment=assessment)
    indicators = indicator_list(catalogue=assessment.cycle.catalogue, levels=levels)
    return scorecard_compute(indicators=indicators, answers=answer_list(assessment=assessment))


def scorecard_full(*, assessment: Assessment) -> Scorecard:
    """All indicators: for the stored overall score only (services), never shown without a viewer check."""
    indicators = indicator_list(catalogue=assessment.cycle.catalogue)
    return scorecard_compute(indicators=indicators, answers=assessment.answers.all())


# ---------------------------------------------------------------- commitments


def commitment_list_for_user(*, user: Actor, member: Member | None = None) -> QuerySet[Commitment]:
    qs = Commitment.objects.filter(member_filter_for_user(user)).select_related("member", "standard")
    if member is not None:
        qs = qs.filter(member=member)
    return qs


def commitment_overdue_list(*, user: Actor) -> list[Commitment]:
    today = timezone.localdate()
    return [c for c in commitment_list_for_user(user=user) if c.is_overdue(today)]
