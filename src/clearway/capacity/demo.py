"""Demonstration data for capacity building. Deterministic and idempotent.

Facts from the seed (WCO document PC0690, §5-6) are entered exactly as reported, with their wording kept.
The regional workshops for AP, ESA, WCA and AM are illustrative: the seed says the cycle of regional workshops
was completed for all WCO regions (§7) but does not date them. Experts and national requests are illustrative.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from clearway.capacity.demo_scale import activities_load
from clearway.capacity.models import (
    AccreditationStatus,
    Activity,
    ActivityKind,
    CountQualifier,
    DatePrecision,
    Expert,
    ExpertProfile,
    Modality,
    Organisation,
    OrganisationKind,
    RequestState,
    RequestStateChange,
    SecretariatRole,
    SupportRequest,
)
from clearway.capacity.services import (
    ActivityInput,
    activity_create,
    activity_speaker_add,
    expert_assign,
    expert_create,
    organisation_ensure,
    request_create,
    request_transition,
)
from clearway.capacity.workflow import submitted_assessment_of
from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.core.exceptions import ClearwayError
from clearway.members.models import Member, Region

D = datetime.date
SEED = "WCO PC0690 (March 2022)"

ORGANISATIONS = [
    ("WCO Secretariat", "Secrétariat de l'OMD", "WCO", OrganisationKind.WCO),
    ("Universal Postal Union", "Union postale universelle", "UPU", OrganisationKind.INTERNATIONAL),
    (
        "Global Express Association",
        "Global Express Association",
        "GEA",
        OrganisationKind.INDUSTRY_ASSOCIATION,
    ),
    (
        "Organisation for Economic Co-operation and Development",
        "Organisation de coopération et de développement économiques",
        "OECD",
        OrganisationKind.INTERNATIONAL,
    ),
    ("Alibaba Group", "Alibaba Group", "", OrganisationKind.COMPANY),
    ("Alibaba Cainiao", "Alibaba Cainiao", "", OrganisationKind.COMPANY),
    ("Amazon", "Amazon", "", OrganisationKind.COMPANY),
    ("DHL", "DHL", "", OrganisationKind.COMPANY),
    (
        "Inter-American Development Bank",
        "Banque interaméricaine de développement",
        "IADB",
        OrganisationKind.DEVELOPMENT_BANK,
    ),
    (
        "Customs Cooperation Fund of Korea",
        "Fonds de coopération douanière de la Corée",
        "CCF Korea",
        OrganisationKind.DONOR,
    ),
]


@dataclass
class DemoActivity:
    title_en: str
    title_fr: str
    kind: str
    modality: str
    start: datetime.date
    end: datetime.date
    region: str
    organiser: str = "WCO Secretariat"
    secretariat_role: str = SecretariatRole.ORGANISED
    speakers: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _regional(
    code: str, name_en: str, name_fr: str, start: D, end: D, modality: str, members: list[str] | None = None
) -> DemoActivity:
    return DemoActivity(
        f"Regional workshop on cross-border e-commerce for the {name_en} region (illustrative)",
        f"Atelier régional sur le commerce électronique transfrontalier pour la région {name_fr} (illustratif)",
        ActivityKind.REGIONAL_WORKSHOP,
        modality,
        start,
        end,
        code,
        members=members or [],
        extra={
            "illustrative": True,
            "source": "Illustrative",
            "notes": "Illustrative entry: PC0690 §7 says the cycle of regional workshops was completed for all "
            "WCO regions, but does not give this workshop's dates or figures.",
        },
    )


ACTIVITIES = [
    DemoActivity(
        "E-commerce accreditation workshop for experts",
        "Atelier d'accréditation d'experts en commerce électronique",
        ActivityKind.ACCREDITATION_WORKSHOP,
        Modality.ONLINE,
        D(2020, 8, 1),
        D(2020, 9, 30),
        "",
        extra={
            "date_precision": DatePrecision.MONTH,
            "participants_value": 12,
            "participants_qualifier": CountQualifier.EXACT,
            "participants_noun_en": "candidates",
            "participants_noun_fr": "candidats",
            "participants_wording": "12 candidates from 12 countries, 5 regions",
            "participant_groups": ["expert_candidates"],
            "source": "WCO public information (not in PC0690); only the months are known",
        },
    ),
    _regional(
        "AP",
        "Far East, South and South East Asia, Australasia and the Pacific Islands (AP)",
        "Extrême-Orient, Asie du Sud et du Sud-Est, Australasie et îles du Pacifique (AP)",
        D(2020, 11, 16),
        D(2020, 11, 19),
        Modality.ONLINE,
    ),
    _regional(
        "ESA",
        "East and Southern Africa (ESA)",
        "Afrique orientale et australe (AfOA)",
        D(2021, 3, 22),
        D(2021, 3, 25),
        Modality.ONLINE,
        members=["KEN", "UGA", "RWA", "TZA"],
    ),
    _regional(
        "WCA",
        "West and Central Africa (WCA)",
        "Afrique occidentale et centrale (AOC)",
        D(2021, 5, 17),
        D(2021, 5, 20),
        Modality.ONLINE,
    ),
    _regional(
        "AM",
        "Americas and the Caribbean (AM)",
        "Amériques et Caraïbes (AM)",
        D(2021, 6, 21),
        D(2021, 6, 24),
        Modality.VIRTUAL,
    ),
    DemoActivity(
        "Regional workshop on cross-border e-commerce for the North of Africa, Near and Middle East (MENA) region",
        "Atelier régional sur le commerce électronique transfrontalier pour la région Afrique du Nord, "
        "Proche et Moyen-Orient (MENA)",
        ActivityKind.REGIONAL_WORKSHOP,
        Modality.ONLINE,
        D(2021, 9, 27),
        D(2021, 9, 30),
        "MENA",
        speakers=[
            "Universal Postal Union",
            "Global Express Association",
            "Organisation for Economic Co-operation and Development",
            "Alibaba Group",
        ],
        extra={
            "participants_value": 100,
            "participants_qualifier": CountQualifier.CLOSE_TO,
            "participants_noun_en": "experts",
            "participants_noun_fr": "experts",
            "participants_wording": "close to 100 experts from 15 Member Customs administrations, as well as "
            "from designated postal operators from the MENA region",
            "member_count": 15,
            "participant_groups": ["customs", "postal_operators"],
            "participant_groups_note": "designated postal operators from the MENA region",
            "source": f"{SEED}, §5",
        },
    ),
    DemoActivity(
        "Workshop on e-commerce for the members of Mercosur (organised by the Inter-American Development Bank)",
        "Atelier sur le commerce électronique pour les membres du Mercosur (organisé par la Banque "
        "interaméricaine de développement)",
        ActivityKind.PARTNER_EVENT,
        Modality.NOT_REPORTED,
        D(2021, 12, 6),
        D(2021, 12, 10),
        "AM",
        organiser="Inter-American Development Bank",
        secretariat_role=SecretariatRole.CONTRIBUTED,
        speakers=["WCO Secretariat"],
        extra={
            "audience_en": "The members of Mercosur",
            "audience_fr": "Les membres du Mercosur",
            "whole_framework": True,
            "source": f"{SEED}, §6",
            "notes": "The Secretariat presented the WCO E-Commerce FoS and associated Package, as well as the "
            "ongoing work at the WCO in the area of cross-border e-commerce. The seed does not give "
            "the modality or the number of participants.",
        },
    ),
    DemoActivity(
        "Regional workshop on cross-border e-commerce for the Europe (EUR) region",
        "Atelier régional sur le commerce électronique transfrontalier pour la région Europe (EUR)",
        ActivityKind.REGIONAL_WORKSHOP,
        Modality.VIRTUAL,
        D(2022, 1, 24),
        D(2022, 1, 28),
        "EUR",
        speakers=[
            "Universal Postal Union",
            "Global Express Association",
            "Organisation for Economic Co-operation and Development",
            "Alibaba Cainiao",
            "Amazon",
            "DHL",
        ],
        extra={
            "participants_value": 100,
            "participants_qualifier": CountQualifier.NEARLY,
            "participants_noun_en": "experts",
            "participants_noun_fr": "experts",
            "participants_wording": "nearly 100 experts from 37 Member Customs administrations and designated "
            "postal operators",
            "member_count": 37,
            "participant_groups": ["customs", "postal_operators"],
            "source": f"{SEED}, §5",
        },
    ),
]

EXPERTS = [
    (
        "Amina Haddad (illustrative)",
        AccreditationStatus.ACCREDITED,
        ExpertProfile.TECHNICAL_OPERATIONAL,
        ["ar", "en", "fr"],
        "MENA",
        D(2021, 2, 15),
    ),
    (
        "Jonas Lindqvist (illustrative)",
        AccreditationStatus.ACCREDITED,
        ExpertProfile.TECHNICAL_OPERATIONAL,
        ["en", "sv"],
        "EUR",
        D(2021, 2, 15),
    ),
    (
        "Grace Njeri (illustrative)",
        AccreditationStatus.PRE_ACCREDITED,
        ExpertProfile.TECHNICAL_OPERATIONAL,
        ["en", "sw"],
        "ESA",
        None,
    ),
    (
        "Lucía Fernández (illustrative)",
        AccreditationStatus.PRE_ACCREDITED,
        ExpertProfile.TRAINER,
        ["es", "en", "pt"],
        "AM",
        None,
    ),
]


def _organisations() -> dict[str, Organisation]:
    return {
        name_en: organisation_ensure(
            name_en=name_en, name_fr=name_fr, acronym=acronym, kind=kind, actor=SYSTEM
        )
        for name_en, name_fr, acronym, kind in ORGANISATIONS
    }


def _activity_load(spec: DemoActivity, orgs: dict[str, Organisation]) -> bool:
    if Activity.objects.filter(title_en=spec.title_en, start_date=spec.start).exists():
        return False
    extra = dict(spec.extra)
    activity = activity_create(
        actor=SYSTEM,
        data=ActivityInput(
            title_en=spec.title_en,
            title_fr=spec.title_fr,
            kind=spec.kind,
            modality=spec.modality,
            start_date=spec.start,
            end_date=spec.end,
            region=Region.objects.get(code=spec.region) if spec.region else None,
            organiser=orgs[spec.organiser],
            secretariat_role=spec.secretariat_role,
            members=list(Member.objects.filter(iso3__in=spec.members)),
            **extra,
        ),
    )
    for name in spec.speakers:
        activity_speaker_add(actor=SYSTEM, activity=activity, organisation=orgs[name])
    return True


def _experts_load() -> int:
    from clearway.accounts.models import User

    created = 0
    for name, status, profile, languages, region, accredited_on in EXPERTS:
        if Expert.objects.filter(name=name).exists():
            continue
        expert_create(
            actor=SYSTEM,
            name=name,
            status=status,
            profile=profile,
            languages=languages,
            region=Region.objects.get(code=region),
            accredited_on=accredited_on,
            illustrative=True,
            availability_note="Illustrative availability: from Q3 2022",
        )
        created += 1
    demo_expert = User.objects.filter(username="expert").first()
    if demo_expert is not None and not Expert.objects.filter(user=demo_expert).exists():
        expert_create(
            actor=SYSTEM,
            name="Elena Expert (illustrative)",
            status=AccreditationStatus.PRE_ACCREDITED,
            profile=ExpertProfile.TECHNICAL_OPERATIONAL,
            languages=["en", "fr"],
            region=Region.objects.get(code="EUR"),
            user=demo_expert,
            email=demo_expert.email,
            illustrative=True,
        )
        created += 1
    return created


# (Member, intention date, reference, [(target state, effective date, data)])
REQUESTS: list[tuple[str, D, str, list[tuple[str, D | None, dict[str, Any]]]]] = [
    # Kenya's dates follow its assessment in the open cycle (submitted by the assessments demo): the
    # "assessment completed" step takes effect on the day that assessment was submitted (None below).
    (
        "KEN",
        D(2026, 1, 19),
        "KRA/CUS/2026/014 (illustrative)",
        [
            (RequestState.ASSESSMENT_COMPLETED, None, {}),
            (
                RequestState.OFFICIAL_REQUEST_RECEIVED,
                D(2026, 4, 20),
                {
                    "official_request_date": D(2026, 4, 14),
                    "official_request_reference": "DG/KRA/2026/118 (illustrative)",
                    "official_request_signatory": "Commissioner of Customs and Border Control (illustrative)",
                },
            ),
            (RequestState.UNDER_REVIEW, D(2026, 4, 27), {}),
        ],
    ),
    (
        # The Director General's letter came first; the assessment (returned for changes) is still missing.
        "TZA",
        D(2026, 2, 9),
        "TRA/CUS/2026/17 (illustrative)",
        [
            (
                RequestState.OFFICIAL_REQUEST_RECEIVED,
                D(2026, 3, 2),
                {
                    "official_request_date": D(2026, 2, 26),
                    "official_request_reference": "TRA/CG/2026/233 (illustrative)",
                },
            ),
            (RequestState.UNDER_REVIEW, D(2026, 3, 9), {}),
        ],
    ),
    ("MAR", D(2026, 9, 7), "ADII/2026/88 (illustrative)", []),
    (
        "UGA",
        D(2022, 3, 1),
        "URA/2022/09 (illustrative)",
        [
            (
                RequestState.OFFICIAL_REQUEST_RECEIVED,
                D(2022, 3, 21),
                {
                    "official_request_date": D(2022, 3, 18),
                    "official_request_reference": "URA/CG/2022/31 (illustrative)",
                },
            ),
            (RequestState.UNDER_REVIEW, D(2022, 3, 25), {}),
            (
                RequestState.DECLINED,
                D(2022, 4, 8),
                {
                    "reason": "Illustrative: no assessment following the KPIs was submitted; the Member may file again."
                },
            ),
        ],
    ),
]


def _requests_load() -> list[str]:
    """Creates the illustrative requests, or resumes one that an earlier run left short of its last step
    (e.g. Kenya, when the assessments demo had not yet submitted its assessment)."""
    notes = []
    for iso3, intention, reference, steps in REQUESTS:
        member = Member.objects.get(iso3=iso3)
        request = SupportRequest.objects.filter(member=member, illustrative=True).first()
        if request is None:
            request = request_create(
                actor=SYSTEM,
                member=member,
                intention_date=intention,
                intention_reference=reference,
                illustrative=True,
                notify=False,
            )
        done = set(request.state_changes.values_list("target", flat=True))
        for target, effective_on, data in steps:
            if target in done:
                continue
            params = dict(data)
            reason = params.pop("reason", "")
            effective_on = effective_on or _assessment_day(request)
            try:
                with transaction.atomic():
                    request = request_transition(
                        request=request,
                        to_state=target,
                        actor=SYSTEM,
                        reason=reason,
                        effective_on=effective_on,
                        notify=False,
                        **params,
                    )
            except ClearwayError as exc:  # e.g. the assessments demo did not submit this Member's assessment
                notes.append(f"{iso3} request stopped at {request.state}: {exc.message}")
                break
    return notes


def _assessment_day(request: SupportRequest) -> D | None:
    assessment = submitted_assessment_of(request)
    submitted = getattr(assessment, "submitted_at", None)
    return submitted.date() if submitted else None


# Illustrative experts on the illustrative regional workshops only (never on the seed's real workshops).
MISSIONS = [
    ("Grace Njeri (illustrative)", "ESA", "Co-facilitator (illustrative)"),
    ("Lucía Fernández (illustrative)", "AM", "Co-facilitator (illustrative)"),
    ("Amina Haddad (illustrative)", "WCA", "Lead expert (illustrative)"),
]


def _missions_load() -> None:
    for name, region, role in MISSIONS:
        expert = Expert.objects.get(name=name)
        spec = next(
            s
            for s in ACTIVITIES
            if s.kind == ActivityKind.REGIONAL_WORKSHOP and s.region == region and s.extra.get("illustrative")
        )
        # By title and dates: the programme-scale data (--scale full) has other illustrative regional workshops.
        workshop = Activity.objects.get(title_en=spec.title_en, start_date=spec.start)
        if not expert.assignments.filter(activity=workshop).exists():
            expert_assign(
                actor=SYSTEM,
                expert=expert,
                activity=workshop,
                start_date=workshop.start_date,
                end_date=workshop.end_date,
                role=role,
            )


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _small_load()
    if not scale.extends:
        return message
    return f"{message}; {activities_load(scale=scale, progress=progress)}"


@transaction.atomic
def _small_load() -> str:
    orgs = _organisations()
    created = sum(_activity_load(spec, orgs) for spec in ACTIVITIES)
    experts = _experts_load()
    _missions_load()
    before = RequestStateChange.objects.count()
    notes = _requests_load()
    moves = RequestStateChange.objects.count() - before
    summary = f"{created} activities, {experts} experts, {moves} request states recorded"
    return "; ".join([summary, *notes])
