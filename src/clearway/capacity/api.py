"""Typed API for requests for national support, the register of activities, coverage and experts."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from clearway.accounts.http import request_user
from clearway.capacity import selectors, services, workflow
from clearway.capacity.facts import ActivityFacts, activity_facts
from clearway.capacity.models import Activity, Expert, Organisation, SupportRequest
from clearway.core.actors import Actor, request_actor
from clearway.core.api_schema import Count, ObjectId, dataclass_schema
from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.framework.models import Standard
from clearway.members.models import Member, Region
from clearway.members.selectors import member_get

router = Router()


class ConditionOut(Schema):
    code: str
    label: str
    met: bool
    detail: str


class RequestOut(Schema):
    id: int
    member: str
    member_name: str
    state: str
    state_label: str
    intention_date: datetime.date
    intention_reference: str
    official_request_date: datetime.date | None
    official_request_reference: str
    decision_reason: str
    delivered_on: datetime.date | None
    reassessment_due: datetime.date | None
    illustrative: bool
    eligibility: list[ConditionOut]
    next_states: list[str]
    standard_keys: list[str] = []  # the standards the request addresses (of `edition`)
    indicator_codes: list[str] = []


class RequestIn(Schema):
    member: str | None = None  # ISO3; a focal point may omit it (their own Member)
    intention_date: datetime.date
    intention_reference: str = ""
    needs: str = ""
    standard_keys: list[str] = []  # standards addressed, of `edition`
    indicator_codes: list[str] = []  # optional indicators of the latest catalogue
    edition: str = "2022"


class ActionIn(Schema):
    description: str
    standard_key: str | None = None
    edition: str = "2022"
    due_date: datetime.date | None = None


class TransitionIn(Schema):
    to_state: str
    reason: str = ""
    effective_on: datetime.date | None = None
    official_request_date: datetime.date | None = None
    official_request_reference: str = ""
    official_request_signatory: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    modality: str = ""
    expert_ids: list[ObjectId] = []
    funder_id: ObjectId | None = None
    delivered_on: datetime.date | None = None
    reassessment_due: datetime.date | None = None
    actions: list[ActionIn] = []


class PipelineOut(Schema):
    at: datetime.date
    counts: dict[str, int]
    total: int


class SpeakerOut(Schema):
    organisation: str
    acronym: str
    kind: str
    person: str


# The API says what the facts say (`facts.ActivityFacts`), with codes where the facts hold words in the reader's
# language (kind, status, modality, secretariat role, region, participant groups, Members listed) and without
# what only documents use.
API_LEAVES_OUT = ("pk", "region_code", "region_codes", "participant_groups_note")
if TYPE_CHECKING:
    _ActivityFactsOut = Schema
else:
    _ActivityFactsOut = dataclass_schema(ActivityFacts, exclude=API_LEAVES_OUT)


class ActivityOut(_ActivityFactsOut):
    id: int
    regions: list[str]  # every region covered: the first one, then those of a joint activity
    speakers: list[SpeakerOut]


class ActivityIn(Schema):
    title_en: str
    title_fr: str = ""
    kind: str
    status: str = "delivered"
    modality: str
    start_date: datetime.date
    end_date: datetime.date
    date_precision: str = "day"
    region: str | None = None
    other_regions: list[str] = []  # region codes of a joint activity, besides `region`
    venue_city: str = ""
    venue_country: str = ""
    audience_en: str = ""
    audience_fr: str = ""
    organiser_id: ObjectId
    secretariat_role: str = "organised"
    partner_ids: list[ObjectId] = []
    funder_ids: list[ObjectId] = []
    members: list[str] = []  # ISO3 codes
    member_count: Count | None = None
    participants_value: Count | None = None
    participants_qualifier: str = "exact"
    participants_noun_en: str = ""
    participants_noun_fr: str = ""
    participants_wording: str = ""
    participant_groups: list[str] = []
    participant_groups_note: str = ""
    standard_keys: list[str] = []
    edition: str = "2022"
    whole_framework: bool = False
    source: str = ""
    notes: str = ""


class RegionCoverageOut(Schema):
    region: str
    completed: bool
    illustrative_only: bool
    workshops: list[int]


class CoverageOut(Schema):
    until: datetime.date
    all_regions_completed: bool
    regions: list[RegionCoverageOut]


class ExpertOut(Schema):
    id: int
    name: str
    status: str
    profile: str
    languages: list[str]
    region: str
    available: bool
    illustrative: bool


class AssignmentIn(Schema):
    expert_id: ObjectId
    start_date: datetime.date
    end_date: datetime.date
    role: str = ""


class AssignmentOut(Schema):
    id: int
    expert_id: int
    activity_id: int
    start_date: datetime.date
    end_date: datetime.date


class OrganisationOut(Schema):
    id: int
    name_en: str
    name_fr: str
    acronym: str
    kind: str


def _request_out(r: SupportRequest, user: Actor) -> RequestOut:
    return RequestOut(
        id=r.pk,
        member=r.member.iso3,
        member_name=r.member.name,
        state=r.state,
        state_label=r.state_label,
        intention_date=r.intention_date,
        intention_reference=r.intention_reference,
        official_request_date=r.official_request_date,
        official_request_reference=r.official_request_reference,
        decision_reason=r.decision_reason,
        delivered_on=r.delivered_on,
        reassessment_due=r.reassessment_due,
        illustrative=r.illustrative,
        eligibility=[
            ConditionOut(code=c.code, label=str(c.label), met=c.met, detail=c.detail)
            for c in workflow.request_eligibility(request=r)
        ],
        next_states=[str(t.target) for t in workflow.transitions_available(user=user, request=r)],
        standard_keys=[st.key for st in r.standards.order_by("number")],
        indicator_codes=sorted(i.code for i in r.indicators.all()),
    )


def _activity_out(a: Activity) -> ActivityOut:
    facts = activity_facts(a)
    shared = {name: getattr(facts, name) for name in ActivityOut.model_fields if hasattr(facts, name)}
    codes = {
        "id": facts.pk,
        "kind": a.kind,
        "status": a.status,
        "modality": a.modality,
        "secretariat_role": a.secretariat_role,
        "region": facts.region_code,
        "regions": list(facts.region_codes),
        "participant_groups": list(a.participant_groups),
        "members_listed": [m.iso3 for m in a.members.all()],
        "speakers": [SpeakerOut.from_orm(s) for s in facts.speakers],
    }
    return ActivityOut(**{**shared, **codes})


def _objects(model: Any, ids: list[int], field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(field_errors={field: ["Unknown id(s)."]})
    return found


def _standards(keys: list[str], edition: str) -> list[Standard]:
    found = list(Standard.objects.filter(edition__code=edition, key__in=keys))
    if len(found) != len(set(keys)):
        raise ValidationFailed(field_errors={"standard_keys": ["Unknown standard key(s) in this edition."]})
    return found


# ---------------------------------------------------------------- requests


@router.get("/requests", response=list[RequestOut])
def requests_list(request: HttpRequest, state: str | None = None) -> list[RequestOut]:
    """Requests for national support visible to the caller (a Member's users: their own only)."""
    return [
        _request_out(r, request_actor(request))
        for r in selectors.request_list_for_user(viewer=request_actor(request), state=state)
    ]


@router.get("/requests/pipeline", response=PipelineOut)
def requests_pipeline(request: HttpRequest, at: datetime.date | None = None) -> PipelineOut:
    p = selectors.request_pipeline_summary(viewer=request_actor(request), at=at)
    return PipelineOut(at=p.at, counts=p.counts, total=p.total)


@router.get("/requests/{request_id}", response=RequestOut)
def request_detail(request: HttpRequest, request_id: ObjectId) -> RequestOut:
    return _request_out(
        selectors.request_get_for_user(user=request_actor(request), request_id=request_id),
        request_actor(request),
    )


@router.post("/requests", response={201: RequestOut})
def request_file(request: HttpRequest, payload: RequestIn) -> Status[RequestOut]:
    """File a request: records the notified intention. Focal points file for their own Member."""
    user = request_user(request)
    if payload.member:
        member = member_get(viewer=user, iso3=payload.member)
    elif user.member is not None:
        member = user.member
    else:
        raise ValidationFailed(field_errors={"member": ["Give the Member's ISO3 code."]})
    created = services.request_create(
        actor=user,
        member=member,
        intention_date=payload.intention_date,
        intention_reference=payload.intention_reference,
        needs=payload.needs,
        standards=_standards(payload.standard_keys, payload.edition),
        indicators=_indicators(payload.indicator_codes),
    )
    return Status(201, _request_out(created, user))


def _indicators(codes: list[str]) -> list[Any]:
    """Indicators of the latest KPI catalogue, by code; an unknown code is refused."""
    from clearway.assessments.models import Catalogue

    catalogue = Catalogue.objects.order_by("-edition__year", "-version").first()
    found = list(catalogue.indicators.filter(code__in=codes)) if catalogue and codes else []
    if len(found) != len(set(codes)):
        raise ValidationFailed(field_errors={"indicator_codes": ["Unknown indicator code(s)."]})
    return found


@router.post("/requests/{request_id}/transitions", response=RequestOut)
def request_transition(request: HttpRequest, request_id: ObjectId, payload: TransitionIn) -> RequestOut:
    """Move a request to `to_state`; 409 when the move is not allowed now (e.g. a condition is missing)."""
    support = selectors.request_get_for_user(user=request_actor(request), request_id=request_id)
    data: dict[str, Any] = {}
    for name in (
        "official_request_date",
        "official_request_reference",
        "official_request_signatory",
        "start_date",
        "end_date",
        "modality",
        "delivered_on",
        "reassessment_due",
    ):
        value = getattr(payload, name)
        if value not in (None, ""):
            data[name] = value
    if payload.expert_ids:
        data["experts"] = _objects(Expert, payload.expert_ids, "expert_ids")
    if payload.funder_id:
        data["funder"] = _objects(Organisation, [payload.funder_id], "funder_id")[0]
    if payload.actions:
        data["actions"] = [
            services.ActionInput(
                description=a.description,
                due_date=a.due_date,
                standard=_standards([a.standard_key], a.edition)[0] if a.standard_key else None,
            )
            for a in payload.actions
        ]
    moved = services.request_transition(
        request=support,
        to_state=payload.to_state,
        actor=request_actor(request),
        reason=payload.reason,
        effective_on=payload.effective_on,
        **data,
    )
    return _request_out(moved, request_actor(request))


class ActionDoneIn(Schema):
    done_on: datetime.date


class ActionOut(Schema):
    id: int
    description: str
    standard_key: str | None
    due_date: datetime.date | None
    done_on: datetime.date | None


@router.post("/requests/{request_id}/actions/{action_id}/done", response=ActionOut)
def request_action_done(
    request: HttpRequest, request_id: ObjectId, action_id: ObjectId, payload: ActionDoneIn
) -> ActionOut:
    """Mark a follow-up action item as done (the Member's focal point or the Secretariat)."""
    support = selectors.request_get_for_user(user=request_actor(request), request_id=request_id)
    action = support.actions.select_related("standard").filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    done = services.follow_up_action_complete(
        actor=request_actor(request), action=action, done_on=payload.done_on
    )
    return ActionOut(
        id=done.pk,
        description=done.description,
        standard_key=done.standard.key if done.standard else None,
        due_date=done.due_date,
        done_on=done.done_on,
    )


# ---------------------------------------------------------------- activities


@router.get("/activities", response=list[ActivityOut])
def activities_list(
    request: HttpRequest,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
    region: str | None = None,
    status: str | None = None,
) -> list[ActivityOut]:
    """The register, optionally for a period (activities overlapping [start, end])."""
    qs = selectors.activity_list(
        viewer=request_actor(request), start=start, end=end, kind=kind, region=region, status=status
    )
    return [_activity_out(a) for a in qs]


@router.get("/activities/{activity_id}", response=ActivityOut)
def activity_detail(request: HttpRequest, activity_id: ObjectId) -> ActivityOut:
    return _activity_out(
        selectors.activity_get_for_user(user=request_actor(request), activity_id=activity_id)
    )


@router.post("/activities", response={201: ActivityOut})
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status[ActivityOut]:
    """Record an activity (Secretariat). Participant numbers keep their qualifier and original wording."""
    fields = payload.dict(
        exclude={
            "organiser_id",
            "partner_ids",
            "funder_ids",
            "members",
            "standard_keys",
            "edition",
            "region",
            "other_regions",
        }
    )
    region = Region.objects.filter(code=(payload.region or "").upper()).first() if payload.region else None
    if payload.region and region is None:
        raise ValidationFailed(field_errors={"region": ["Unknown region code."]})
    other_codes = {c.upper() for c in payload.other_regions}
    other_regions = list(Region.objects.filter(code__in=other_codes))
    if len(other_regions) != len(other_codes):
        raise ValidationFailed(field_errors={"other_regions": ["Unknown region code(s)."]})
    members = list(Member.objects.filter(iso3__in=[c.upper() for c in payload.members]))
    if len(members) != len(set(payload.members)):
        raise ValidationFailed(field_errors={"members": ["Unknown ISO3 code(s)."]})
    organiser = Organisation.objects.filter(pk=payload.organiser_id).first()
    if organiser is None:
        raise ValidationFailed(field_errors={"organiser_id": ["Unknown organisation."]})
    created = services.activity_create(
        actor=request_actor(request),
        data=services.ActivityInput(
            **fields,
            region=region,
            other_regions=other_regions,
            organiser=organiser,
            members=members,
            partners=_objects(Organisation, payload.partner_ids, "partner_ids"),
            funders=_objects(Organisation, payload.funder_ids, "funder_ids"),
            standards=_standards(payload.standard_keys, payload.edition),
        ),
    )
    return Status(
        201,
        _activity_out(selectors.activity_get_for_user(user=request_actor(request), activity_id=created.pk)),
    )


@router.post("/activities/{activity_id}/assignments", response={201: AssignmentOut})
def activity_assign(
    request: HttpRequest, activity_id: ObjectId, payload: AssignmentIn
) -> Status[AssignmentOut]:
    """Assign an expert to a mission; 409 when it overlaps one of the expert's other missions."""
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=activity_id)
    expert = Expert.objects.filter(pk=payload.expert_id).first()
    if expert is None:
        raise NotFound()
    a = services.expert_assign(
        actor=request_actor(request),
        expert=expert,
        activity=activity,
        start_date=payload.start_date,
        end_date=payload.end_date,
        role=payload.role,
    )
    out = AssignmentOut(
        id=a.pk,
        expert_id=a.expert_id,
        activity_id=a.activity_id,
        start_date=a.start_date,
        end_date=a.end_date,
    )
    return Status(201, out)


