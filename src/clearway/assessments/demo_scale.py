"""Programme-scale assessments (`clearway demo load --scale full`): the open cycle and the closed cycles before it,
every Member taking part answering every indicator, with the answers' history (edits, a few refused concurrent
saves), evidence files, review threads and the audit events the services would have written.

Builds on the small demo (`demo.py`): its two cycles (2024 closed, 2026 open) gain the Members they lack and the
others are created. Scores come from `scoring`, stored as `assessment_score_refresh` stores them.
Deterministic (seeded per cycle and Member) and idempotent: a Member with an assessment in a cycle keeps it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.assessments.demo import CLOSED, OPEN, answer_values
from clearway.assessments.models import (
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Catalogue,
    CycleStatus,
    Evidence,
    Indicator,
    ReviewComment,
    ReviewKind,
)
from clearway.assessments.selectors import indicator_list
from clearway.assessments.services import assessment_scores_set, cycle_name_in_french
from clearway.core.actors import SYSTEM
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
from clearway.members.demo_scale import member_level, members_taking_part
from clearway.members.models import Member

S = AssessmentStatus
STATEMENT = "Signed off by the focal point (illustrative)."
VALIDATED_NOTE = "Validated (illustrative)."
RETURNED_NOTE = "Please attach evidence for the legal framework indicators (illustrative)."
ANSWER_NOTE = "Illustrative answer (demonstration data)."
NOT_MEASURED_NOTE = "Not measured by the administration yet (illustrative)."
# Open-cycle states in turn; every Member has answered every indicator, not every one has submitted.
OPEN_ROTATION = [S.VALIDATED, S.SUBMITTED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED, S.IN_PROGRESS, S.VALIDATED]
LAST_DAY = datetime.date(2026, 10, 31)  # nothing in the open cycle is dated later
EDITED_SHARE, REFUSED_SHARE, NOT_MEASURED_SHARE, THREAD_SHARE = 0.15, 0.01, 0.015, 0.25
BATCH_MEMBERS = 40
EVIDENCE_FILE = "assessments/evidence/illustrative/illustrative-evidence.pdf"

Spec = tuple[str, str, datetime.date, datetime.date]


def cycle_specs(*, scale: Scale) -> list[tuple[Spec, bool]]:
    """(name, catalogue code, opens, closes) and whether closed: the closed cycles by year, then the open one."""
    open_year = OPEN[2].year
    years = range(open_year - scale.closed_cycles, open_year)
    return [(_closed_spec(year), True) for year in years] + [(OPEN, False)]


def _closed_spec(year: int) -> Spec:
    if year == CLOSED[2].year:
        return CLOSED
    code = OPEN[1] if year >= 2025 else CLOSED[1]  # the second catalogue version from 2025 on
    return f"Cycle {year} (illustrative)", code, datetime.date(year, 3, 1), datetime.date(year, 9, 30)


@dataclass(frozen=True)
class People:
    """Who acts: each Member's focal point and contributor (None: the system), and the secretariat reviewer."""

    focal: dict[int, User]
    contributor: dict[int, User]
    secretariat: User | None

    def writers(self, member: Member) -> list[User | None]:
        return [self.contributor.get(member.pk), self.focal.get(member.pk)]


def people_for(members: Sequence[Member]) -> People:
    users = User.objects.filter(
        member__in=members, role__in=[Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR]
    )
    focal: dict[int, User] = {}
    contributor: dict[int, User] = {}
    for user in users.order_by("username"):
        if user.member_id is not None:
            (focal if user.role == Role.MEMBER_FOCAL_POINT else contributor).setdefault(user.member_id, user)
    return People(focal, contributor, User.objects.filter(username="secretariat").first())


def cycles_load(*, scale: Scale, progress: ScaleProgress) -> str:
    members = members_taking_part(scale=scale)
    people = people_for(members)
    plans = []
    for spec, closed in cycle_specs(scale=scale):
        cycle = AssessmentCycle.objects.filter(name_en=spec[0]).first()
        present = set(cycle.assessments.values_list("member_id", flat=True)) if cycle else set()
        plans.append((spec, closed, cycle, [m for m in members if m.pk not in present]))
    progress.add(sum(len(missing) for *_rest, missing in plans))
    rotation = {m.pk: index for index, m in enumerate(members)}
    added = 0
    for spec, closed, cycle, missing in plans:
        if missing:
            with transaction.atomic():
                added += _cycle_fill(spec, closed, cycle, missing, people, rotation, progress)
    return f"{added} assessment(s) added in {len(plans)} cycles for {len(members)} Members"


