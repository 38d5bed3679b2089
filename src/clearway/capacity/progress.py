"""Closing the loop of national support: from a Member's gaps to the standards a request addresses, from the
request to the experts who cover them, and from the delivered workshop to the scores of those standards in the
Member's last assessment before it and its first one after it.

Scores are the stored per-standard scores (`assessments.analytics.assessment_standard_scores`) over the
indicators the viewer may see; pooled figures (the programme view) follow the benchmarks' small-group rule: a
group of fewer than 3 Members is not summarised.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.db.models import Q, QuerySet

from clearway.accounts.actors import actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.assessments.analytics import MIN_MEMBERS_FOR_BENCHMARK, assessment_standard_scores
from clearway.assessments.disclosure import levels_for_aggregates, levels_for_viewer
from clearway.assessments.models import COMPLETED_STATUSES, Assessment
from clearway.assessments.selectors import assessment_list_for_user, scorecard_for
from clearway.capacity.models import Activity, ActivityStatus, Expert, SupportRequest
from clearway.core.actors import Actor
from clearway.core.exceptions import PermissionDenied
from clearway.framework.models import Standard

PROPOSED_GAPS = 3  # how many of the weakest standards a new request proposes


# ------------------------------------------------------------------ from gaps to a request


def member_latest_assessment(*, viewer: Actor, member: Any) -> Assessment | None:
    """The Member's most recent assessment `viewer` may read that has a score (newest cycle first)."""
    return (
        assessment_list_for_user(user=viewer, member=member)
        .exclude(score__isnull=True)
        .order_by("-cycle__opens_on", "-pk")
        .first()
    )


def request_standards_proposed(*, viewer: Actor, member: Any) -> list[Standard]:
    """The standards a new request of `member` proposes: its weakest standards in its latest scored assessment."""
    if member is None:
        return []
    assessment = member_latest_assessment(viewer=viewer, member=member)
    if assessment is None:
        return []
    return [s.standard for s in scorecard_for(viewer=viewer, assessment=assessment).gaps()[:PROPOSED_GAPS]]


# ------------------------------------------------------------------ from request to delivery


@dataclass(frozen=True)
class ExpertSuggestion:
    expert: Expert
    covers: list[Standard]


def experts_suggested(*, request: SupportRequest) -> list[ExpertSuggestion]:
    """Experts available for missions who cover at least one of the request's standards, most covered first."""
    wanted = {s.pk for s in request.standards.all()}
    if not wanted:
        return []
    experts = (
        Expert.objects.filter(available=True, standards__in=wanted).distinct().prefetch_related("standards")
    )
    suggestions = [
        ExpertSuggestion(expert=e, covers=[s for s in e.standards.all() if s.pk in wanted]) for e in experts
    ]
    return sorted(suggestions, key=lambda x: (-len(x.covers), x.expert.name))


# ------------------------------------------------------------------ from delivery to progress


@dataclass(frozen=True)
class StandardProgress:
    standard: Standard
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass
class SupportProgress:
    """One Member's scores on the standards one delivered activity addressed, before and after it."""

    member: Any
    activity: Activity
    before_assessment: Assessment | None = None
    after_assessment: Assessment | None = None
    rows: list[StandardProgress] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return self.before_assessment is not None and self.after_assessment is not None


def _completed(viewer: Actor, member: Any) -> QuerySet[Assessment]:
    return assessment_list_for_user(user=viewer, member=member).filter(
        status__in=[s.value for s in COMPLETED_STATUSES], submitted_at__isnull=False
    )


def _submitted_on(assessment: Assessment) -> datetime.date:
    assert assessment.submitted_at is not None
    return assessment.submitted_at.date()


def _submitted_at(assessment: Assessment) -> datetime.datetime:
    assert assessment.submitted_at is not None  # completed assessments only
    return assessment.submitted_at


def _around(assessments: list[Assessment], activity: Activity) -> tuple[Assessment | None, Assessment | None]:
    """The last assessment submitted before the activity began and the first submitted after it ended."""
    before = [a for a in assessments if _submitted_on(a) < activity.start_date]
    after = [a for a in assessments if _submitted_on(a) > activity.end_date]
    return (
        max(before, key=_submitted_at) if before else None,
        min(after, key=_submitted_at) if after else None,
    )