@router.get("/coverage", response=CoverageOut)
def coverage(request: HttpRequest, until: datetime.date | None = None) -> CoverageOut:
    """Is the cycle of regional workshops completed for all regions? Computed from the register."""
    c = selectors.regional_coverage(viewer=request_actor(request), until=until)
    return CoverageOut(
        until=c.until,
        all_regions_completed=c.all_regions_completed,
        regions=[
            RegionCoverageOut(
                region=r.region.code,
                completed=r.completed,
                illustrative_only=r.illustrative_only,
                workshops=[a.pk for a in r.workshops],
            )
            for r in c.regions
        ],
    )


@router.get("/experts", response=list[ExpertOut])
def experts_list(
    request: HttpRequest, free_from: datetime.date | None = None, free_to: datetime.date | None = None
) -> list[ExpertOut]:
    """The roster; with `free_from` and `free_to`, only the experts free for a mission on those dates."""
    if (free_from is None) != (free_to is None) or (free_from and free_to and free_to < free_from):
        raise ValidationFailed(
            field_errors={"free_to": ["Give free_from and free_to, the end not before the start."]}
        )
    return [
        ExpertOut(
            id=e.pk,
            name=e.name,
            status=e.status,
            profile=e.profile,
            languages=list(e.languages),
            region=e.region.code,
            available=e.available,
            illustrative=e.illustrative,
        )
        for e in selectors.expert_list(viewer=request_actor(request), free_from=free_from, free_to=free_to)
    ]


