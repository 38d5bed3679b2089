"""Programme-scale capacity building (`clearway demo load --scale full`): requests for national support with their
whole history (state changes, the national workshops they led to, follow-up actions), a roster of experts on
missions that never overlap, and a register of workshops, webinars and partner events from 2019 on.

Builds on the small demo and fills the register to the scale's totals (the small demo's rows count). Requests move
only along `workflow.TRANSITIONS`, recording what each move records and the audit events `request_transition`
writes; an approved request always meets its three conditions. Deterministic and idempotent: once the totals are
reached, nothing more is added.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.assessments.models import COMPLETED_STATUSES, Assessment
from clearway.capacity.models import (
    AccreditationStatus,
    Activity,
    ActivityKind,
    ActivitySpeaker,
    ActivityStatus,
    CountQualifier,
    Expert,
    ExpertAssignment,
    ExpertProfile,
    FollowUpAction,
    Modality,
    Organisation,
    RequestState,
    RequestStateChange,
    SecretariatRole,
    SupportRequest,
)
from clearway.capacity.services.requests import REQUEST_SNAPSHOT
from clearway.capacity.workflow import transition_find
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import model_snapshot
from clearway.core.audit_labels import SYSTEM_ACTOR
from clearway.core.demo_scale import (
    Scale,
    ScaleProgress,
    audit_insert,
    bulk_insert,
    dated_event,
    moment,
    scale_random,
)
from clearway.core.models import AuditEvent
from clearway.framework.models import Standard
from clearway.members.demo_scale import members_taking_part
from clearway.members.models import Member, Region

D = datetime.date
RS = RequestState
FIRST_DAY, LAST_DAY, PLANNED_UNTIL = D(2019, 1, 14), D(2026, 10, 31), D(2027, 6, 30)
NOTE = "Illustrative entry (demonstration data at programme scale)."
NEEDS = "Illustrative: a national workshop on the standards where the assessment shows the largest gaps."
DECLINED_REASON = "Illustrative: the request did not show how the workshop would address the gaps found."
APPROVED_REASON = "Illustrative: the three conditions are met and the gaps match the workshop's programme."
MAIN_PATH: list[str] = [
    RS.ASSESSMENT_COMPLETED,
    RS.OFFICIAL_REQUEST_RECEIVED,
    RS.UNDER_REVIEW,
    RS.APPROVED,
    RS.PLANNED,
    RS.DELIVERED,
    RS.FOLLOW_UP,
]
DECLINED_PATH: list[str] = [*MAIN_PATH[:3], RS.DECLINED]
MEMBER_MOVES = {RS.ASSESSMENT_COMPLETED, RS.OFFICIAL_REQUEST_RECEIVED}  # made by the focal point
GAPS: dict[str, tuple[int, int]] = {  # days from one move to the next
    RS.ASSESSMENT_COMPLETED: (5, 40),
    RS.OFFICIAL_REQUEST_RECEIVED: (10, 50),
    RS.UNDER_REVIEW: (3, 12),
    RS.APPROVED: (10, 35),
    RS.DECLINED: (10, 35),
    RS.PLANNED: (15, 45),
    RS.DELIVERED: (1, 6),
    RS.FOLLOW_UP: (20, 60),
}
LATEST_STATES = [  # where a Member's latest request stands, with weights
    (RS.INTENTION_NOTIFIED, 8),
    (RS.ASSESSMENT_COMPLETED, 8),
    (RS.OFFICIAL_REQUEST_RECEIVED, 10),
    (RS.UNDER_REVIEW, 10),
    (RS.APPROVED, 8),
    (RS.PLANNED, 10),
    (RS.DELIVERED, 12),
    (RS.FOLLOW_UP, 24),
    (RS.DECLINED, 10),
]
TOPICS = [
    ("advance electronic data", "les données électroniques préalables"),
    ("risk management for small consignments", "la gestion des risques pour les petits envois"),
    ("revenue collection on low-value goods", "le recouvrement des recettes sur les biens de faible valeur"),
    ("returns of e-commerce goods", "les retours des marchandises du commerce électronique"),
    ("AEO and e-commerce", "l'OEA et le commerce électronique"),
    ("the quality of e-commerce data", "la qualité des données du commerce électronique"),
    ("measuring e-commerce flows", "la mesure des flux du commerce électronique"),
    ("cooperation with postal operators", "la coopération avec les opérateurs postaux"),
]
KINDS = {  # weight, English and French names
    ActivityKind.WEBINAR: (30, "Webinar", "Webinaire"),
    ActivityKind.REGIONAL_WORKSHOP: (15, "Regional workshop", "Atelier régional"),
    ActivityKind.SUBREGIONAL_WORKSHOP: (15, "Sub-regional workshop", "Atelier sous-régional"),
    ActivityKind.PARTNER_EVENT: (20, "Partner event", "Événement de partenaire"),
    ActivityKind.NATIONAL_WORKSHOP: (10, "National workshop", "Atelier national"),
    ActivityKind.ACCREDITATION_WORKSHOP: (10, "Accreditation workshop", "Atelier d'accréditation"),
}
WORKSHOPS = {
    ActivityKind.REGIONAL_WORKSHOP,
    ActivityKind.SUBREGIONAL_WORKSHOP,
    ActivityKind.NATIONAL_WORKSHOP,
}
# Activity lists and the name of what each links to.
LISTS = {"members": "member", "standards": "standard", "partners": "organisation", "funders": "organisation"}
EXPERT_NAMES = (
    "Adriana Lopes|Ahmed Saleh|Akosua Boateng|Anders Holm|Bui Thi Lan|Carlos Medina|Dina Rahimova|Emeka Obi|"
    "Farah Nasser|Giulia Conti|Hiroshi Sato|Ines Duarte|Jamal Bakr|Katarzyna Nowak|Lina Haddad|Mamadou Sow|"
    "Nadia Benali|Olga Petrenko|Paulo Mendes|Rania Khalil|Samuel Otieno|Tatiana Rojas|Umar Farouk|Vera Novak|"
    "Wei Zhang|Ximena Ortiz|Yasmin Aziz|Zanele Dube|Amadou Diop|Beatriz Lima|Chidi Eze|Dmitri Volkov|"
    "Elif Kaya|Fatima Zahra|Goran Petrovic|Hamid Karimi|Isabel Vega|Joon Park|Kwame Asante|Lucia Greco"
)


def activities_load(*, scale: Scale, progress: ScaleProgress) -> str:
    with transaction.atomic():
        experts = _experts_load(scale)
        context = Context.load(scale)
        stories = _requests_load(scale, context, progress)
        wanted = max(0, scale.activities - Activity.objects.count())
        progress.add(wanted)
        plans = [_activity_plan(index, context) for index in range(wanted)]
        _activity_rows_insert(plans)
        audit_insert(
            [e for p in plans for e in p.events(context.secretariat or SYSTEM, p.activity.created_at)]
        )
        progress.advance(wanted)
    workshops = sum(1 for s in stories if s.workshop is not None)
    return (
        f"{len(stories)} request(s) with {workshops} national workshop(s), {len(plans)} other activities, "
        f"{experts} expert(s) added"
    )


@dataclass(frozen=True)
class Context:
    members: list[Member]
    secretariat: User | None
    focal: dict[int, User]
    wco: Organisation
    partners: list[Organisation]
    standards: list[Standard]
    roster: Roster

    @classmethod
    def load(cls, scale: Scale) -> Context:
        members = members_taking_part(scale=scale)
        focal_points = User.objects.filter(member__in=members, role=Role.MEMBER_FOCAL_POINT)
        edition = Standard.objects.order_by("-edition__year").values_list("edition", flat=True).first()
        return cls(
            members=members,
            secretariat=User.objects.filter(username="secretariat").first(),
            focal={u.member_id: u for u in focal_points.order_by("-username") if u.member_id is not None},
            wco=Organisation.objects.get(acronym="WCO"),
            partners=list(Organisation.objects.exclude(acronym="WCO").order_by("name_en")),
            standards=list(Standard.objects.filter(edition=edition).order_by("number")),
            roster=Roster.load(),
        )


# ---------------------------------------------------------------- experts


def _experts_load(scale: Scale) -> int:
    """Illustrative experts until the roster has the scale's size (stored as `expert_create` stores them)."""
    taken = set(Expert.objects.values_list("name", flat=True))
    names = [f"{n} (illustrative)" for n in EXPERT_NAMES.split("|") if f"{n} (illustrative)" not in taken]
    regions = list(Region.objects.order_by("order", "code"))
    experts = [_expert(name, regions) for name in names[: max(0, scale.experts - len(taken))]]
    bulk_insert(Expert, experts)
    joined = moment(D(2020, 9, 1))
    audit_insert(
        [dated_event(SYSTEM, "capacity.expert.create", e, joined, after=model_snapshot(e)) for e in experts]
    )
    return len(experts)


