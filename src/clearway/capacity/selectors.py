"""Reads of the capacity app, each scoped to the viewer.

Stable interface for other apps (committee reports call these; keep names and return types):

- `activity_list_for_period(*, viewer, start, end) -> QuerySet[Activity]`: activities overlapping [start, end],
  ordered by start date, organiser/partners/funders/speakers/members/standards prefetched.
- `regional_coverage(*, viewer, until=None, as_of=None) -> RegionalCoverage`: per WCO region, the delivered
  regional workshop(s) ending on or before `until` (delivered as of `as_of` when given); `all_regions_completed`
  is computed, never typed.
- `activities_delivered_at(*, activities, at) -> list[Activity]`: those whose status at `at` (audit trail) was
  delivered.
- `request_pipeline_summary(*, viewer, at=None) -> RequestPipeline`: `.counts` (state -> number, every state
  present, in workflow order) and `.requests` (the requests visible to the viewer, each with `.state_at`).
- `activity_facts(activity)` in `clearway.capacity.facts` renders one activity's facts for a report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from clearway.accounts.roles import Role
from clearway.accounts.scoping import member_filter_for_user, user_is_secretariat
from clearway.capacity.models import (
    CLOSED_REQUEST_STATES,
    Activity,
    ActivityKind,
    ActivitySpeaker,
    ActivityStatus,
    Expert,
    ExpertAbsence,
    ExpertAssignment,
    Organisation,
    RequestState,
    RequestStateChange,
    SupportRequest,
    dates_overlap,
)
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.framework.models import Standard
from clearway.members.models import Member, Region

# ---------------------------------------------------------------- requests


def request_list_for_user(
    *, viewer: Actor, state: str | None = None, member: Member | None = None
) -> QuerySet[SupportRequest]:
    """Secretariat: all; regional office: its region's; a Member's users: their own Member's only."""
    qs = SupportRequest.objects.filter(member_filter_for_user(viewer)).select_related(
        "member", "member__region"
    )
    if state:
        qs = qs.filter(state=state)
    if member is not None:
        qs = qs.filter(member=member)
    return qs


def request_get_for_user(*, user: Actor, request_id: int, write: bool = False) -> SupportRequest:
    qs = SupportRequest.objects.filter(member_filter_for_user(user, write=write)).select_related("member")
    request = qs.filter(pk=request_id).first()
    if request is None:
        raise NotFound()
    return request


def request_in_progress_for_user(*, user: Actor, member: Member | None = None) -> SupportRequest | None:
    """The request in progress of `member` (by default the user's own Member) that the user may see, or None."""
    member_id = member.pk if member is not None else user.member_id
    if member_id is None:
        return None
    return (
        SupportRequest.objects.filter(member_filter_for_user(user), member_id=member_id)
        .exclude(state__in=sorted(s.value for s in CLOSED_REQUEST_STATES))
        .select_related("member")
        .first()
    )


def request_history(*, request: SupportRequest) -> QuerySet[RequestStateChange]:
    return request.state_changes.select_related("actor").all()


@dataclass
class RequestPipeline:
    at: datetime.date
    counts: dict[str, int]
    requests: list[SupportRequest]

    @property
    def total(self) -> int:
        return len(self.requests)

    def rows(self) -> list[tuple[str, str, int]]:
        """(state, translated label, count) in workflow order."""
        return [(s, str(RequestState(s).label), n) for s, n in self.counts.items()]


def request_pipeline_summary(*, viewer: Actor, at: datetime.date | None = None) -> RequestPipeline:
    """How many requests stood in each state on `at` (today by default), from the dated state changes."""
    day = at or datetime.date.today()
    counts = {s.value: 0 for s in RequestState}
    requests = []
    qs = request_list_for_user(viewer=viewer).prefetch_related(
        Prefetch("state_changes", queryset=RequestStateChange.objects.order_by("effective_on", "at", "id"))
    )
    for request in qs.order_by("member__name_en", "id"):
        changes = [c for c in request.state_changes.all() if c.effective_on <= day]
        if not changes:
            continue
        request.state_at = changes[-1].target  # type: ignore[attr-defined]
        counts[request.state_at] += 1  # type: ignore[attr-defined]
        requests.append(request)
    return RequestPipeline(at=day, counts=counts, requests=requests)


# ---------------------------------------------------------------- activities