def activity_standards(activity: Activity) -> list[Standard]:
    standards = list(activity.standards.all())
    if not standards and activity.support_request_id:
        standards = list(activity.support_request.standards.all())  # type: ignore[union-attr]
    return sorted(standards, key=lambda s: s.number)


def support_progress(
    *, viewer: Actor, member: Any, activity: Activity, assessments: list[Assessment] | None = None
) -> SupportProgress:
    """`member`'s scores on `activity`'s standards in its last assessment before and first after it, over the
    indicators `viewer` may see of that Member's answers (`assessments`: its completed ones, when read already)."""
    progress = SupportProgress(member=member, activity=activity)
    if assessments is None:
        assessments = list(_completed(viewer, member))
    progress.before_assessment, progress.after_assessment = _around(assessments, activity)
    levels = levels_for_viewer(viewer, member_id=member.pk)
    before = _scores(progress.before_assessment, levels)
    after = _scores(progress.after_assessment, levels)
    progress.rows = [
        StandardProgress(standard=s, before=before.get(s.key), after=after.get(s.key))
        for s in activity_standards(activity)
    ]
    return progress


def _scores(assessment: Assessment | None, levels: frozenset[str]) -> dict[str, float | None]:
    return assessment_standard_scores(assessment=assessment, levels=levels) if assessment else {}


def _delivered(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        activities.filter(status=ActivityStatus.DELIVERED)
        .filter(Q(standards__isnull=False) | Q(support_request__standards__isnull=False))
        .distinct()
        .prefetch_related("standards", "support_request__standards")
        .order_by("start_date", "pk")
    )


def request_progress(*, viewer: Actor, request: SupportRequest) -> list[SupportProgress]:
    """Progress after each delivered workshop of a request (the request's Member)."""
    activities = _delivered(Activity.objects.filter(support_request=request))
    return [support_progress(viewer=viewer, member=request.member, activity=a) for a in activities]


def activity_progress(*, viewer: Actor, activity: Activity) -> list[SupportProgress]:
    """Progress of each Member the delivered activity listed (those whose assessments `viewer` may read)."""
    if activity.status != ActivityStatus.DELIVERED or not activity_standards(activity):
        return []
    members = list(activity.members.order_by("name_en"))
    if not members and activity.support_request_id:
        members = [activity.support_request.member]  # type: ignore[union-attr]
    rows = [support_progress(viewer=viewer, member=m, activity=activity) for m in members]
    return [p for p in rows if p.before_assessment or p.after_assessment]


def member_progress(*, viewer: Actor, member: Any) -> list[SupportProgress]:
    """Progress after each delivered activity the Member took part in that addressed standards (those `viewer`
    may see)."""
    from clearway.capacity.selectors import activity_queryset

    visible = activity_queryset(viewer=viewer).filter(Q(members=member) | Q(support_request__member=member))
    activities = _delivered(Activity.objects.filter(pk__in=visible.values("pk")))
    assessments = list(_completed(viewer, member))  # read once for every activity
    return [
        support_progress(viewer=viewer, member=member, activity=a, assessments=assessments)
        for a in activities
    ]


# ------------------------------------------------------------------ the programme view


@dataclass
class GroupChange:
    """The mean change of a standard's score in a group of Members; not summarised under 3 Members."""

    changes: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.changes)

    @property
    def suppressed(self) -> bool:
        return self.count < MIN_MEMBERS_FOR_BENCHMARK

    @property
    def mean(self) -> float | None:
        return None if self.suppressed or not self.changes else round(mean(self.changes), 1)


@dataclass
class StandardComparison:
    standard: Standard
    supported: GroupChange = field(default_factory=GroupChange)
    not_supported: GroupChange = field(default_factory=GroupChange)


@dataclass
class ProgrammeProgress:
    standards: list[StandardComparison]
    supported_members: int
    measured_members: int
    region: Any = None

    @property
    def any_shown(self) -> bool:
        return any(not c.supported.suppressed for c in self.standards)


def _progress_viewer_region(viewer: Actor) -> Any:
    """Who may read the programme view: the secretariat (all Members), a regional office (its region)."""
    if user_is_secretariat(viewer):
        return None
    user = actor_user(viewer)
    if user is not None and user.role == Role.REGIONAL_OFFICE and user.region is not None:
        return user.region
    raise PermissionDenied()