def _expert(name: str, regions: list[Region]) -> Expert:
    rng = scale_random("expert", name)
    accredited = rng.random() < 0.6
    return Expert(
        name=name,
        status=AccreditationStatus.ACCREDITED if accredited else AccreditationStatus.PRE_ACCREDITED,
        profile=rng.choice(ExpertProfile.values),
        languages=sorted({"en", *rng.sample(["fr", "es", "ar", "pt", "ru"], rng.randint(0, 2))}),
        region=rng.choice(regions),
        accredited_on=D(2020, 9, 1) + datetime.timedelta(days=rng.randrange(700)) if accredited else None,
        illustrative=True,
    )


@dataclass
class Roster:
    """The illustrative experts and the days each is on a mission, so that new missions never overlap."""

    experts: list[Expert]
    busy: dict[int, list[tuple[D, D]]]

    @classmethod
    def load(cls) -> Roster:
        experts = list(Expert.objects.filter(illustrative=True, available=True).order_by("name"))
        busy: dict[int, list[tuple[D, D]]] = {e.pk: [] for e in experts}
        for a in ExpertAssignment.objects.filter(expert__in=experts):
            busy[a.expert_id].append((a.start_date, a.end_date))
        return cls(experts, busy)

    def assign(self, activity: Activity, rng: Any, count: int) -> list[ExpertAssignment]:
        start, end = activity.start_date, activity.end_date
        free = [e for e in self.experts if all(end < s or start > f for s, f in self.busy[e.pk])]
        chosen = rng.sample(free, min(count, len(free)))
        for expert in chosen:
            self.busy[expert.pk].append((start, end))
        return [
            ExpertAssignment(expert=e, activity=activity, start_date=start, end_date=end, role="Expert")
            for e in chosen
        ]