def _activity_visibility(viewer: Actor) -> Q:
    """Signed-in users read the register; a national workshop still being planned stays with its Member."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    if user_is_secretariat(viewer):
        return Q()
    own = member_filter_for_user(viewer, field="support_request__member")
    return Q(support_request__isnull=True) | Q(status=ActivityStatus.DELIVERED) | own


def activity_queryset(*, viewer: Actor) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(_activity_visibility(viewer))
        .select_related("organiser", "region", "support_request__member")
        .prefetch_related(
            "other_regions",
            "partners",
            "funders",
            "members",
            # one query whether or not the activities address standards (a nested prefetch skips its second)
            Prefetch("standards", queryset=Standard.objects.select_related("edition")),
            Prefetch("speakers", queryset=ActivitySpeaker.objects.select_related("organisation")),
        )
        .distinct()
        .order_by("start_date", "end_date", "id")
    )


def activity_list_for_period(
    *, viewer: Actor, start: datetime.date, end: datetime.date
) -> QuerySet[Activity]:
    """Activities overlapping [start, end] (both inclusive), ordered by start date, relations prefetched."""
    return activity_queryset(viewer=viewer).filter(dates_overlap(start, end))


def activity_list(
    *,
    viewer: Actor,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
    region: str | None = None,
    status: str | None = None,
    query: str | None = None,
) -> QuerySet[Activity]:
    qs = activity_queryset(viewer=viewer)
    if start:
        qs = qs.filter(end_date__gte=start)
    if end:
        qs = qs.filter(start_date__lte=end)
    if kind:
        qs = qs.filter(kind=kind)
    if region:  # a joint activity is listed under each region it covers
        code = region.upper()
        qs = qs.filter(Q(region__code=code) | Q(other_regions__code=code))
    if status:
        qs = qs.filter(status=status)
    if query:
        q = query.strip()
        qs = qs.filter(
            Q(title_en__icontains=q) | Q(title_fr__icontains=q) | Q(organiser__name_en__icontains=q)
        )
    return qs


def activity_get_for_user(*, user: Actor, activity_id: int) -> Activity:
    activity = activity_queryset(viewer=user).filter(pk=activity_id).first()
    if activity is None:
        raise NotFound()
    return activity


@dataclass
class RegionCoverage:
    region: Region
    workshops: list[Activity]

    @property
    def completed(self) -> bool:
        return bool(self.workshops)

    @property
    def illustrative_only(self) -> bool:
        """True when the only evidence of completion is illustrative demo data."""
        return bool(self.workshops) and all(a.illustrative for a in self.workshops)


@dataclass
class RegionalCoverage:
    until: datetime.date
    regions: list[RegionCoverage] = field(default_factory=list)

    @property
    def all_regions_completed(self) -> bool:
        return bool(self.regions) and all(r.completed for r in self.regions)

    @property
    def completed_count(self) -> int:
        return sum(1 for r in self.regions if r.completed)

    @property
    def missing(self) -> list[Region]:
        return [r.region for r in self.regions if not r.completed]


def activity_statuses_at(*, activities: list[Activity], at: datetime.datetime) -> dict[int, str]:
    """Each activity's status as it was at `at`, from the audit trail (a status changed later does not count;
    an activity recorded later has the status it was recorded with)."""
    from clearway.core.audit import field_values_at

    return field_values_at(
        model=Activity, current={a.pk: a.status for a in activities}, field="status", at=at
    )


def activities_delivered_at(*, activities: list[Activity], at: datetime.datetime | None) -> list[Activity]:
    """The activities delivered at `at` (now, without `at`)."""
    if at is None:
        return [a for a in activities if a.status == ActivityStatus.DELIVERED]
    statuses = activity_statuses_at(activities=activities, at=at)
    return [a for a in activities if statuses[a.pk] == ActivityStatus.DELIVERED]


def regional_coverage(
    *, viewer: Actor, until: datetime.date | None = None, as_of: datetime.datetime | None = None
) -> RegionalCoverage:
    """Per WCO region, the delivered regional workshops that ended on or before `until` (today by default).

    A joint workshop of several regions counts for each region it covers. With `as_of`, "delivered" is the
    status the workshop had at that moment (a report reads the register as it was at the end of its period)."""
    day = until or datetime.date.today()
    candidates = activity_queryset(viewer=viewer).filter(
        kind=ActivityKind.REGIONAL_WORKSHOP, end_date__lte=day, region__isnull=False
    )
    if as_of is None:
        candidates = candidates.filter(status=ActivityStatus.DELIVERED)
    workshops = activities_delivered_at(activities=list(candidates), at=as_of)
    coverage = RegionalCoverage(until=day)
    if not viewer.is_authenticated:
        return coverage
    for region in Region.objects.order_by("order", "code"):
        coverage.regions.append(
            RegionCoverage(
                region=region,
                workshops=[a for a in workshops if any(r.pk == region.pk for r in a.regions_covered)],
            )
        )
    return coverage


@dataclass
class SpeakerRow:
    organisation: Organisation
    spoke_at: dict[int, bool]  # activity id -> spoke there
    topics_at: dict[int, list[str]] = field(
        default_factory=dict
    )  # activity id -> the topics its speakers gave

    @property
    def cells(self) -> list[bool]:
        """In the order of the activities given to `speaker_matrix`."""
        return list(self.spoke_at.values())

    @property
    def cells_with_topics(self) -> list[tuple[bool, list[str]]]:
        """(spoke there, topics) in the order of the activities given to `speaker_matrix`."""
        return [(spoke, self.topics_at.get(pk, [])) for pk, spoke in self.spoke_at.items()]


def speaker_matrix(*, activities: list[Activity]) -> list[SpeakerRow]:
    """Speakers' organisations across activities, with which activity each spoke at (uses prefetched speakers)."""
    orgs: dict[int, Organisation] = {}
    spoke: dict[int, set[int]] = {}
    topics: dict[tuple[int, int], list[str]] = {}
    for activity in activities:
        for speaker in activity.speakers.all():
            orgs[speaker.organisation_id] = speaker.organisation
            spoke.setdefault(speaker.organisation_id, set()).add(activity.pk)
            if speaker.topic:
                topics.setdefault((speaker.organisation_id, activity.pk), []).append(speaker.topic)
    ordered = sorted(orgs.values(), key=lambda o: (-len(spoke[o.pk]), o.name_en))
    return [
        SpeakerRow(
            o,
            {a.pk: a.pk in spoke[o.pk] for a in activities},
            {a.pk: topics.get((o.pk, a.pk), []) for a in activities},
        )
        for o in ordered
    ]


