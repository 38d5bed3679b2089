"""Programme-scale AEO register (`clearway demo load --scale full`): a programme record for every Member taking
part (operational, under development, or none), a second programme for some, and a network of mutual recognition
arrangements, mostly bilateral, some regional.

Few enough rows to go through the services (`programme_create`, `mra_create`), which check and audit each one.
Fills the register to the scale's totals (the small demo's rows count). Deterministic and idempotent: once the
totals are reached, nothing more is added.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from clearway.aeo.demo import FEATURES_BY_STAKEHOLDER
from clearway.aeo.models import (
    Coverage,
    MraKind,
    MraStatus,
    MutualRecognition,
    OperatorType,
    Programme,
    ProgrammeStatus,
    RecordSource,
    StakeholderType,
)
from clearway.aeo.services import mra_create, programme_create
from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import Scale, ScaleProgress, scale_random
from clearway.members.demo_scale import member_level, members_taking_part
from clearway.members.models import Member

SECOND = (
    "Trusted trader programme for e-commerce",
    "Programme d'opérateurs de confiance pour le commerce électronique",
)
CRITERIA = (
    "Illustrative: operators handling e-commerce consignments qualify once their advance data meet the "
    "programme's quality requirements.",
    "Illustratif : les opérateurs qui traitent des envois du commerce électronique sont admis lorsque leurs "
    "données préalables répondent aux exigences de qualité du programme.",
)
LAST_SIGNED = datetime.date(2026, 10, 31)


def register_load(*, scale: Scale, progress: ScaleProgress) -> str:
    members = members_taking_part(scale=scale)
    wanted = max(0, scale.aeo_programmes - Programme.objects.count())
    arrangements = max(0, scale.arrangements - MutualRecognition.objects.count())
    progress.add(wanted + arrangements)
    with transaction.atomic():
        programmes = _programmes_load(members, wanted, progress)
        mras = _arrangements_load(arrangements, progress)
    return f"{programmes} programme(s) and {mras} arrangement(s) added to the register"


def _programmes_load(members: list[Member], wanted: int, progress: ScaleProgress) -> int:
    """A first record for Members without one, then a second programme for Members with an operational one."""
    have = set(Programme.objects.values_list("member_id", flat=True))
    order = list(members)
    scale_random("aeo-programmes").shuffle(order)
    firsts = [m for m in order if m.pk not in have][:wanted]
    for member in firsts:
        _programme_create(member, "AEO programme", "Programme OEA", first=True)
        progress.advance()
    operational = Programme.objects.filter(member__in=members, status=ProgrammeStatus.OPERATIONAL)
    with_second = set(Programme.objects.filter(name_en=SECOND[0]).values_list("member_id", flat=True))
    candidates = [m for m in order if m.pk in set(operational.values_list("member_id", flat=True))]
    seconds = [m for m in candidates if m.pk not in with_second][: wanted - len(firsts)]
    for member in seconds:
        _programme_create(member, *SECOND, first=False)
        progress.advance()
    return len(firsts) + len(seconds)


def _programme_create(member: Member, name_en: str, name_fr: str, *, first: bool) -> Programme:
    rng = scale_random("aeo-programme", member.iso3, name_en)
    level = member_level(member)
    status = _programme_status(rng, level) if first else ProgrammeStatus.OPERATIONAL
    coverage = {} if status == ProgrammeStatus.NONE else _coverage(rng, level)
    features = sorted({f for code, c in coverage.items() if c == Coverage.COVERED for f in _features(code)})
    facts = {
        "name_en": name_en,
        "name_fr": name_fr,
        "status": status,
        "launch_year": rng.randint(2002, 2024) if status == ProgrammeStatus.OPERATIONAL else None,
        "operator_types": sorted(rng.sample(OperatorType.values, rng.randint(2, 6))) if coverage else [],
        "coverage": coverage,
        "ecommerce_features": features,
        "ecommerce_criteria_en": CRITERIA[0] if features else "",
        "ecommerce_criteria_fr": CRITERIA[1] if features else "",
    }
    return programme_create(
        actor=SYSTEM,
        member=member,
        facts=facts,
        source=RecordSource.COMPENDIUM if rng.random() < 0.7 else RecordSource.SECRETARIAT,
        source_detail="Illustrative entry",
        confirmed=rng.random() < 0.85,
        illustrative=True,
    )


def _programme_status(rng: Any, level: float) -> str:
    draw = rng.random()
    if draw < 0.15 + 0.6 * level:
        return ProgrammeStatus.OPERATIONAL
    return ProgrammeStatus.UNDER_DEVELOPMENT if draw < 0.85 else ProgrammeStatus.NONE


def _coverage(rng: Any, level: float) -> dict[str, str]:
    """Covered most often for carriers and brokers, least for platforms and fulfilment centres."""
    coverage: dict[str, str] = {}
    for index, code in enumerate(StakeholderType.values):
        reach = level - (0.35 if code in ("e_vendor", "e_marketplace", "fulfilment_centre", "other") else 0)
        draw = rng.random() + 0.05 * index
        if draw < reach:
            coverage[code] = Coverage.COVERED
        elif draw < reach + 0.2:
            coverage[code] = rng.choice([Coverage.PLANNED, Coverage.UNDER_STUDY])
        else:
            coverage[code] = Coverage.NOT_PLANNED
    return coverage


def _features(code: str) -> list[str]:
    return FEATURES_BY_STAKEHOLDER.get(code, [])


def _arrangements_load(wanted: int, progress: ScaleProgress) -> int:
    """Bilateral arrangements between illustrative programmes of different Members (one per pair), and every
    twentieth a regional one between several programmes of a region."""
    pool = list(
        Programme.objects.filter(illustrative=True)
        .exclude(status=ProgrammeStatus.NONE)
        .select_related("member__region")
        .order_by("member__iso3", "name_en")
    )
    paired = {_pair_key(m.programmes.all()) for m in MutualRecognition.objects.prefetch_related("programmes")}
    rng = scale_random("aeo-arrangements")
    made = attempts = 0
    while made < wanted and attempts < wanted * 20 and len(pool) >= 2:
        attempts += 1
        regional = made % 20 == 19
        parties = _regional_parties(pool, rng) if regional else rng.sample(pool, 2)
        key = _pair_key(parties)
        if len(parties) < 2 or len({p.member_id for p in parties}) != len(parties) or key in paired:
            continue
        paired.add(key)
        _arrangement_create(parties, made + 1, rng)
        made += 1
        progress.advance()
    return made


def _pair_key(programmes: Any) -> frozenset[int]:
    return frozenset(p.pk for p in programmes)


def _regional_parties(pool: list[Programme], rng: Any) -> list[Programme]:
    region = rng.choice(sorted({p.member.region.code for p in pool}))
    local = [p for p in pool if p.member.region.code == region]
    return rng.sample(local, min(len(local), rng.randint(3, 5)))


def _arrangement_create(parties: list[Programme], number: int, rng: Any) -> MutualRecognition:
    signed = rng.random() < 0.8
    regional = len(parties) > 2
    region = parties[0].member.region
    return mra_create(
        actor=SYSTEM,
        kind=MraKind.PLURILATERAL if regional else MraKind.BILATERAL,
        programmes=parties,
        status=MraStatus.SIGNED if signed else MraStatus.UNDER_NEGOTIATION,
        signed_on=LAST_SIGNED - datetime.timedelta(days=rng.randrange(6500)) if signed else None,
        covers_ecommerce=rng.random() < 0.25,
        name_en=f"Regional arrangement {number} – {region.code} (illustrative)" if regional else "",
        name_fr=f"Arrangement régional {number} – {region.code} (fictif)" if regional else "",
        source=RecordSource.COMPENDIUM if rng.random() < 0.6 else RecordSource.SECRETARIAT,
        confirmed=rng.random() < 0.9,
        illustrative=True,
    )
