from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from clearway.accounts.services import api_token_create, user_set_language
from clearway.core.actors import SYSTEM
from clearway.core.audit import object_changed
from clearway.core.jobs import job_enqueue, job_handler, job_run
from clearway.core.models import AuditEvent, Job, JobStatus


def test_every_write_leaves_an_audit_event_with_before_and_after(focal_a: Any) -> None:
    received: list[str] = []

    def listener(sender: Any, event: AuditEvent, **kwargs: Any) -> None:
        received.append(event.action)

    object_changed.connect(listener)
    try:
        user_set_language(user=focal_a, language="fr")
    finally:
        object_changed.disconnect(listener)
    event = AuditEvent.objects.filter(action="accounts.user.set_language").get()
    assert event.actor == focal_a
    assert event.before == {"preferred_language": "en"}
    assert event.after == {"preferred_language": "fr"}
    assert event.member_iso3 == "KEN"
    assert received == ["accounts.user.set_language"]


def test_audit_page_is_for_the_secretariat_and_members_see_their_own(
    client_for: Any, secretariat: Any, focal_a: Any, focal_b: Any, observer: Any
) -> None:
    api_token_create(actor=focal_a, user=focal_a, name="script A")
    api_token_create(actor=focal_b, user=focal_b, name="script B")
    assert "script A" in client_for(secretariat).get("/audit/").content.decode()
    page_a = client_for(focal_a).get("/audit/").content.decode()
    assert "script A" in page_a and "script B" not in page_a
    assert "script A" not in client_for(observer).get("/audit/").content.decode()


def test_the_audit_trail_filters_and_exports_what_the_viewer_may_see(
    client_for: Any, secretariat: Any, focal_a: Any, focal_b: Any
) -> None:
    import csv
    import datetime
    import io

    from openpyxl import load_workbook

    api_token_create(actor=focal_a, user=focal_a, name="script A")
    api_token_create(actor=focal_b, user=focal_b, name="script B")
    user_set_language(user=focal_b, language="fr")
    member_b = focal_b.member.iso3
    staff = client_for(secretariat)

    page = staff.get("/audit/", {"member": member_b}).content.decode()
    assert "script B" in page and "script A" not in page and "accounts.user.set_language" in page
    assert f"{member_b} – {focal_b.member.name}</option>" in page  # Members are named in the filter
    page = staff.get("/audit/", {"member": member_b, "action": "accounts.user.set_language"}).content.decode()
    assert "accounts.user.set_language" in page and "script B" not in page
    assert 'id="audit-count">1 event.' in " ".join(page.split())
    page = staff.get("/audit/", {"actor": "focal-"}).content.decode()
    assert "script A" in page and "script B" in page
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert "script A" not in staff.get("/audit/", {"start": tomorrow}).content.decode()

    rows = list(
        csv.DictReader(
            io.StringIO(staff.get("/audit/export/csv/", {"member": member_b}).content.decode("utf-8-sig"))
        )
    )
    assert {"accounts.api_token.create", "accounts.user.set_language"} <= {r["action"] for r in rows}
    assert all(r["member_iso3"] == member_b for r in rows)
    assert any('"preferred_language": "fr"' in r["after"] for r in rows)
    book = load_workbook(io.BytesIO(staff.get("/audit/export/xlsx/", {"member": member_b}).content))
    assert book["audit"].max_row == len(rows) + 1

    # A Member's focal point sees its own events only, whatever it asks for.
    page_a = client_for(focal_a).get("/audit/", {"member": member_b}).content.decode()
    assert "script A" in page_a and "script B" not in page_a
    rows_a = client_for(focal_a).get("/audit/export/csv/", {"member": member_b}).content.decode("utf-8-sig")
    assert "script B" not in rows_a and "script A" in rows_a

    # Filters that make no sense are refused with a reason, in the page and in the export.
    bad = {"start": "2026-02-01", "end": "2026-01-01"}
    page = staff.get("/audit/", bad).content.decode()
    assert "The end of the period cannot be before its start." in page and "script A" not in page
    assert staff.get("/audit/export/csv/", bad).status_code == 400
    assert staff.get("/audit/export/pdf/").status_code == 404