# ---------------------------------------------------------------- activities


@dataclass
class ActivityPlan:
    """An activity with its lists (Members, standards, partners, funders), speakers and experts."""

    activity: Activity
    members: list[Member] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)
    funders: list[Organisation] = field(default_factory=list)
    speakers: list[ActivitySpeaker] = field(default_factory=list)
    assignments: list[ExpertAssignment] = field(default_factory=list)

    def events(self, actor: Actor, at: datetime.datetime) -> Iterator[AuditEvent]:
        """capacity.activity.create (the snapshot `activity_create` records), then speakers and experts as added."""
        activity = self.activity
        after = {
            **model_snapshot(activity),
            **{
                name: sorted(o.pk for o in getattr(self, name)) for name in ("partners", "funders", "members")
            },
            "standards": sorted(s.pk for s in self.standards),
            "speakers": [],
        }
        iso3 = activity.support_request.member.iso3 if activity.support_request else ""
        yield dated_event(actor, "capacity.activity.create", activity, at, after=after, member_iso3=iso3)
        for speaker in self.speakers:
            after = {
                "organisation": speaker.organisation_id,
                "person": speaker.person,
                "topic": speaker.topic,
            }
            yield dated_event(actor, "capacity.activity.speaker_add", activity, at, after=after)
        for assignment in self.assignments:
            yield dated_event(
                actor, "capacity.expert.assign", assignment, at, after=model_snapshot(assignment)
            )