def _cycle_fill(
    spec: Spec,
    closed: bool,
    cycle: AssessmentCycle | None,
    members: list[Member],
    people: People,
    rotation: dict[int, int],
    progress: ScaleProgress,
) -> int:
    catalogue = Catalogue.objects.get(code=spec[1])
    if cycle is None:
        cycle = _cycle_create(spec, closed, catalogue, members, people)
    else:
        cycle.members.add(*members)
    indicators = indicator_list(catalogue=catalogue)
    evidence = _evidence_file()
    for start in range(0, len(members), BATCH_MEMBERS):
        batch = members[start : start + BATCH_MEMBERS]
        plans = [
            AssessmentPlan.build(cycle, m, _status(closed, rotation[m.pk]), indicators, people, evidence)
            for m in batch
        ]
        _plans_insert(plans)
        progress.advance(len(batch))
    return len(members)


def _status(closed: bool, index: int) -> str:
    if closed:
        return S.VALIDATED if index % 7 else S.SUBMITTED
    return OPEN_ROTATION[index % len(OPEN_ROTATION)]


def _cycle_create(
    spec: Spec, closed: bool, catalogue: Catalogue, members: list[Member], people: People
) -> AssessmentCycle:
    name, _code, opens_on, closes_on = spec
    cycle = AssessmentCycle(
        name_en=name,
        name_fr=cycle_name_in_french(name),
        catalogue=catalogue,
        opens_on=opens_on,
        closes_on=closes_on,
        status=CycleStatus.CLOSED if closed else CycleStatus.OPEN,
        illustrative=True,
        created_by=people.secretariat,
        created_at=moment(opens_on - datetime.timedelta(days=14)),
    )
    bulk_insert(AssessmentCycle, [cycle])
    cycle.members.add(*members)
    snapshot = model_snapshot(cycle)
    opened = {**snapshot, "status": CycleStatus.OPEN, "members": sorted(m.iso3 for m in members)}
    events = [
        dated_event(
            people.secretariat or SYSTEM, "assessments.cycle.create", cycle, cycle.created_at, after=opened
        )
    ]
    if closed:
        before = {**snapshot, "status": CycleStatus.OPEN}
        at = moment(closes_on + datetime.timedelta(days=1))
        events.append(
            dated_event(
                people.secretariat or SYSTEM,
                "assessments.cycle.close",
                cycle,
                at,
                before=before,
                after=snapshot,
            )
        )
    audit_insert(events)
    return cycle