def test_every_audit_action_is_named_in_words_in_both_languages() -> None:
    """Each action code a write records (literal or a state it moves to) is declared by its app, of the one shape
    `app.entity.verb`, with a label, and French has its own."""
    import re
    from pathlib import Path

    from django.apps import apps

    import clearway
    from clearway.core.audit_labels import (
        ACTION_CODE,
        audit_action_codes,
        audit_action_label,
        audit_object_type_label,
        audit_state_actions,
    )

    source = Path(clearway.__file__).parent
    written = {
        code
        for path in source.rglob("*.py")
        if "migrations" not in path.parts
        for code in re.findall(r'action=f?"([a-z_.]+)(?:\{)?', path.read_text(encoding="utf-8"))
    }
    written -= {"store_true", "store_false", "append", "count"}  # argparse's actions in commands
    written -= set(audit_state_actions())  # an f-string's fixed part, which the pattern reads as a code
    codes = audit_action_codes()
    assert written <= set(codes) and len(codes) > 70
    assert [c for c in codes if not ACTION_CODE.fullmatch(c)] == []
    assert [c for c in codes if audit_action_label(c) == c] == []
    assert {c.split(".")[0] for c in codes} <= {*apps.app_configs, "core"}
    with translation.override("fr"):
        assert audit_action_label("assessments.assessment.submit") == "Évaluation soumise"
        assert (
            audit_action_label("capacity.support_request.approved")
            == "Demande d'appui national\u00a0: Approuvée"
        )
        assert audit_object_type_label("accounts.apitoken") == "Jeton d'API"
        english = set()
        with translation.override("en"):
            english = {audit_action_label(c) for c in codes}
        french = {audit_action_label(c) for c in codes}
        assert not english & french
        assert all(
            audit_object_type_label(m._meta.label_lower) != m._meta.label_lower
            for m in apps.get_models()
            if m.__module__.startswith("clearway.")
        )
    assert (
        audit_action_label("plugin.thing.something_new") == "plugin.thing.something_new"
    )  # unknown: the code


def test_a_write_with_an_action_no_app_declares_is_refused(focal_a: Any) -> None:
    from clearway.core.audit import audit_record
    from clearway.core.audit_labels import UnknownAuditAction

    for code in ("api_token.create", "accounts.api_token.created", "capacity.support_request.lost"):
        with pytest.raises(UnknownAuditAction, match=code):
            audit_record(actor=focal_a, action=code, instance=focal_a)
    assert not AuditEvent.objects.filter(actor=focal_a).exists()
    audit_record(actor=focal_a, action="capacity.support_request.approved", instance=focal_a)
    assert AuditEvent.objects.filter(actor=focal_a).count() == 1


def test_an_app_declaring_an_action_of_another_shape_or_app_stops_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    from django.core.exceptions import ImproperlyConfigured

    from clearway.core import audit_labels

    for code in ("surveys.survey_create", "capacity.survey.create", "surveys.survey.create.now"):
        module = SimpleNamespace(AUDIT_ACTIONS={code: "Created"})
        monkeypatch.setattr(
            audit_labels, "app_modules", lambda name, module=module: iter([("surveys", module)])
        )
        audit_labels.audit_actions.cache_clear()
        try:
            with pytest.raises(ImproperlyConfigured, match="surveys.<entity>.<verb>"):
                audit_labels.audit_actions()
        finally:
            audit_labels.audit_actions.cache_clear()


