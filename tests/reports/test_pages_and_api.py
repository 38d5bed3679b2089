"""Pages and API of reports, per persona: the Secretariat prepares; others read only what it shared."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from django.test import Client

from clearway.accounts.services import api_token_create
from clearway.core.models import AuditEvent
from clearway.reports.models import Report, ReportFile
from clearway.reports.services import report_generate, report_share
from tests.reports.conftest import docx_text

FORM = {
    "committee": "ptc",
    "session": "235th/236th",
    "document_number": "PC0690",
    "document_date": "2022-03-07",
    "language": "en",
    "period_start": "2021-09-01",
    "period_end": "2022-03-07",
    "previous_session": "233rd/234th",
    "previous_document_number": "PC0674",
    "meeting_start": "2022-04-25",
    "meeting_end": "2022-04-29",
    "meeting_place": "Brussels",
    "meeting_format": "hybrid",
    "agenda_item": "X.a",
    "title": "",
}


@pytest.fixture
def schema(anon_client: Client, db: Any) -> dict[str, Any]:
    return anon_client.get("/api/openapi.json").json()


def _bearer(user: Any) -> Client:
    _token, raw = api_token_create(actor=user, user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _valid(schema: dict[str, Any], path: str, method: str, status: str, payload: Any) -> None:
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.validate(payload, {**body, "components": schema.get("components", {})})


def test_the_secretariat_creates_generates_edits_compares_and_downloads(
    client_for: Any, secretariat: Any, seed_record: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(secretariat)
    assert client.get("/reports/new/").status_code == 200
    bad = client.post("/reports/new/", {**FORM, "period_end": "2021-01-01"})
    assert "The period must end on or after the day it starts." in bad.content.decode()
    created = client.post("/reports/new/", FORM)
    report = Report.objects.get(document_number="PC0690")
    assert created.headers["Location"] == f"/reports/{report.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        generated = client.post(f"/reports/{report.pk}/generate/", {"format": "docx", "regenerate": "on"})
    assert generated.status_code == 302 and "?job=" in generated.headers["Location"]
    page = client.get(generated.headers["Location"]).content.decode()
    assert "data-job-url=" in page and "The MENA workshop was held online" in page
    assert "Generated from the data" in page
    french = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Généré à partir des données" in french and "Generated from the data" not in french
    record = ReportFile.objects.get(report=report)
    download = client.get(f"/reports/files/{record.pk}/")
    assert download["Content-Disposition"].startswith('attachment; filename="PC0690EN-v1')
    assert "nearly 100 experts" in docx_text(b"".join(download.streaming_content))

    edited = client.post(
        f"/reports/{report.pk}/blocks/capacity_activities.lead/",
        {
            "version": "1",
            "text": "The Secretariat delivered two regional workshops and contributed to one event.",
        },
    )
    assert edited.status_code == 302
    assert AuditEvent.objects.filter(action="reports.block.edit", actor=secretariat).exists()
    compare = client.get(f"/reports/{report.pk}/versions/?a=1&b=2").content.decode()
    assert "capacity_activities.lead" in compare and '<ins class="diff-added">' in compare
    stale = client.post(
        f"/reports/{report.pk}/blocks/capacity_activities.lead/", {"version": "1", "text": "Old."}
    )
    assert stale.status_code == 409 and "Someone else changed this paragraph" in stale.content.decode()
    assert "two regional workshops" in client.get(f"/reports/{report.pk}/preview/").content.decode()


def test_members_see_only_shared_reports_and_never_edit(
    client_for: Any,
    secretariat: Any,
    focal_a: Any,
    focal_b: Any,
    anon_client: Client,
    make_report: Any,
    seed_record: Any,
) -> None:
    report = make_report()
    report_generate(report=report, actor=secretariat)
    member = client_for(focal_a)
    assert "PC0690" not in member.get("/reports/").content.decode()
    assert member.get(f"/reports/{report.pk}/").status_code == 404
    assert member.get("/reports/new/").status_code == 403
    assert anon_client.get("/reports/").status_code == 302
    report_share(report=report, actor=secretariat, shared=True)
    assert "PC0690" in member.get("/reports/").content.decode()
    page = client_for(focal_b).get(f"/reports/{report.pk}/").content.decode()
    assert "The MENA workshop" in page and "Save paragraph" not in page
    refused = member.post(
        f"/reports/{report.pk}/blocks/capacity_activities.lead/", {"version": "1", "text": "x"}
    )
    assert refused.status_code == 404
    assert member.post(f"/reports/{report.pk}/generate/", {"format": "pdf"}).status_code == 404
    assert report.versions.count() == 1


def test_the_api_through_its_schema(
    schema: dict[str, Any],
    secretariat: Any,
    focal_a: Any,
    seed_record: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for path in (
        "/api/reports/",
        "/api/reports/{report_id}",
        "/api/reports/{report_id}/generate",
        "/api/reports/{report_id}/versions",
        "/api/reports/{report_id}/blocks/{block_id}",
        "/api/reports/{report_id}/exports",
        "/api/reports/files/{file_id}/download",
    ):
        assert path in schema["paths"], path
    api = _bearer(secretariat)
    payload = {k: v for k, v in FORM.items() if k != "title"}
    created = api.post("/api/reports/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    _valid(schema, "/api/reports/", "post", "201", created.json())
    report_id = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post(
            f"/api/reports/{report_id}/generate", {"format": "pdf"}, content_type="application/json"
        )
    assert job.status_code == 202
    _valid(schema, "/api/reports/{report_id}/generate", "post", "202", job.json())
    status = api.get(job.json()["status_url"]).json()
    assert status["status"] == "succeeded" and status["result"]["version"] == 1
    pdf = b"".join(api.get(status["result"]["api_download_url"]).streaming_content)
    assert pdf.startswith(b"%PDF")
    versions = api.get(f"/api/reports/{report_id}/versions").json()
    _valid(schema, "/api/reports/{report_id}/versions", "get", "200", versions)
    edit = api.put(
        f"/api/reports/{report_id}/blocks/introduction.package",
        {"text": "Edited through the API.", "base_version": 1},
        content_type="application/json",
    )
    assert edit.status_code == 200 and edit.json()["number"] == 2
    exported = api.post(
        f"/api/reports/{report_id}/exports", {"format": "html"}, content_type="application/json"
    )
    assert exported.status_code == 201
    _valid(schema, "/api/reports/{report_id}/exports", "post", "201", exported.json())
    html = b"".join(api.get(exported.json()["download_url"]).streaming_content).decode()
    assert "Edited through the API." in html
    member = _bearer(focal_a)
    assert member.post("/api/reports/", payload, content_type="application/json").status_code == 403
    assert member.get(f"/api/reports/{report_id}").status_code == 404
    assert member.get(exported.json()["download_url"]).status_code == 404
    assert member.get("/api/reports/").json() == []


def test_bullet_points_are_edited_one_per_line(
    client_for: Any, secretariat: Any, make_report: Any, seed_record: Any
) -> None:
    report = make_report()
    report_generate(report=report, actor=secretariat)
    client = client_for(secretariat)
    response = client.post(
        f"/reports/{report.pk}/blocks/action_required.invitation/",
        {
            "version": "1",
            "text": "The PTC is invited to:",
            "items": "take note of the activities\r\n\r\nprovide guidance on national workshops",
        },
    )
    assert response.status_code == 302
    block = next(b for b in report.versions.get(number=2).blocks if b["id"] == "action_required.invitation")
    assert block["items"] == ["take note of the activities", "provide guidance on national workshops"]
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "take note of the activities&#10;provide guidance on national workshops</textarea>" in page


def test_adding_and_removing_a_paragraph_on_the_page(
    client_for: Any, secretariat: Any, make_report: Any, seed_record: Any
) -> None:
    report = make_report()
    report_generate(report=report, actor=secretariat)
    client = client_for(secretariat)
    response = client.post(
        f"/reports/{report.pk}/blocks/introduction.history/add/",
        {"text": "The Secretariat Note on AEO was first developed in March 2021."},
    )
    assert response.headers["Location"].endswith("#introduction.history")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "first developed in March 2021" in page and "Remove this paragraph" in page
    added = next(b["id"] for b in report.versions.get(number=2).blocks if b.get("added"))
    assert client.post(f"/reports/{report.pk}/blocks/{added}/remove/").status_code == 302
    assert "first developed in March 2021" not in client.get(f"/reports/{report.pk}/").content.decode()
    empty = client.post(f"/reports/{report.pk}/blocks/introduction.history/add/", {"text": "  "})
    assert empty.status_code == 400 and report.versions.count() == 3