def _activity_plan(index: int, context: Context) -> ActivityPlan:
    rng = scale_random("activity", index)
    kind = rng.choices(list(KINDS), weights=[w for w, _en, _fr in KINDS.values()])[0]
    start = FIRST_DAY + datetime.timedelta(days=rng.randrange((PLANNED_UNTIL - FIRST_DAY).days))
    region, members = _audience(kind, context, rng)
    topic_en, topic_fr = rng.choice(TOPICS)
    _weight, name_en, name_fr = KINDS[kind]
    where_en = f" – {region.name_en}" if region else ""
    where_fr = f" – {region.name_fr}" if region else ""
    partner = rng.choice(context.partners) if kind == ActivityKind.PARTNER_EVENT else None
    activity = Activity(
        title_en=f"{name_en} on {topic_en}{where_en} (illustrative)",
        title_fr=f"{name_fr} sur {topic_fr}{where_fr} (illustratif)",
        kind=kind,
        status=_status(start, rng),
        modality=Modality.ONLINE if kind == ActivityKind.WEBINAR else rng.choice(_MODALITIES),
        start_date=start,
        end_date=start + datetime.timedelta(days=0 if kind == ActivityKind.WEBINAR else rng.randint(1, 4)),
        region=region,
        organiser=partner or context.wco,
        secretariat_role=rng.choice(_PARTNER_ROLES) if partner else SecretariatRole.ORGANISED,
        member_count=len(members) + rng.randint(0, 4) if members else None,
        participants_value=rng.randint(60, 400) if kind == ActivityKind.WEBINAR else rng.randint(12, 90),
        participants_qualifier=CountQualifier.ABOUT if rng.random() < 0.2 else CountQualifier.EXACT,
        participants_noun_en="participants",
        participants_noun_fr="participants",
        participant_groups=["customs", *rng.sample(_OTHER_GROUPS, rng.randint(0, 2))],
        whole_framework=rng.random() < 0.1,
        source="Illustrative",
        notes=NOTE,
        illustrative=True,
        created_at=moment(min(start, LAST_DAY) - datetime.timedelta(days=30)),
    )
    activity.updated_at = activity.created_at
    plan = ActivityPlan(activity, members=members)
    plan.standards = [] if activity.whole_framework else rng.sample(context.standards, rng.randint(1, 4))
    plan.funders = [rng.choice(context.partners)] if rng.random() < 0.15 else []
    if activity.status == ActivityStatus.DELIVERED and kind != ActivityKind.ACCREDITATION_WORKSHOP:
        orgs = rng.sample(context.partners, rng.randint(0, 3))
        plan.speakers = [ActivitySpeaker(activity=activity, organisation=o, topic=topic_en) for o in orgs]
    if kind in WORKSHOPS and activity.status != ActivityStatus.CANCELLED:
        plan.assignments = context.roster.assign(activity, rng, rng.randint(1, 2))
    return plan


_MODALITIES = [Modality.IN_PERSON, Modality.IN_PERSON, Modality.HYBRID, Modality.ONLINE, Modality.VIRTUAL]
_PARTNER_ROLES = [SecretariatRole.CONTRIBUTED, SecretariatRole.ATTENDED, SecretariatRole.CO_ORGANISED]
_OTHER_GROUPS = ["postal_operators", "private_sector", "other_agencies", "international_organisations"]


def _status(start: D, rng: Any) -> str:
    if start > LAST_DAY:
        return ActivityStatus.PLANNED
    return ActivityStatus.CANCELLED if rng.random() < 0.04 else ActivityStatus.DELIVERED


def _audience(kind: str, context: Context, rng: Any) -> tuple[Region | None, list[Member]]:
    """The region an activity is for, if any, and the Members represented."""
    if kind == ActivityKind.ACCREDITATION_WORKSHOP:
        return None, []
    if kind in (ActivityKind.WEBINAR, ActivityKind.PARTNER_EVENT):
        return None, rng.sample(context.members, min(len(context.members), rng.randint(3, 60)))
    region = rng.choice(sorted({m.region for m in context.members}, key=lambda r: r.code))
    pool = [m for m in context.members if m.region_id == region.pk]
    size = 1 if kind == ActivityKind.NATIONAL_WORKSHOP else rng.randint(3, 25)
    return region, rng.sample(pool, min(size, len(pool)))