def test_the_audit_trail_shows_actions_and_objects_in_words(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    import csv
    import io

    api_token_create(actor=focal_a, user=focal_a, name="script A")
    staff = client_for(secretariat)
    page = " ".join(staff.get("/audit/").content.decode().split())
    assert "API token created<br><small><code>accounts.api_token.create</code></small>" in page
    assert '<option value="accounts.api_token.create">API token created</option>' in page
    assert "Api token #" in page or "API token #" in page
    staff.post("/accounts/language/", {"language": "fr", "next": "/"})
    page = " ".join(staff.get("/audit/").content.decode().split())
    assert "Jeton d&#x27;API créé<br><small><code>accounts.api_token.create</code>" in page
    rows = list(csv.DictReader(io.StringIO(staff.get("/audit/export/csv/").content.decode("utf-8-sig"))))
    token = next(r for r in rows if r["action"] == "accounts.api_token.create")
    assert token["object_type"] == "accounts.apitoken"
    assert token["action_label"] and token["object_type_label"]


def test_what_clearway_does_by_itself_is_shown_as_clearway(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    import csv
    import io

    from clearway.core.audit import audit_record

    audit_record(
        actor=SYSTEM, action="accounts.user.set_language", instance=focal_a
    )  # no user: a command or a job
    user_set_language(user=focal_a, language="fr")  # by the user
    event = AuditEvent.objects.filter(actor=None, action="accounts.user.set_language").get()
    assert event.actor_label == "system"  # the stored marker stays as it was
    staff = client_for(secretariat)
    page = " ".join(staff.get("/audit/").content.decode().split())
    assert "<td>Clearway</td>" in page and "<td>system</td>" not in page
    assert f"<td>{focal_a.get_username()}</td>" in page
    found = " ".join(staff.get("/audit/", {"actor": "clearway"}).content.decode().split())
    assert "<td>Clearway</td>" in found and f"<td>{focal_a.get_username()}</td>" not in found
    found = " ".join(staff.get("/audit/", {"actor": focal_a.get_username()}).content.decode().split())
    assert "<td>Clearway</td>" not in found and f"<td>{focal_a.get_username()}</td>" in found
    rows = list(csv.DictReader(io.StringIO(staff.get("/audit/export/csv/").content.decode("utf-8-sig"))))
    assert sorted(r["actor"] for r in rows if r["action"] == "accounts.user.set_language") == sorted(
        ["Clearway", focal_a.get_username()]
    )


@job_handler("tests.double", label="tests.double")
def _double(job: Job, progress: Any) -> dict[str, int]:
    progress(0.5, "halfway")
    return {"value": job.params["value"] * 2}


@job_handler("tests.fail", label="tests.fail")
def _fail(job: Job, progress: Any) -> None:
    raise RuntimeError("the disk is full")


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_after_commit_and_reports_its_result(focal_a: Any, client_for: Any, focal_b: Any) -> None:
    job = job_enqueue(kind="tests.double", params={"value": 21}, actor=focal_a)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"value": 42}
    status = client_for(focal_a).get(f"/jobs/{job.pk}/").json()
    assert status["status"] == "succeeded" and status["progress"] == 1.0
    assert client_for(focal_b).get(f"/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_not_raised(focal_a: Any) -> None:
    job = job_enqueue(kind="tests.fail", params={}, actor=focal_a)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "the disk is full" in job.error


def test_a_job_already_taken_is_not_run_twice(focal_a: Any) -> None:
    job = Job.objects.create(
        kind="tests.double", params={"value": 1}, status=JobStatus.RUNNING, lease_expires_at=timezone.now()
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.result is None


@job_handler("tests.language", label="tests.language")
def _language(job: Job, progress: Any) -> dict[str, str]:
    return {"language": translation.get_language()}


@pytest.mark.parametrize("preferred", ["fr", "en"])
def test_a_job_speaks_the_language_of_the_user_who_asked_for_it(focal_a: Any, preferred: str) -> None:
    focal_a.preferred_language = preferred
    focal_a.save()
    job = Job.objects.create(kind="tests.language", params={}, created_by=focal_a)
    assert job_run(job_id=job.pk).result == {"language": preferred}


def test_admin_writes_are_audited(make_user: Any, client_for: Any) -> None:
    admin_user = make_user("secretariat_admin", username="root-admin")
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    client = client_for(admin_user)
    response = client.post(
        f"/admin/members/member/{kenya.pk}/change/",
        {
            "iso3": "KEN",
            "iso2": "KE",
            "name_en": "Kenya",
            "name_fr": "Kenya",
            "region": kenya.region_id,
            "kind": "member",
            "notes": "checked by the secretariat",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="core.admin.change", object_id=str(kenya.pk))
    assert event.before["notes"] == "" and event.after["notes"] == "checked by the secretariat"
    assert event.actor == admin_user
