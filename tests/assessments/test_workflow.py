"""Cycle, answers with optimistic locking and history, evidence, submission and review, eligibility signal."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearway.assessments import analytics, selectors, services
from clearway.assessments.models import AnswerRevision, AssessmentStatus
from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_the_secretariat_opens_a_cycle_and_each_member_gets_one_assessment(
    focal_a: Any, secretariat: Any, catalogue: Any, member_a: Any, member_b: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            actor=focal_a,
            name="X",
            catalogue=catalogue,
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 2, 1),
            members=[member_a],
        )
    with pytest.raises(ValidationFailed) as caught:
        services.cycle_create(
            actor=secretariat,
            name="X",
            catalogue=catalogue,
            opens_on=datetime.date(2026, 2, 1),
            closes_on=datetime.date(2026, 1, 1),
            members=[],
        )
    assert set(caught.value.field_errors) == {"closes_on", "members"}
    cycle = services.cycle_create(
        actor=secretariat,
        name="X",
        catalogue=catalogue,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 1),
        members=[member_a, member_b],
    )
    assert sorted(cycle.assessments.values_list("member__iso3", "status")) == [
        ("KEN", "not_started"),
        ("UGA", "not_started"),
    ]
    assert AuditEvent.objects.filter(action="assessments.cycle.create", object_id=str(cycle.pk)).exists()


def test_second_concurrent_save_is_refused_and_both_versions_are_kept(
    assessment_a: Any, focal_a: Any, contributor_a: Any
) -> None:
    # Both open the answer at version 0; the focal point saves first.
    first = services.answer_save(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code="RM.1",
        base_version=0,
        stage="partial",
        comment="Screening covers express only.",
    )
    assert first.version == 1
    with pytest.raises(Conflict) as caught:
        services.answer_save(
            actor=contributor_a,
            assessment=assessment_a,
            indicator_code="RM.1",
            base_version=0,
            stage="full",
            comment="All channels are screened since May.",
        )
    assert "RM.1" in str(caught.value.message) and "not lost" in str(caught.value.message)
    answer = assessment_a.answers.get(indicator__code="RM.1")
    assert (answer.stage, answer.version, answer.comment) == ("partial", 1, "Screening covers express only.")
    revisions = list(AnswerRevision.objects.filter(answer=answer).order_by("id"))
    assert [(r.accepted, r.author_label, r.data["stage"]) for r in revisions] == [
        (True, "focal-a", "partial"),
        (False, "contrib-a", "full"),
    ]
    assert revisions[1].data["comment"] == "All channels are screened since May."
    assert AuditEvent.objects.filter(action="assessments.answer.refused", object_id=str(answer.pk)).exists()
    # After reloading, the contributor saves on the current version: accepted, history grows.
    services.answer_save(
        actor=contributor_a,
        assessment=assessment_a,
        indicator_code="RM.1",
        base_version=1,
        stage="full",
        comment="Merged: all channels since May.",
    )
    assert list(selectors.answer_history(answer=answer).values_list("version", "accepted"))[:1] == [(2, True)]


def test_answers_are_checked_against_the_indicator_type(assessment_a: Any, focal_a: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.answer_save(
            actor=focal_a, assessment=assessment_a, indicator_code="RM.1", base_version=0, stage="mostly"
        )
    with pytest.raises(ValidationFailed, match="between 0 and 100"):
        services.answer_save(
            actor=focal_a, assessment=assessment_a, indicator_code="LAW.3", base_version=0, value="140"
        )
    with pytest.raises(ValidationFailed):
        services.answer_save(
            actor=focal_a, assessment=assessment_a, indicator_code="LAW.3", base_version=0, value="lots"
        )
    with pytest.raises(ValidationFailed):  # "cannot be answered" needs a reason
        services.answer_save(
            actor=focal_a,
            assessment=assessment_a,
            indicator_code="LAW.3",
            base_version=0,
            not_measurable=True,
        )
    answer = services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="LAW.3", base_version=0, value="72,5"
    )
    assert answer.value == Decimal("72.5")
    assessment_a.refresh_from_db()
    assert assessment_a.status == AssessmentStatus.IN_PROGRESS
    assert assessment_a.overall_score is not None


def test_member_b_cannot_write_member_a(assessment_a: Any, focal_b: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=focal_b, assessment=assessment_a, indicator_code="RM.1", base_version=0, stage="full"
        )
    with pytest.raises(PermissionDenied):
        services.answer_attach_measurement(
            assessment=assessment_a,
            indicator_code="LAW.3",
            value=55,
            provenance={"source": "shipments"},
            actor=focal_b,
        )


def test_measurement_attach_stores_value_and_provenance_with_history(
    assessment_a: Any, focal_a: Any, secretariat: Any
) -> None:
    provenance = {"source": "shipments", "dataset": "KEN-2025", "measure": "advance_data_share", "n": 1200}
    answer = services.answer_attach_measurement(
        assessment=assessment_a,
        indicator_code="LAW.3",
        value=Decimal("61.25"),
        provenance=provenance,
        actor=focal_a,
    )
    assert (answer.value, answer.provenance, answer.version) == (Decimal("61.25"), provenance, 1)
    again = services.answer_attach_measurement(
        assessment=assessment_a,
        indicator_code="LAW.3",
        value=70.0,
        provenance={**provenance, "n": 1500},
        actor=secretariat,
    )
    assert again.version == 2
    assert [r.provenance["n"] for r in selectors.answer_history(answer=again)] == [1500, 1200]
    with pytest.raises(ValidationFailed):
        services.answer_attach_measurement(
            assessment=assessment_a, indicator_code="RM.1", value=1, provenance=provenance, actor=focal_a
        )
    with pytest.raises(ValidationFailed):
        services.answer_attach_measurement(
            assessment=assessment_a, indicator_code="LAW.3", value=1, provenance={}, actor=focal_a
        )


def test_submit_needs_every_answer_and_the_focal_point(
    assessment_a: Any, focal_a: Any, contributor_a: Any, answer_all: Any
) -> None:
    answer_all(assessment_a, contributor_a, skip=("DQ.4",))
    with pytest.raises(ValidationFailed, match="DQ.4"):
        services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    services.answer_save(
        actor=contributor_a,
        assessment=assessment_a,
        indicator_code="DQ.4",
        base_version=0,
        not_measurable=True,
        comment="No agreement with the post yet.",
    )
    with pytest.raises(PermissionDenied):
        services.assessment_submit(actor=contributor_a, assessment=assessment_a, statement="Signed.")
    assert selectors.assessment_submitted_for_member(member=assessment_a.member) is None
    submitted = services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    assert submitted.status == AssessmentStatus.SUBMITTED and submitted.submitted_at is not None
    assert submitted.overall_score == 100.0
    assert selectors.assessment_submitted_for_member(member=assessment_a.member) == submitted
    with pytest.raises(InvalidTransition):
        services.answer_save(
            actor=focal_a, assessment=assessment_a, indicator_code="RM.1", base_version=1, stage="none"
        )


def test_secretariat_returns_with_comment_then_validates(
    assessment_a: Any, focal_a: Any, secretariat: Any, answer_all: Any
) -> None:
    answer_all(assessment_a, focal_a)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    with pytest.raises(PermissionDenied):
        services.assessment_validate(actor=focal_a, assessment=assessment_a)
    with pytest.raises(ValidationFailed):
        services.assessment_return(actor=secretariat, assessment=assessment_a, comment=" ")
    returned = services.assessment_return(
        actor=secretariat, assessment=assessment_a, comment="Attach the law."
    )
    assert returned.status == AssessmentStatus.RETURNED
    assert selectors.assessment_submitted_for_member(member=assessment_a.member) is None
    services.comment_add(actor=focal_a, assessment=assessment_a, body="Attached, thanks.")
    current = assessment_a.answers.get(indicator__code="LAW.1")
    services.answer_save(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code="LAW.1",
        base_version=current.version,
        stage="partial",
    )
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed again.")
    validated = services.assessment_validate(actor=secretariat, assessment=assessment_a, comment="Thank you.")
    assert validated.status == AssessmentStatus.VALIDATED
    kinds = list(selectors.comment_list(assessment=assessment_a).values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "comment", "submitted", "validated"]


def test_eligibility_uses_the_latest_open_cycle(
    assessment_a: Any, focal_a: Any, secretariat: Any, answer_all: Any, catalogue: Any, member_a: Any
) -> None:
    answer_all(assessment_a, focal_a)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    assert selectors.assessment_submitted_for_member(member=member_a) is not None
    services.cycle_create(
        actor=secretariat,
        name="Next",
        catalogue=catalogue,
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 6, 30),
        members=[member_a],
    )
    assert selectors.assessment_submitted_for_member(member=member_a) is None  # a new cycle: assess again


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("law.pdf", b"%PDF-1.7\n...", True),
        ("photo.jpeg", b"\xff\xd8\xff\xe0JFIF", True),
        ("scan.png", b"\x89PNG\r\n\x1a\n....", True),
        ("note.docx", _docx_bytes(), True),
        ("note.xlsx", _docx_bytes(), False),  # a Word package named .xlsx
        ("fake.pdf", b"MZ\x90\x00 an executable", False),
        ("tool.exe", b"MZ\x90\x00", False),
        ("archive.docx", b"PK\x03\x04 not really a zip", False),
        ("empty.pdf", b"", False),
    ],
)
def test_evidence_type_is_checked_by_content(
    assessment_a: Any, focal_a: Any, name: str, content: bytes, accepted: bool
) -> None:
    upload = SimpleUploadedFile(name, content)
    if accepted:
        evidence = services.evidence_upload(
            actor=focal_a, assessment=assessment_a, indicator_code="LAW.1", upload=upload
        )
        assert evidence.size == len(content) and len(evidence.sha256) == 64
    else:
        with pytest.raises(ValidationFailed):
            services.evidence_upload(
                actor=focal_a, assessment=assessment_a, indicator_code="LAW.1", upload=upload
            )


def test_evidence_size_limit(assessment_a: Any, focal_a: Any, settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationFailed, match="larger than the limit of 1 MB"):
        services.evidence_upload(
            actor=focal_a, assessment=assessment_a, indicator_code="LAW.1", upload=upload
        )


def test_commitments_overdue_flag(focal_a: Any, focal_b: Any, member_a: Any) -> None:
    from clearway.framework.models import Standard

    standard = Standard.objects.get(edition__code="2022", key="data-quality")
    with pytest.raises(ValidationFailed):
        services.commitment_save(actor=focal_a, member=member_a, standard=standard)
    with pytest.raises(PermissionDenied):
        services.commitment_save(actor=focal_b, member=member_a, standard=standard, planned_on="2025-01-01")
    commitment = services.commitment_save(
        actor=focal_a, member=member_a, standard=standard, planned_on="2025-01-01", indicative_on="2030-06-30"
    )
    today = datetime.date(2026, 11, 29)
    assert commitment.due_on == datetime.date(2030, 6, 30) and not commitment.is_overdue(today)
    commitment = services.commitment_save(
        actor=focal_a, member=member_a, standard=standard, planned_on="2025-01-01", definitive_on="2026-03-31"
    )
    assert commitment.date_kind == "definitive" and commitment.is_overdue(today)
    commitment = services.commitment_save(
        actor=focal_a,
        member=member_a,
        standard=standard,
        definitive_on="2026-03-31",
        achieved_on="2026-04-02",
    )
    assert not commitment.is_overdue(today)


def test_claimed_stage_is_checked_against_the_measured_value(
    assessment_a: Any, focal_a: Any, client_for: Any
) -> None:
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="LAW.1", base_version=0, stage="full"
    )
    levels = frozenset({"public", "members", "secretariat"})
    assert analytics.assessment_measure_checks(assessment=assessment_a, levels=levels) == []
    services.answer_attach_measurement(
        assessment=assessment_a,
        indicator_code="LAW.3",
        value=Decimal("42"),
        provenance={"source": "shipments"},
        actor=focal_a,
    )
    checks = analytics.assessment_measure_checks(assessment=assessment_a, levels=levels)
    # advance_data_share 0.42 supports "pilot" (0.1) but neither "partial" (0.5) nor "full" (0.9).
    assert [(c.indicator.code, c.measured, c.minimum, c.source_code) for c in checks] == [
        ("LAW.1", 0.42, 0.9, "LAW.3")
    ]
    page = client_for(focal_a).get(f"/assessments/{assessment_a.pk}/").content.decode()
    assert (
        "claims “Fully implemented”, but the value measured in LAW.3 is 42.0%, below the 90.0% expected"
        in page
    )
    french = client_for(focal_a)
    french.post("/accounts/language/", {"language": "fr", "next": "/"})
    page = french.get(f"/assessments/{assessment_a.pk}/").content.decode()
    assert (
        "déclare «\u00a0Pleinement mis en œuvre\u00a0», mais la valeur mesurée dans LAW.3 est de 42,0\u202f%"
        in page
    )
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="LAW.1", base_version=1, stage="pilot"
    )
    assert analytics.assessment_measure_checks(assessment=assessment_a, levels=levels) == []


def test_closing_a_cycle_freezes_its_assessments(assessment_a: Any, focal_a: Any, secretariat: Any) -> None:
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="RM.1", base_version=0, stage="full"
    )
    with pytest.raises(PermissionDenied):
        services.cycle_close(actor=focal_a, cycle=assessment_a.cycle)
    services.cycle_close(actor=secretariat, cycle=assessment_a.cycle)
    with pytest.raises(InvalidTransition, match="closed"):
        services.answer_save(
            actor=focal_a, assessment=assessment_a, indicator_code="RM.1", base_version=1, stage="none"
        )
    with pytest.raises(InvalidTransition):
        services.cycle_close(actor=secretariat, cycle=assessment_a.cycle)
    assert assessment_a.answers.get(indicator__code="RM.1").stage == "full"


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_the_same_moment_lose_nothing(
    assessment_a: Any, focal_a: Any, contributor_a: Any
) -> None:
    """Two real connections save the same answer from version 0 at once: one wins, the other is kept as refused."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: Any, stage: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.answer_save(
                actor=actor, assessment=assessment_a, indicator_code="RM.1", base_version=0, stage=stage
            )
            outcomes[stage] = "saved"
        except Conflict:
            outcomes[stage] = "refused"
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=save, args=(focal_a, "partial")),
        threading.Thread(target=save, args=(contributor_a, "full")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    answer = assessment_a.answers.get(indicator__code="RM.1")
    winner = next(stage for stage, outcome in outcomes.items() if outcome == "saved")
    assert (answer.stage, answer.version) == (winner, 1)
    kept = {(r.data["stage"], r.accepted) for r in AnswerRevision.objects.filter(answer=answer)}
    assert kept == {("partial", winner == "partial"), ("full", winner == "full")}