def _activity_rows_insert(plans: list[ActivityPlan]) -> None:
    """The activities with their lists, speakers and experts (the callers write the audit events)."""
    bulk_insert(Activity, [p.activity for p in plans])
    for name, target in LISTS.items():
        through = getattr(Activity, name).through
        bulk_insert(
            through,
            [through(activity=p.activity, **{target: row}) for p in plans for row in getattr(p, name)],
        )
    bulk_insert(ActivitySpeaker, [s for p in plans for s in p.speakers])
    bulk_insert(ExpertAssignment, [a for p in plans for a in p.assignments])


# ---------------------------------------------------------------- requests


class Move(NamedTuple):
    action: str
    actor: User | None
    day: D
    before: dict[str, Any] | None
    after: dict[str, Any]
    reason: str


@dataclass
class Story:
    """One request and what its moves wrote, built in memory; the audit events are made once ids exist."""

    request: SupportRequest
    days: dict[str, D] = field(default_factory=dict)
    changes: list[RequestStateChange] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    workshop: ActivityPlan | None = None
    actions: list[FollowUpAction] = field(default_factory=list)

    def record(self, target: str, actor: User | None, day: D, reason: str = "") -> None:
        """A move whose data is already set on the request: its state change and what the audit keeps of it."""
        source = self.request.state if self.moves else ""
        before = self.moves[-1].after if self.moves else None
        self.request.state = target
        after = model_snapshot(self.request, REQUEST_SNAPSHOT)
        action = f"capacity.support_request.{target}" if source else "capacity.support_request.create"
        self.moves.append(Move(action, actor, day, before, after, reason))
        self.days[target] = day
        at = moment(day, 30)
        self.changes.append(
            RequestStateChange(
                request=self.request,
                source=source,
                target=target,
                effective_on=day,
                at=at,
                actor=actor,
                actor_label=actor.get_username() if actor else SYSTEM_ACTOR,
                reason=reason,
            )
        )
        self.request.updated_at = at

    def events(self, secretariat: User | None) -> Iterator[AuditEvent]:
        for move in self.moves:
            at = moment(move.day, 30)
            before, after, reason = move.before, move.after, move.reason
            yield dated_event(
                move.actor or SYSTEM, move.action, self.request, at, before=before, after=after, reason=reason
            )
        if self.workshop is not None:
            yield from self.workshop.events(secretariat or SYSTEM, moment(self.days[RS.PLANNED], 20))
        if RS.DELIVERED in self.days and self.workshop is not None:
            at = moment(self.days[RS.DELIVERED], 20)
            before, after = {"status": ActivityStatus.PLANNED}, {"status": ActivityStatus.DELIVERED}
            yield dated_event(
                secretariat or SYSTEM,
                "capacity.activity.deliver",
                self.workshop.activity,
                at,
                before=before,
                after=after,
            )
        iso3 = self.request.member.iso3
        for item in self.actions:
            at = moment(self.days[RS.FOLLOW_UP], 20)
            after = model_snapshot(item)
            yield dated_event(
                secretariat or SYSTEM,
                "capacity.follow_up_action.create",
                item,
                at,
                after=after,
                member_iso3=iso3,
            )


def _requests_load(scale: Scale, context: Context, progress: ScaleProgress) -> list[Story]:
    """Requests until there are as many as the scale says: each Member without one gets one, and as many as needed
    get an earlier, closed one first (a Member has one request in progress at most)."""
    wanted = max(0, scale.support_requests - SupportRequest.objects.count())
    with_request = set(SupportRequest.objects.values_list("member_id", flat=True))
    members = [m for m in context.members if m.pk not in with_request]
    scale_random("requests").shuffle(members)
    twice = max(0, wanted - len(members))
    progress.add(wanted)
    assessments = _completed_assessments(members)
    stories: list[Story] = []
    for index, member in enumerate(members[:wanted]):
        stories.extend(_member_stories(member, index < twice, context, assessments.get(member.pk, [])))
    _stories_insert(stories, context)
    progress.advance(wanted)
    return stories