# ---------------------------------------------------------------- a Member's history


@dataclass
class MemberHistory:
    member: Member
    requests: list[SupportRequest]
    activities: list[Activity]
    activity_count: int

    @property
    def more(self) -> int:
        """Activities not listed (the Member page lists the latest only)."""
        return self.activity_count - len(self.activities)


def member_history(*, viewer: Actor, member: Member, limit: int | None = None) -> MemberHistory:
    """The Member's requests (if the viewer may see them) and the activities it took part in, latest first.

    Activities are read with what a list of them shows (title, dates, kind): a Member may have taken part in a
    hundred regional workshops, each with dozens of Members.
    """
    requests = list(request_list_for_user(viewer=viewer, member=member))
    taken_part = Q(members=member) | Q(support_request__member=member)
    ids = Activity.objects.filter(_activity_visibility(viewer)).filter(taken_part).values("pk")
    activities = (
        Activity.objects.filter(pk__in=ids)
        .only("title_en", "title_fr", "kind", "start_date", "end_date", "illustrative")
        .order_by("-start_date", "-id")
    )
    listed = list(activities[:limit] if limit else activities)
    count = len(listed) if not limit or len(listed) < limit else activities.count()
    return MemberHistory(member=member, requests=requests, activities=listed, activity_count=count)


# ---------------------------------------------------------------- experts


def expert_roster_visible(viewer: Actor) -> bool:
    return user_is_secretariat(viewer) or viewer.role in (Role.REGIONAL_OFFICE, Role.EXPERT)


def expert_list(
    *,
    viewer: Actor,
    status: str | None = None,
    region: str | None = None,
    free_from: datetime.date | None = None,
    free_to: datetime.date | None = None,
) -> QuerySet[Expert]:
    """Secretariat and regional offices read the roster; an expert sees only their own entry.

    `free_from`/`free_to`: only experts available for missions with neither a mission nor an absence in that span.
    """
    qs = Expert.objects.select_related("region", "administration").prefetch_related(
        "assignments__activity", "absences"
    )
    if user_is_secretariat(viewer):
        pass
    elif viewer.role == Role.REGIONAL_OFFICE and viewer.region_id is not None:
        qs = qs.filter(region_id=viewer.region_id)
    elif viewer.role == Role.EXPERT and viewer.pk is not None:
        qs = qs.filter(user_id=viewer.pk)
    else:
        return Expert.objects.none()
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region__code=region.upper())
    if free_from is not None and free_to is not None:
        overlaps = dates_overlap(free_from, free_to)
        qs = (
            qs.filter(available=True)
            .exclude(pk__in=ExpertAssignment.objects.filter(overlaps).values("expert_id"))
            .exclude(pk__in=ExpertAbsence.objects.filter(overlaps).values("expert_id"))
        )
    return qs


def expert_get_for_user(*, user: Actor, expert_id: int) -> Expert:
    expert = expert_list(viewer=user).filter(pk=expert_id).first()
    if expert is None:
        raise NotFound()
    return expert


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.all()
