"""Events stored before every app declared its actions take the one shape `app.entity.verb` (core 0005)."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from clearway.core.audit_labels import audit_action_known
from clearway.core.models import AuditEvent

MIGRATION = importlib.import_module("clearway.core.migrations.0005_audit_action_codes_app_entity_verb")

# Codes as they were stored before the migration, with the app of their object, and what each becomes.
STORED = [
    ("report.block_edit", "reports", "reports.block.edit"),
    ("report.create", "reports", "reports.report.create"),
    ("surveys.survey_create", "surveys", "surveys.survey.create"),
    ("surveys.survey_open", "surveys", "surveys.survey.open"),
    ("surveys.survey_disclosure", "surveys", "surveys.survey.disclosure_set"),
    ("surveys.response_save_refused", "surveys", "surveys.response.save_refused"),
    ("support_request.approved", "capacity", "capacity.support_request.approved"),
    ("support_request.standards", "capacity", "capacity.support_request.standards_set"),
    ("support_request.reassessment_remind", "capacity", "capacity.support_request.reassessment_remind"),
    ("expert.absence.add", "capacity", "capacity.expert.absence_add"),
    ("expert.availability", "capacity", "capacity.expert.availability_set"),
    ("follow_up_action.complete", "capacity", "capacity.follow_up_action.complete"),
    ("activity.deliver", "capacity", "capacity.activity.deliver"),
    ("user.sign_in_failed", "accounts", "accounts.user.sign_in_failed"),
    ("user.set_language", "accounts", "accounts.user.set_language"),
    # Two-factor sign-in's codes, recorded before the rename by installations that had it.
    ("user.two_factor_enrol", "accounts", "accounts.user.two_factor_enrol"),
    ("user.two_factor_verify_failed", "accounts", "accounts.user.two_factor_verify_failed"),
    ("user.two_factor_backup_use", "accounts", "accounts.user.two_factor_backup_use"),
    ("user.two_factor_backup_renew", "accounts", "accounts.user.two_factor_backup_renew"),
    ("user.two_factor_disable", "accounts", "accounts.user.two_factor_disable"),
    ("admin.password_change", "accounts", "accounts.user.admin_password_change"),
    ("admin.change", "capacity", "core.admin.change"),
    ("api_token.revoke", "accounts", "accounts.api_token.revoke"),
    ("reference.create", "assessments", "assessments.reference.create"),
    ("reference.update", "members", "members.reference.update"),
    ("reference.deactivate", "members", "members.reference.deactivate"),
    ("reference.create", "framework", "members.reference.create"),
    # Already of the shape: kept as they are.
    ("assessments.answer.save", "assessments", "assessments.answer.save"),
    ("aeo.register_update.confirmed", "aeo", "aeo.register_update.confirmed"),
    ("shipments.kpi_result.create", "shipments", "shipments.kpi_result.create"),
    ("shipments.kpi_result.quarantine_download", "shipments", "shipments.kpi_result.quarantine_download"),
    ("shipments.kpi_result.quarantine_expire", "shipments", "shipments.kpi_result.quarantine_expire"),
    ("core.job.retry", "core", "core.job.retry"),
]


def _stored(code: str, app: str) -> AuditEvent:
    return AuditEvent.objects.create(
        actor_label="system", action=code, app=app, object_type=f"{app}.thing", object_id="1"
    )


def test_stored_events_of_every_old_shape_take_the_declared_code_and_can_go_back(db: Any) -> None:
    events = [_stored(code, app) for code, app, _new in STORED]
    MIGRATION.codes_rename(apps, None)
    renamed = [AuditEvent.objects.get(pk=e.pk).action for e in events]
    assert renamed == [new for _old, _app, new in STORED]
    assert all(audit_action_known(code) for code in renamed)
    MIGRATION.codes_restore(apps, None)
    restored = [AuditEvent.objects.get(pk=e.pk).action for e in events]
    assert restored == [old for old, _app, _new in STORED]


def test_every_old_code_of_the_previous_label_table_becomes_a_declared_one(db: Any) -> None:
    """The codes the audit trail labelled before (core's table and accounts'), each stored once."""
    old = [code for code, _new in MIGRATION.RENAMED.items()] + [
        f"{prefix}{rest}"
        for prefix, rest in [
            ("support_request.", "create"),
            ("support_request.", "declined"),
            ("surveys.survey_", "remind"),
            ("surveys.survey_", "closed"),
            *[("user.", verb) for verb in ("create", "invite", "invitation_accept", "password_reset")],
            *[
                ("user.", verb)
                for verb in ("password_reset_request", "role_change", "deactivate", "reactivate")
            ],
            *[("user.", verb) for verb in ("set_notification_email", "sign_in", "sign_out")],
        ]
    ]
    events = [_stored(code, code.split(".")[0]) for code in old]
    MIGRATION.codes_rename(apps, None)
    renamed = [AuditEvent.objects.get(pk=e.pk).action for e in events]
    assert [(code, new) for code, new in zip(old, renamed, strict=True) if not audit_action_known(new)] == []
    assert len(set(renamed)) == len(old)  # no two old codes merged into one
