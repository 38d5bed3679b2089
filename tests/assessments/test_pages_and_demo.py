"""Pages a user sees, exports, the Member panel, and the illustrative demo data (deterministic, idempotent)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from clearway.assessments import services
from clearway.assessments.models import Assessment, AssessmentCycle, Commitment

pytestmark = pytest.mark.django_db


def test_scorecard_page_explains_the_score(
    assessment_a: Any, focal_a: Any, answer_all: Any, client_for: Any
) -> None:
    answer_all(assessment_a, focal_a, level="partial")
    assessment_a.refresh_from_db()
    page = client_for(focal_a).get(f"/assessments/{assessment_a.pk}/").content.decode()
    assert f"Why is this {assessment_a.score}?" in page
    assert "full 3, partial 2, pilot 1, not implemented 0" in page
    assert "<svg" in page  # the scorecard chart
    assert "Gaps: weakest standards first" in page
    assert "Sign off and submit" in page


def test_edit_page_offers_autosave_and_evidence(
    assessment_a: Any, contributor_a: Any, client_for: Any
) -> None:
    page = client_for(contributor_a).get(f"/assessments/{assessment_a.pk}/edit/").content.decode()
    assert f'data-url="/api/assessments/{assessment_a.pk}/answers/LAW.1"' in page
    assert "autosave.js" in page and 'name="file"' in page


def test_form_post_fallback_saves_and_reports_conflicts(
    assessment_a: Any, focal_a: Any, client_for: Any
) -> None:
    client = client_for(focal_a)
    url = f"/assessments/{assessment_a.pk}/edit/"
    client.post(url, {"indicator": "RM.1", "version": "0", "stage": "pilot", "comment": "first"})
    response = client.post(
        url, {"indicator": "RM.1", "version": "0", "stage": "full", "comment": "second"}, follow=True
    )
    assert "saved indicator RM.1 after you opened it" in response.content.decode()
    assert assessment_a.answers.get(indicator__code="RM.1").comment == "first"


def test_cycle_overview_heat_map_and_exports(
    cycle: Any, assessment_a: Any, focal_a: Any, secretariat: Any, answer_all: Any, client_for: Any
) -> None:
    answer_all(assessment_a, focal_a)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    client = client_for(secretariat)
    page = client.get(f"/assessments/cycles/{cycle.pk}/").content.decode()
    assert "Heat map" in page and "<svg" in page and "Kenya" in page
    # the submission date written out in the reader's language, not as an ISO date
    assessment_a.refresh_from_db()
    submitted = timezone.localtime(assessment_a.submitted_at)
    assert f"<td>{submitted.day} {submitted:%B %Y}</td>" in page
    french = client.get(f"/assessments/cycles/{cycle.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"{submitted:%Y-%m-%d}" not in french and f"<td>{submitted.day} " in french
    xlsx = client.get(f"/assessments/cycles/{cycle.pk}/export.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["About", "Scores", "Benchmarks", "Answers"]
    answers = list(book["Answers"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in answers} == {"KEN"} and len(answers) == 49
    scores = {row[1]: row for row in book["Scores"].iter_rows(min_row=2, values_only=True)}
    assert scores["KEN"][5] == 100.0 and scores["UGA"][5] is None
    notes = [row[0] for row in book["Bench" + "marks"].iter_rows(min_row=2, values_only=True)]
    assert notes  # one row per standard and region
    bench = client.get(f"/assessments/cycles/{cycle.pk}/benchmarks/").content.decode()
    assert "suppressed" in bench


def test_member_page_panel(
    assessment_a: Any, focal_a: Any, focal_b: Any, client_for: Any, member_a: Any
) -> None:
    assert "Self-assessment" in client_for(focal_a).get(f"/members/{member_a.iso3}/").content.decode()
    assert "Self-assessment" not in client_for(focal_b).get(f"/members/{member_a.iso3}/").content.decode()


def test_secretariat_opens_a_cycle_from_the_page(secretariat: Any, focal_a: Any, client_for: Any) -> None:
    form = {
        "name": "Cycle 2027",
        "catalogue": "clearway-2022-v2",
        "opens_on": "2027-01-01",
        "closes_on": "2027-06-30",
        "members": ["KEN", "UGA", "TZA"],
    }
    assert client_for(focal_a).post("/assessments/cycles/new/", form).status_code == 404
    response = client_for(secretariat).post("/assessments/cycles/new/", form)
    cycle = AssessmentCycle.objects.get(name_en="Cycle 2027")
    assert response.status_code == 302 and cycle.assessments.count() == 3


def test_a_cycle_form_naming_a_member_that_does_not_exist_or_a_bad_date_is_refused_with_the_reason(
    secretariat: Any, client_for: Any
) -> None:
    form = {"name": "Cycle 2028", "catalogue": "clearway-2022-v2", "opens_on": "2028-01-01"}
    client = client_for(secretariat)
    page = client.post(
        "/assessments/cycles/new/",
        {**form, "closes_on": "2028-06-30", "members": ["KEN", "XXX"]},
        follow=True,
    ).content.decode()
    assert "XXX is not one of the available choices" in page
    page = client.post(
        "/assessments/cycles/new/", {**form, "closes_on": "2028-02-30"}, follow=True
    ).content.decode()
    assert "Use a date like 2026-12-31." in page and 'value="2028-02-30"' in page
    assert not AssessmentCycle.objects.filter(name_en="Cycle 2028").exists()


def test_demo_is_idempotent_deterministic_and_labelled(client_for: Any, make_user: Any) -> None:
    from clearway.accounts.demo import demo_load as accounts_demo
    from clearway.assessments.demo import demo_load
    from clearway.assessments.selectors import assessment_submitted_for_member
    from clearway.members.models import Member

    accounts_demo()
    demo_load()
    snapshot = sorted(Assessment.objects.values_list("cycle__name_en", "member__iso3", "status", "score"))
    commitments = Commitment.objects.count()
    assert "already present" in demo_load()
    assert (
        sorted(Assessment.objects.values_list("cycle__name_en", "member__iso3", "status", "score"))
        == snapshot
    )
    assert Commitment.objects.count() == commitments > 0
    cycles = list(AssessmentCycle.objects.order_by("opens_on"))
    assert [c.status for c in cycles] == ["closed", "open"] and all(c.illustrative for c in cycles)
    assert len({iso for _c, iso, _s, _v in snapshot}) >= 30
    kenya = assessment_submitted_for_member(member=Member.objects.get(iso3="KEN"))
    assert kenya is not None and kenya.cycle == cycles[1] and kenya.status == "submitted"
    statuses = {s for c, _i, s, _v in snapshot if c == cycles[1].name}
    assert statuses == {"not_started", "in_progress", "submitted", "validated", "returned"}
    secretariat = make_user("secretariat_staff", username="sec-demo")
    client = client_for(secretariat)
    assert "Illustrative data" in client.get(f"/assessments/cycles/{cycles[1].pk}/").content.decode()
    assert "Illustrative data" in client.get(f"/assessments/{kenya.pk}/").content.decode()
    assert "illustrative" in client.get(f"/assessments/cycles/{cycles[1].pk}/export.csv").content.decode()
    book = load_workbook(io.BytesIO(client.get(f"/assessments/cycles/{cycles[1].pk}/export.xlsx").content))
    assert "ILLUSTRATIVE" in str(book["About"]["A1"].value)


def test_evidence_can_be_removed_by_the_member_only(
    assessment_a: Any, focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clearway.assessments.models import Evidence
    from clearway.core.models import AuditEvent

    client = client_for(focal_a)
    client.post(
        f"/assessments/{assessment_a.pk}/evidence/",
        {"indicator": "LAW.1", "file": SimpleUploadedFile("law.pdf", b"%PDF-1.7 law")},
    )
    refused = client.post(
        f"/assessments/{assessment_a.pk}/evidence/",
        {"indicator": "LAW.1", "file": SimpleUploadedFile("law.pdf", b"GIF89a")},
        follow=True,
    )
    assert (
        "is not an accepted file: send a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file"
        in refused.content.decode()
    )
    evidence = Evidence.objects.get(assessment=assessment_a)
    assert "law.pdf" in client.get(f"/assessments/{assessment_a.pk}/edit/").content.decode()
    assert client_for(focal_b).post(f"/assessments/evidence/{evidence.pk}/delete/").status_code == 404
    client.post(f"/assessments/evidence/{evidence.pk}/delete/")
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEvent.objects.filter(
        action="assessments.evidence.delete", object_id=str(evidence.pk)
    ).exists()


def test_catalogue_page_says_it_is_clearways_own_and_shows_the_mapping(focal_a: Any, client_for: Any) -> None:
    page = client_for(focal_a).get("/assessments/catalogues/clearway-2022-v2/").content.decode()
    assert "Clearway&#x27;s own catalogue" in page or "Clearway's own catalogue" in page
    assert "Correspondence with earlier versions" in page and "LAW.2A" in page and "MEA.SYS" in page
    assert "advance_data_share is at least 0.9 (full)" in page
    assert "shipments ·" in page
    french = client_for(focal_a).get("/assessments/catalogues/clearway-2022-v2/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "envois ·" in french.content.decode() and "shipments ·" not in french.content.decode()


def test_chart_marks_read_in_the_readers_language_for_screen_readers() -> None:
    """Each square of the heat map and each bar of a scorecard is described by its fields' titles, not raw names."""
    from django.utils import translation

    from clearway.assessments.charts import heatmap_chart

    with translation.override("fr"):
        svg = heatmap_chart(rows=[{"member": "ERI", "standard": "1", "score": 57.3}])
    assert 'aria-label="Norme\u00a0: 1\u202f; Membre\u00a0: ERI\u202f; Score\u00a0: 57,3"' in svg
    assert "member" not in svg