def _completed_assessments(members: list[Member]) -> dict[int, list[Assessment]]:
    found: dict[int, list[Assessment]] = {}
    completed = Assessment.objects.filter(member__in=members, status__in=list(COMPLETED_STATUSES))
    for assessment in completed.select_related("cycle").order_by("cycle__opens_on"):
        found.setdefault(assessment.member_id, []).append(assessment)
    return found


def _member_stories(
    member: Member, twice: bool, context: Context, assessments: list[Assessment]
) -> list[Story]:
    rng = scale_random("request", member.iso3)
    stories = []
    start = D(2021, 2, 1) + datetime.timedelta(days=rng.randrange(500)) if twice else None
    if start is not None:
        first = _story(
            member, start, RS.DECLINED if rng.random() < 0.3 else RS.FOLLOW_UP, context, assessments, 1
        )
        stories.append(first)
        if first.request.state not in (RS.DECLINED, RS.FOLLOW_UP):
            return stories  # still open: no second request
        start = max(first.days.values()) + datetime.timedelta(days=60)
    start = start or D(2021, 6, 1)
    start += datetime.timedelta(days=rng.randrange(max(1, (D(2026, 9, 30) - start).days)))
    target = rng.choices([s for s, _w in LATEST_STATES], weights=[w for _s, w in LATEST_STATES])[0]
    stories.append(_story(member, start, target, context, assessments, len(stories) + 1))
    return stories


def _story(
    member: Member, intention: D, target: str, context: Context, assessments: list[Assessment], number: int
) -> Story:
    rng = scale_random("request", member.iso3, number)
    focal = context.focal.get(member.pk)
    request = SupportRequest(
        member=member,
        intention_date=intention,
        intention_reference=f"{member.iso3}/EC/{intention.year}/{number:02d} (illustrative)",
        needs=NEEDS,
        illustrative=True,
        created_by=focal,
        created_at=moment(intention, 30),
    )
    story = Story(request)
    story.record(RS.INTENTION_NOTIFIED, focal, intention)
    assessment = _current_assessment(assessments, intention)
    day = intention
    for state in _path(target, with_assessment=assessment is not None):
        day += datetime.timedelta(days=rng.randint(*GAPS[state]))
        if state == RS.ASSESSMENT_COMPLETED and assessment is not None and assessment.submitted_at:
            day = max(day, assessment.submitted_at.date() + datetime.timedelta(days=1))
        if day > LAST_DAY or not _move(story, state, day, assessment, context, rng):
            break
        day = story.days[state]
    return story


def _path(target: str, *, with_assessment: bool) -> list[str]:
    if target == RS.INTENTION_NOTIFIED:
        return []
    if not with_assessment and target not in (RS.OFFICIAL_REQUEST_RECEIVED, RS.UNDER_REVIEW):
        target = RS.DECLINED  # without a completed assessment a request cannot be approved
    path = DECLINED_PATH if target == RS.DECLINED else MAIN_PATH[: MAIN_PATH.index(target) + 1]
    return [s for s in path if with_assessment or s != RS.ASSESSMENT_COMPLETED]


def _current_assessment(assessments: list[Assessment], day: D) -> Assessment | None:
    """The completed assessment of the cycle that was current on `day` (the latest one opened by then)."""
    opened = [a for a in assessments if a.cycle.opens_on <= day]
    latest = max((a.cycle.opens_on for a in opened), default=None)
    return next((a for a in opened if a.cycle.opens_on == latest), None)