def programme_progress(*, viewer: Actor, until: datetime.date | None = None) -> ProgrammeProgress:
    """Supported versus not supported Members, per standard: for a supported Member, the change of the standard's
    score from its last assessment before a delivered activity on that standard to its first one after it; for
    the others, the change between their last two completed assessments. Over the indicators all Members may see
    (all indicators for the secretariat); each group of fewer than 3 Members is left out. `until`: as known on
    that day (assessments submitted and activities ended by then)."""
    region = _progress_viewer_region(viewer)
    levels = levels_for_aggregates(viewer)
    completed = Assessment.objects.filter(
        status__in=[s.value for s in COMPLETED_STATUSES], submitted_at__isnull=False
    ).select_related("member", "cycle__catalogue")
    if region is not None:
        completed = completed.filter(member__region=region)
    if until is not None:
        completed = completed.filter(submitted_at__date__lte=until)
    by_member: dict[int, list[Assessment]] = {}
    for a in completed.order_by("submitted_at"):
        by_member.setdefault(a.member_id, []).append(a)
    standards = {s.pk: StandardComparison(standard=s) for s in _standards_in_use(by_member)}
    supported_pairs = _supported_pairs(by_member, until=until)
    measured: set[int] = set()
    for (member_id, standard_id), (before, after) in supported_pairs.items():
        change = _change(before, after, standards, standard_id, levels)
        if change is not None:
            standards[standard_id].supported.changes.append(change)
            measured.add(member_id)
    for member_id, assessments in by_member.items():
        if len(assessments) < 2:
            continue
        for standard_id in standards:
            if (member_id, standard_id) in supported_pairs:
                continue
            change = _change(assessments[-2], assessments[-1], standards, standard_id, levels)
            if change is not None:
                standards[standard_id].not_supported.changes.append(change)
    return ProgrammeProgress(
        standards=sorted(standards.values(), key=lambda c: c.standard.number),
        supported_members=len({m for m, _s in supported_pairs}),
        measured_members=len(measured),
        region=region,
    )


def _standards_in_use(by_member: dict[int, list[Assessment]]) -> list[Standard]:
    editions = {a.cycle.catalogue.edition_id for items in by_member.values() for a in items}
    return list(Standard.objects.filter(edition__in=editions).select_related("edition"))


def _supported_pairs(
    by_member: dict[int, list[Assessment]], *, until: datetime.date | None
) -> dict[tuple[int, int], tuple[Assessment, Assessment]]:
    """(Member, standard) -> the assessments before and after the first delivered activity on it that has both."""
    pairs: dict[tuple[int, int], tuple[Assessment, Assessment]] = {}
    national = Activity.objects.filter(kind="national_workshop")
    if until is not None:
        national = national.filter(end_date__lte=until)
    activities = _delivered(national).select_related("support_request")
    for activity in activities:
        member_ids = set(activity.members.values_list("pk", flat=True))
        if activity.support_request_id:
            member_ids.add(activity.support_request.member_id)  # type: ignore[union-attr]
        for member_id in member_ids & set(by_member):
            before, after = _around(by_member[member_id], activity)
            for standard in activity_standards(activity):
                if before and after:
                    pairs.setdefault((member_id, standard.pk), (before, after))
                else:
                    pairs.setdefault((member_id, standard.pk), (None, None))  # type: ignore[arg-type]
    return pairs


def _change(
    before: Assessment | None,
    after: Assessment | None,
    standards: dict[int, StandardComparison],
    standard_id: int,
    levels: frozenset[str],
) -> float | None:
    if before is None or after is None or standard_id not in standards:
        return None
    key = standards[standard_id].standard.key
    old = assessment_standard_scores(assessment=before, levels=levels).get(key)
    new = assessment_standard_scores(assessment=after, levels=levels).get(key)
    return None if old is None or new is None else float(new) - float(old)


def progress_visible_to(viewer: Actor) -> bool:
    """Whether the programme view is open to `viewer` (for navigation)."""
    try:
        _progress_viewer_region(viewer)
    except PermissionDenied:
        return False
    return True


__all__ = [
    "ExpertSuggestion",
    "ProgrammeProgress",
    "SupportProgress",
    "activity_progress",
    "experts_suggested",
    "member_progress",
    "programme_progress",
    "request_progress",
    "request_standards_proposed",
]