def _author_label(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else SYSTEM_ACTOR


# ---------------------------------------------------------------- one assessment


@dataclass
class AnswerPlan:
    answer: Answer
    versions: list[tuple[dict[str, Any], User | None, datetime.datetime]]  # accepted saves, oldest first
    refused: tuple[dict[str, Any], User | None, datetime.datetime] | None = None


@dataclass
class AssessmentPlan:
    """An assessment with everything that happened to it, built in memory, then inserted in batches."""

    assessment: Assessment
    people: People
    answers: list[AnswerPlan] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    reviewed_at: datetime.datetime | None = None  # validated or returned

    @classmethod
    def build(
        cls,
        cycle: AssessmentCycle,
        member: Member,
        status: str,
        indicators: list[Indicator],
        people: People,
        evidence_file: tuple[str, int, str],
    ) -> AssessmentPlan:
        rng = scale_random("assessment", cycle.opens_on.year, member.iso3)
        begun, submitted = _timeline(cycle, rng)
        plan = cls(Assessment(member=member, cycle=cycle, status=status, illustrative=True), people)
        level = member_level(member, cycle.opens_on.year)
        plan.answers = [_answer_plan(plan, i, level, rng, begun, submitted) for i in indicators]
        plan.evidence = [
            _evidence_row(
                plan.assessment,
                indicator,
                rng.choice(people.writers(member)),
                _between(rng, begun, submitted),
                evidence_file,
            )
            for indicator in rng.sample(indicators, rng.randint(1, 3))
        ]
        plan.review(rng, begun, submitted)
        assessment_scores_set(assessment=plan.assessment, answers=[a.answer for a in plan.answers])
        return plan

    @property
    def member(self) -> Member:
        return self.assessment.member

    def review(self, rng: Any, begun: datetime.datetime, submitted: datetime.datetime) -> None:
        a, people = self.assessment, self.people
        a.created_at = begun
        a.updated_at = max(p.versions[-1][2] for p in self.answers)
        if a.status == S.IN_PROGRESS:
            return
        focal = people.focal.get(self.member.pk)
        a.sign_off_statement, a.submitted_at, a.submitted_by = STATEMENT, submitted, focal
        self.comment(ReviewKind.SUBMITTED, focal, STATEMENT, submitted)
        reviewed = submitted + datetime.timedelta(days=rng.randint(5, 25), minutes=rng.randrange(480))
        if a.status == S.VALIDATED:
            a.validated_at, a.validated_by = reviewed, people.secretariat
            self.comment(ReviewKind.VALIDATED, people.secretariat, VALIDATED_NOTE, reviewed)
        elif a.status == S.RETURNED:
            self.comment(ReviewKind.RETURNED, people.secretariat, RETURNED_NOTE, reviewed)
        if a.status in (S.VALIDATED, S.RETURNED):
            self.reviewed_at = reviewed
        a.updated_at = max(a.updated_at, self.reviewed_at or submitted)
        if rng.random() < THREAD_SHARE:
            asked = submitted + datetime.timedelta(days=2, minutes=rng.randrange(480))
            code = rng.choice(self.answers).answer.indicator.code
            for number, (author, body) in enumerate(thread_messages(self, code, rng)):
                self.comment(ReviewKind.COMMENT, author, body, asked + datetime.timedelta(hours=20 * number))

    def comment(self, kind: str, author: User | None, body: str, at: datetime.datetime) -> None:
        self.comments.append(
            ReviewComment(
                assessment=self.assessment,
                kind=kind,
                body=body,
                author=author,
                author_label=_author_label(author),
                at=at,
            )
        )

    def events(self) -> Iterator[AuditEvent]:
        iso3 = self.member.iso3
        for plan in self.answers:
            yield from _answer_events(plan, iso3)
        for row in self.evidence:
            after = model_snapshot(row)
            yield dated_event(
                row.uploaded_by or SYSTEM, "assessments.evidence.upload", row, row.uploaded_at, after=after
            )
        yield from (_comment_event(c) for c in self.comments if c.kind == ReviewKind.COMMENT)
        yield from self.transition_events()

    def transition_events(self) -> Iterator[AuditEvent]:
        """submit, then validate or return, with the before and after snapshots the services record."""
        a, people = self.assessment, self.people
        if a.submitted_at is None:
            return
        final = model_snapshot(a)
        submitted = {**final, "status": S.SUBMITTED, "validated_at": None, "validated_by": None}
        drafted = {**submitted, "status": S.IN_PROGRESS, "sign_off_statement": ""}
        drafted.update(submitted_at=None, submitted_by=None)
        focal = people.focal.get(a.member_id)
        yield dated_event(
            focal or SYSTEM,
            "assessments.assessment.submit",
            a,
            a.submitted_at,
            before=drafted,
            after=submitted,
        )
        if self.reviewed_at is None:
            return
        if a.status == S.VALIDATED:
            action, reason = "assessments.assessment.validate", ""
        else:
            action, reason = "assessments.assessment.return", RETURNED_NOTE
        yield dated_event(
            people.secretariat or SYSTEM,
            action,
            a,
            self.reviewed_at,
            before=submitted,
            after=final,
            reason=reason,
        )


def _timeline(cycle: AssessmentCycle, rng: Any) -> tuple[datetime.datetime, datetime.datetime]:
    """When answering began and when the assessment was (or would have been) submitted."""
    last = min(cycle.closes_on - datetime.timedelta(days=30), LAST_DAY)
    begun = cycle.opens_on + datetime.timedelta(days=rng.randint(3, 40))
    span = max(1, (last - begun).days)
    submitted = begun + datetime.timedelta(days=rng.randint(span // 2, span))
    return moment(begun, rng.randrange(540)), moment(submitted, rng.randrange(540))


def _between(rng: Any, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
    return start + (end - start) * rng.random()


def _answer_plan(
    plan: AssessmentPlan,
    indicator: Indicator,
    level: float,
    rng: Any,
    begun: datetime.datetime,
    submitted: datetime.datetime,
) -> AnswerPlan:
    writers = plan.people.writers(plan.member)
    if rng.random() < NOT_MEASURED_SHARE:
        final: dict[str, Any] = {"not_measurable": True, "comment": NOT_MEASURED_NOTE}
    else:
        final = _stored(answer_values(indicator, level, rng))
    first_at = _between(rng, begun, submitted)
    versions = [(final, rng.choice(writers), first_at)]
    if rng.random() < EDITED_SHARE:
        earlier = _stored(answer_values(indicator, level - 0.15, rng))
        versions.insert(0, (earlier, rng.choice(writers), _between(rng, begun, first_at)))
    answer = Answer(assessment=plan.assessment, indicator=indicator, version=len(versions), **final)
    answer.updated_by, answer.updated_at = versions[-1][1], versions[-1][2]
    refused = None
    if rng.random() < REFUSED_SHARE:
        other = _stored(answer_values(indicator, level + 0.1, rng))
        refused = (other, rng.choice(writers), first_at + datetime.timedelta(minutes=rng.randint(2, 90)))
    return AnswerPlan(answer, versions, refused)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Answer values as `answer_save` stores them: numbers to four decimals, with the demo's comment."""
    if isinstance(values.get("value"), Decimal):
        values = {**values, "value": values["value"].quantize(Decimal("0.0001"))}
    return {**values, "comment": ANSWER_NOTE}


def _values(indicator: Indicator, data: dict[str, Any]) -> dict[str, Any]:
    """What `Answer.values()` gives for these stored values (the history keeps it in this form)."""
    return Answer(indicator=indicator, **data).values()


def _revisions(plan: AnswerPlan) -> Iterator[AnswerRevision]:
    saves = [(number, True, *save) for number, save in enumerate(plan.versions, start=1)]
    if plan.refused is not None:
        saves.append((len(plan.versions) - 1, False, *plan.refused))
    for number, accepted, data, author, at in saves:
        yield AnswerRevision(
            answer=plan.answer,
            version=number,
            accepted=accepted,
            data=_values(plan.answer.indicator, data),
            author=author,
            author_label=author.get_username() if author else SYSTEM_ACTOR,
            at=at,
        )


def _answer_events(plan: AnswerPlan, iso3: str) -> Iterator[AuditEvent]:
    answer = plan.answer
    before = Answer(indicator=answer.indicator).values()
    for number, (data, author, at) in enumerate(plan.versions, start=1):
        after = _values(answer.indicator, data)
        saved = {**after, "version": number, "provenance": None}
        yield dated_event(
            author or SYSTEM,
            "assessments.answer.save",
            answer,
            at,
            before=before,
            after=saved,
            member_iso3=iso3,
        )
        before = after
    if plan.refused is not None:
        data, author, at = plan.refused
        refused = _values(answer.indicator, data)
        reason = f"based on version {answer.version - 1}, current version {answer.version}"
        action = "assessments.answer.refused"
        current = answer.values()
        yield dated_event(
            author or SYSTEM,
            action,
            answer,
            at,
            before=current,
            after=refused,
            member_iso3=iso3,
            reason=reason,
        )


def _plans_insert(plans: list[AssessmentPlan]) -> None:
    bulk_insert(Assessment, [p.assessment for p in plans])
    answers = [a for p in plans for a in p.answers]
    bulk_insert(Answer, [a.answer for a in answers])
    bulk_insert(AnswerRevision, [r for a in answers for r in _revisions(a)])
    bulk_insert(Evidence, [e for p in plans for e in p.evidence])
    bulk_insert(ReviewComment, [c for p in plans for c in p.comments])
    audit_insert([e for p in plans for e in p.events()])


def _evidence_row(
    assessment: Assessment,
    indicator: Indicator,
    author: User | None,
    at: datetime.datetime,
    evidence: tuple[str, int, str],
) -> Evidence:
    name, size, sha256 = evidence
    year = assessment.cycle.opens_on.year
    original = f"{assessment.member.iso3.lower()}-{indicator.code.lower()}-{year}-illustrative.pdf"
    return Evidence(
        assessment=assessment,
        indicator=indicator,
        file=name,
        original_name=original,
        content_type="application/pdf",
        size=size,
        sha256=sha256,
        uploaded_by=author,
        uploaded_at=at,
    )


def _evidence_file() -> tuple[str, int, str]:
    """One small illustrative PDF that every illustrative evidence row points to (stored once)."""
    content = illustrative_pdf("Illustrative evidence file (Clearway demonstration data)")
    if not default_storage.exists(EVIDENCE_FILE):
        default_storage.save(EVIDENCE_FILE, ContentFile(content))
    return EVIDENCE_FILE, len(content), hashlib.sha256(content).hexdigest()


def illustrative_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), built by hand: no PDF library is needed for so little."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------- review threads

QUESTIONS = {
    "en": "Could you attach the text that supports your answer to indicator {code}? (illustrative)",
    "fr": "Pourriez-vous joindre le texte qui appuie votre réponse à l'indicateur {code} ? (illustratif)",
}
REPLIES = {
    "en": "Attached: the regulation adopted last year, with the implementing instructions. (illustrative)",
    "fr": "C'est joint : le règlement adopté l'an dernier et ses instructions d'application. (illustratif)",
}


def thread_messages(plan: AssessmentPlan, code: str, rng: Any) -> list[tuple[User | None, str]]:
    """A secretariat question on one indicator and the Member's reply, in the Member's user's language."""
    member_user = rng.choice(plan.people.writers(plan.member))
    lang = getattr(member_user, "preferred_language", "en")
    return [(plan.people.secretariat, QUESTIONS[lang].format(code=code)), (member_user, REPLIES[lang])]


def review_threads_load(*, events: int, progress: ScaleProgress) -> str:
    """Review-thread exchanges (one audited comment each) on completed illustrative assessments of closed cycles,
    spread evenly, until `events` comments are written: the audit trail then has the scale's size."""
    completed = list(
        Assessment.objects.filter(
            illustrative=True, cycle__status=CycleStatus.CLOSED, status__in=[S.SUBMITTED, S.VALIDATED]
        )
        .select_related("member", "cycle__catalogue")
        .order_by("cycle__opens_on", "member__iso3")
    )
    if not completed:
        return "no completed assessment to discuss"
    people = people_for(sorted({a.member for a in completed}, key=lambda m: m.iso3))
    progress.add(events)
    comments: list[ReviewComment] = []
    for index in range(0, events, 2):
        assessment = completed[(index // 2) % len(completed)]
        comments.extend(_exchange(assessment, people, index)[: events - index])
    with transaction.atomic():
        bulk_insert(ReviewComment, comments, progress=progress)
        audit_insert([_comment_event(c) for c in comments])
    return f"{len(comments)} review comment(s) added to bring the audit trail to its size"


def _exchange(assessment: Assessment, people: People, index: int) -> list[ReviewComment]:
    rng = scale_random("thread", assessment.cycle.opens_on.year, assessment.member.iso3, index)
    plan = AssessmentPlan(assessment, people)
    asked = (assessment.submitted_at or moment(assessment.cycle.opens_on)) + datetime.timedelta(
        hours=rng.randint(2, 200)
    )
    code = rng.choice(indicator_list(catalogue=assessment.cycle.catalogue)).code
    for offset, (author, body) in enumerate(thread_messages(plan, code, rng)):
        plan.comment(ReviewKind.COMMENT, author, body, asked + datetime.timedelta(hours=18 * offset))
    return plan.comments


def _comment_event(comment: ReviewComment) -> AuditEvent:
    iso3 = comment.assessment.member.iso3
    after = model_snapshot(comment)
    return dated_event(
        comment.author or SYSTEM,
        "assessments.comment.add",
        comment,
        comment.at,
        after=after,
        member_iso3=iso3,
    )