def _move(story: Story, state: str, day: D, assessment: Any, context: Context, rng: Any) -> bool:
    """Apply one move as `request_transition` would; False when it cannot happen by LAST_DAY."""
    request = story.request
    assert transition_find(source=request.state, target=state) is not None, (request.state, state)
    actor = context.focal.get(request.member_id) if state in MEMBER_MOVES else context.secretariat
    reason = ""
    if state == RS.ASSESSMENT_COMPLETED:
        request.assessment, request.assessment_completed_at = assessment, assessment.submitted_at
    elif state == RS.OFFICIAL_REQUEST_RECEIVED:
        letter = day - datetime.timedelta(days=rng.randint(2, 9))
        request.official_request_date = max(request.intention_date, letter)
        number = rng.randint(10, 400)
        request.official_request_reference = f"DG/{request.member.iso3}/{day.year}/{number} (illustrative)"
        request.official_request_signatory = "Director General of Customs (illustrative)"
    elif state in (RS.APPROVED, RS.DECLINED):
        reason = APPROVED_REASON if state == RS.APPROVED else DECLINED_REASON
        request.decision_reason, request.decided_at = reason, moment(day, 30)
        request.decided_by = context.secretariat
    elif state == RS.PLANNED:
        story.workshop = _workshop(request, day, context, rng)
    elif state == RS.DELIVERED:
        assert story.workshop is not None
        workshop = story.workshop.activity
        day = max(day, workshop.end_date + datetime.timedelta(days=rng.randint(1, 6)))
        if day > LAST_DAY:
            return False
        request.delivered_on, workshop.status = workshop.end_date, ActivityStatus.DELIVERED
    elif state == RS.FOLLOW_UP:
        request.reassessment_due = (request.delivered_on or day) + datetime.timedelta(days=365)
        story.actions = _actions(request, day, context, rng)
    story.record(state, actor, day, reason)
    return True


def _workshop(request: SupportRequest, day: D, context: Context, rng: Any) -> ActivityPlan:
    """The national workshop `request_transition` plans (see `services.requests._apply_plan`)."""
    member = request.member
    start = day + datetime.timedelta(days=rng.randint(30, 90))
    activity = Activity(
        title_en=f"National workshop on e-commerce for {member.name_en}",
        title_fr=f"Atelier national sur le commerce électronique pour {member.name_fr or member.name_en}",
        kind=ActivityKind.NATIONAL_WORKSHOP,
        status=ActivityStatus.PLANNED,
        modality=rng.choice(_MODALITIES),
        start_date=start,
        end_date=start + datetime.timedelta(days=rng.randint(2, 4)),
        region=member.region,
        organiser=context.wco,
        secretariat_role=SecretariatRole.ORGANISED,
        member_count=1,
        participant_groups=["customs"],
        support_request=request,
        illustrative=True,
        created_at=moment(day, 20),
    )
    activity.updated_at = activity.created_at
    plan = ActivityPlan(activity, members=[member])
    plan.funders = [rng.choice(context.partners)] if rng.random() < 0.3 else []
    plan.assignments = context.roster.assign(activity, rng, rng.randint(0, 2))
    return plan


def _actions(request: SupportRequest, day: D, context: Context, rng: Any) -> list[FollowUpAction]:
    actions = []
    for standard in rng.sample(context.standards, rng.randint(1, 3)):
        due = day + datetime.timedelta(days=rng.randint(90, 270))
        done = (
            due - datetime.timedelta(days=rng.randint(0, 60))
            if due < LAST_DAY and rng.random() < 0.5
            else None
        )
        description = f"Illustrative: act on the workshop's recommendations for standard {standard.number}."
        actions.append(
            FollowUpAction(
                request=request, description=description, standard=standard, due_date=due, done_on=done
            )
        )
    return actions


def _stories_insert(stories: list[Story], context: Context) -> None:
    bulk_insert(SupportRequest, [s.request for s in stories])
    bulk_insert(RequestStateChange, [c for s in stories for c in s.changes])
    _activity_rows_insert([s.workshop for s in stories if s.workshop is not None])
    bulk_insert(FollowUpAction, [a for s in stories for a in s.actions])
    audit_insert([e for s in stories for e in s.events(context.secretariat)])
