"""Illustrative assessment data: one closed and one open cycle with answers for a few dozen Members.

Deterministic (fixed seed per Member and cycle) and idempotent (a cycle that exists is left as it is).
Everything created here is flagged `illustrative` and labelled as such on pages and in exports.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearway.accounts.models import User
from clearway.assessments.models import (
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Catalogue,
    Commitment,
    CycleStatus,
    Indicator,
    IndicatorKind,
    ReviewComment,
    ReviewKind,
)
from clearway.assessments.selectors import indicator_list
from clearway.assessments.services import assessment_score_refresh, cycle_name_in_french
from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.members.models import Member

CLOSED = (
    "Cycle 2024 (illustrative)",
    "clearway-2022-v1",
    datetime.date(2024, 3, 1),
    datetime.date(2024, 9, 30),
)
OPEN = (
    "Cycle 2026 (illustrative)",
    "clearway-2022-v2",
    datetime.date(2026, 3, 1),
    datetime.date(2026, 12, 31),
)
# Members named in the demo personas come first; the rest are picked evenly across regions.
NAMED = [
    "KEN",
    "UGA",
    "FRA",
    "MAR",
    "BRA",
    "TZA",
    "RWA",
    "ETH",
    "ZAF",
    "NGA",
    "SEN",
    "CIV",
    "EGY",
    "JOR",
    "ARE",
    "DEU",
    "ESP",
    "POL",
    "THA",
    "IDN",
    "JPN",
    "AUS",
    "IND",
    "CHN",
    "ARG",
    "CHL",
    "MEX",
    "CAN",
    "USA",
    "COL",
]
EXTRA_PER_REGION = 2
# Open-cycle state of the named Members (others follow a fixed rotation).
OPEN_STATES = {
    "KEN": AssessmentStatus.SUBMITTED,
    "UGA": AssessmentStatus.IN_PROGRESS,
    "FRA": AssessmentStatus.IN_PROGRESS,
    "MAR": AssessmentStatus.NOT_STARTED,
    "BRA": AssessmentStatus.VALIDATED,
    "TZA": AssessmentStatus.RETURNED,
}
ROTATION = [
    AssessmentStatus.VALIDATED,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.IN_PROGRESS,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.NOT_STARTED,
    AssessmentStatus.VALIDATED,
]
STAGES = ["none", "pilot", "partial", "full"]


def demo_members() -> list[Member]:
    members = {m.iso3: m for m in Member.objects.filter(iso3__in=NAMED, active=True).select_related("region")}
    chosen = [members[c] for c in NAMED if c in members]
    taken = {m.iso3 for m in chosen}
    for region_id in sorted({m.region_id for m in Member.objects.filter(active=True)}):
        pool = [
            m
            for m in Member.objects.filter(region_id=region_id, active=True).order_by("iso3")
            if m.iso3 not in taken
        ]
        step = max(1, len(pool) // (EXTRA_PER_REGION + 1))
        chosen.extend(pool[step - 1 :: step][:EXTRA_PER_REGION])
    return chosen


def _maturity(member: Member, year: int) -> float:
    """A stable 'implementation level' per Member, a little higher in the later cycle."""
    base = random.Random(f"level-{member.iso3}").uniform(0.2, 0.85)
    return min(0.95, base + (0.08 if year >= 2026 else 0.0))


def answer_values(indicator: Indicator, level: float, rng: random.Random) -> dict[str, Any]:
    noisy = max(0.0, min(1.0, level + rng.uniform(-0.25, 0.25)))
    if indicator.kind == IndicatorKind.MATURITY:
        return {"stage": STAGES[min(3, int(noisy * 4))]}
    if indicator.kind == IndicatorKind.YES_NO:
        return {"yes": noisy >= 0.45}
    if indicator.target is None:
        return {"value": _informational(indicator, rng)}
    target = float(indicator.target)
    floor = float(indicator.floor) if indicator.floor is not None else 0.0
    value = floor + (target - floor) * noisy
    if indicator.unit == "%":
        value = max(0.0, min(100.0, value))
    return {"value": Decimal(str(round(value, 1)))}


def _informational(indicator: Indicator, rng: random.Random) -> Decimal:
    if indicator.unit in ("%", "pp"):
        return Decimal(str(round(rng.uniform(2, 60), 1)))
    if indicator.unit == "USD":
        return Decimal(str(round(rng.uniform(1.5, 14), 2)))
    return Decimal(rng.randrange(20, 200000 if indicator.unit == "shipments" else 400))


def _fill(
    assessment: Assessment, indicators: list[Indicator], level: float, share: float, author: str
) -> None:
    rng = random.Random(f"{assessment.cycle.name}-{assessment.member.iso3}")
    answers = []
    for indicator in indicators:
        if rng.random() > share:
            continue
        values = answer_values(indicator, level, rng)
        answers.append(
            Answer(
                assessment=assessment,
                indicator=indicator,
                version=1,
                comment="Illustrative answer (demonstration data).",
                **values,
            )
        )
    Answer.objects.bulk_create(answers)
    AnswerRevision.objects.bulk_create(
        [
            AnswerRevision(answer=a, version=1, accepted=True, data=a.values(), author_label=author)
            for a in Answer.objects.filter(assessment=assessment).select_related("indicator")
        ]
    )


def _cycle_load(
    spec: tuple[str, str, datetime.date, datetime.date], members: list[Member], *, closed: bool
) -> int:
    name, code, opens_on, closes_on = spec
    if AssessmentCycle.objects.filter(name_en=name).exists():
        return 0
    catalogue = Catalogue.objects.get(code=code)
    cycle = AssessmentCycle.objects.create(
        name_en=name,
        name_fr=cycle_name_in_french(name),
        catalogue=catalogue,
        opens_on=opens_on,
        closes_on=closes_on,
        illustrative=True,
        status=CycleStatus.CLOSED if closed else CycleStatus.OPEN,
    )
    cycle.members.set(members)
    indicators = indicator_list(catalogue=catalogue)
    secretariat = User.objects.filter(username="secretariat").first()
    for index, member in enumerate(members):
        status = _status_for(member, index, closed)
        assessment = Assessment.objects.create(
            member=member,
            cycle=cycle,
            status=status,
            illustrative=True,
            submitted_at=_submitted_at(opens_on, index) if status not in _DRAFT else None,
        )
        if status != AssessmentStatus.NOT_STARTED:
            share = 1.0 if status != AssessmentStatus.IN_PROGRESS else 0.55
            _fill(assessment, indicators, _maturity(member, opens_on.year), share, "demo")
        _review_load(assessment, status, opens_on, secretariat, index)
        assessment_score_refresh(assessment=assessment)
    audit_record(
        actor=SYSTEM,
        action="assessments.demo.load",
        instance=cycle,
        after={"members": len(members), "illustrative": True},
    )
    return len(members)


def _status_for(member: Member, index: int, closed: bool) -> str:
    if closed:
        return AssessmentStatus.VALIDATED if index % 7 else AssessmentStatus.SUBMITTED
    return OPEN_STATES.get(member.iso3, ROTATION[index % len(ROTATION)])


_DRAFT = (AssessmentStatus.NOT_STARTED, AssessmentStatus.IN_PROGRESS)


def _submitted_at(opens_on: datetime.date, index: int) -> datetime.datetime:
    moment = datetime.datetime.combine(opens_on, datetime.time(10)) + datetime.timedelta(days=30 + index * 2)
    return timezone.make_aware(moment)


def _review_load(
    assessment: Assessment, status: str, opens_on: datetime.date, secretariat: Any, index: int
) -> None:
    if status in _DRAFT:
        return
    submitted = _submitted_at(opens_on, index)
    assessment.sign_off_statement = "Signed off by the focal point (illustrative)."
    ReviewComment.objects.create(
        assessment=assessment,
        kind=ReviewKind.SUBMITTED,
        author_label="demo",
        body="Signed off by the focal point (illustrative).",
    )
    if status == AssessmentStatus.VALIDATED:
        assessment.validated_at = submitted + datetime.timedelta(days=12)
        assessment.validated_by = secretariat
        ReviewComment.objects.create(
            assessment=assessment,
            kind=ReviewKind.VALIDATED,
            author_label="secretariat",
            body="Validated (illustrative).",
        )
    if status == AssessmentStatus.RETURNED:
        ReviewComment.objects.create(
            assessment=assessment,
            kind=ReviewKind.RETURNED,
            author_label="secretariat",
            body="Please attach evidence for the legal framework indicators (illustrative).",
        )
    assessment.save(update_fields=["sign_off_statement", "validated_at", "validated_by"])


def _commitments_load(members: list[Member]) -> int:
    cycle = AssessmentCycle.objects.filter(name_en=OPEN[0]).first()
    if cycle is None or Commitment.objects.filter(illustrative=True).exists():
        return 0
    created = 0
    for index, member in enumerate(members[:18]):
        assessment = Assessment.objects.filter(cycle=cycle, member=member).first()
        if assessment is None or not assessment.answers.exists():
            continue
        from clearway.assessments.selectors import scorecard_full

        for rank, gap in enumerate(scorecard_full(assessment=assessment).gaps()[:2]):
            planned = datetime.date(2025 + (index + rank) % 3, 1 + (index * 5 + rank) % 12, 15)
            Commitment.objects.create(
                member=member,
                standard=gap.standard,
                planned_on=planned,
                indicative_on=planned + datetime.timedelta(days=180) if (index + rank) % 2 else None,
                definitive_on=planned + datetime.timedelta(days=365) if (index + rank) % 3 == 0 else None,
                achieved_on=planned + datetime.timedelta(days=90) if (index + rank) % 5 == 4 else None,
                note="Illustrative commitment.",
                illustrative=True,
            )
            created += 1
    return created


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    if Catalogue.objects.filter(code__in=[CLOSED[1], OPEN[1]]).count() != 2:
        return "KPI catalogues not loaded (run `clearway reference load` first)"
    message = _small_load()
    if not scale.extends:
        return message
    from clearway.assessments.demo_scale import cycles_load  # imported here: it builds on this module

    return f"{message}; {cycles_load(scale=scale, progress=progress)}"


def demo_audit_fill(*, events: int, progress: ScaleProgress = NO_PROGRESS) -> str:
    """Bring the audit trail to the scale's size with review threads (see `demo_scale.review_threads_load`)."""
    from clearway.assessments.demo_scale import review_threads_load  # imported here: it builds on this module

    return review_threads_load(events=events, progress=progress)


@transaction.atomic
def _small_load() -> str:
    members = demo_members()
    closed = _cycle_load(CLOSED, members[:-4], closed=True)  # a few Members join only in the later cycle
    opened = _cycle_load(OPEN, members, closed=False)
    commitments = _commitments_load(members)
    if not (closed or opened or commitments):
        return "illustrative cycles already present"
    return (
        f"illustrative cycles loaded ({closed} assessments closed cycle, {opened} open cycle, "
        f"{commitments} commitments)"
    )