class ExpertIn(Schema):
    name: str
    status: str
    profile: str
    languages: list[str]
    region: str
    email: str = ""
    administration: str | None = None  # ISO3
    accredited_on: datetime.date | None = None
    availability_note: str = ""
    standard_keys: list[str] = []  # the standards the expert covers, of `edition`
    edition: str = "2022"


@router.post("/experts", response={201: ExpertOut})
def expert_add(request: HttpRequest, payload: ExpertIn) -> Status[ExpertOut]:
    """Add an expert to the roster (Secretariat)."""
    region = Region.objects.filter(code=payload.region.upper()).first()
    if region is None:
        raise ValidationFailed(field_errors={"region": ["Unknown region code."]})
    administration = None
    if payload.administration:
        administration = Member.objects.filter(iso3=payload.administration.upper()).first()
        if administration is None:
            raise ValidationFailed(field_errors={"administration": ["Unknown ISO3 code."]})
    e = services.expert_create(
        actor=request_actor(request),
        name=payload.name,
        status=payload.status,
        profile=payload.profile,
        languages=payload.languages,
        region=region,
        email=payload.email,
        administration=administration,
        accredited_on=payload.accredited_on,
        availability_note=payload.availability_note,
        standards=_standards(payload.standard_keys, payload.edition),
    )
    return Status(
        201,
        ExpertOut(
            id=e.pk,
            name=e.name,
            status=e.status,
            profile=e.profile,
            languages=list(e.languages),
            region=region.code,
            available=e.available,
            illustrative=e.illustrative,
        ),
    )


@router.get("/organisations", response=list[OrganisationOut])
def organisations_list(request: HttpRequest) -> list[OrganisationOut]:
    return [
        OrganisationOut(id=o.pk, name_en=o.name_en, name_fr=o.name_fr, acronym=o.acronym, kind=o.kind)
        for o in selectors.organisation_list()
    ]
