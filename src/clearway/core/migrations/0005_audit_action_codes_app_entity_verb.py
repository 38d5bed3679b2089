"""Stored audit events take the one shape of action code, `<app>.<entity>.<verb>`, that apps now declare.

Codes were of three shapes (`report.block_edit`, `surveys.survey_create`, `assessments.answer.save`); the table
below is frozen here, as the codes were when this migration was written.
"""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

RENAMED = {
    "activity.create": "capacity.activity.create",
    "activity.deliver": "capacity.activity.deliver",
    "activity.document_add": "capacity.activity.document_add",
    "activity.speaker_add": "capacity.activity.speaker_add",
    "activity.update": "capacity.activity.update",
    "admin.change": "core.admin.change",
    "admin.create": "core.admin.create",
    "admin.delete": "core.admin.delete",
    "admin.password_change": "accounts.user.admin_password_change",
    "api_token.create": "accounts.api_token.create",
    "api_token.revoke": "accounts.api_token.revoke",
    "expert.absence.add": "capacity.expert.absence_add",
    "expert.absence.remove": "capacity.expert.absence_remove",
    "expert.assign": "capacity.expert.assign",
    "expert.assignment_move": "capacity.expert.assignment_move",
    "expert.availability": "capacity.expert.availability_set",
    "expert.create": "capacity.expert.create",
    "expert.unassign": "capacity.expert.unassign",
    "follow_up_action.complete": "capacity.follow_up_action.complete",
    "follow_up_action.create": "capacity.follow_up_action.create",
    "organisation.create": "capacity.organisation.create",
    "report.block_add": "reports.block.add",
    "report.block_edit": "reports.block.edit",
    "report.block_remove": "reports.block.remove",
    "report.block_resolve": "reports.block.resolve",
    "report.create": "reports.report.create",
    "report.export": "reports.report.export",
    "report.share": "reports.report.share",
    "report.update": "reports.report.update",
    "report.version": "reports.report.version",
    "support_request.standards": "capacity.support_request.standards_set",
    "surveys.questionnaire_import": "surveys.questionnaire.import",
    "surveys.response_create": "surveys.response.create",
    "surveys.response_file_attach": "surveys.response.file_attach",
    "surveys.response_save": "surveys.response.save",
    "surveys.response_save_refused": "surveys.response.save_refused",
    "surveys.response_submit": "surveys.response.submit",
    "surveys.survey_disclosure": "surveys.survey.disclosure_set",
}
# Codes renamed by their fixed part: the rest (a verb, or the state a request or survey moved to) is kept.
PREFIXED = {
    "support_request.": "capacity.support_request.",
    "surveys.survey_": "surveys.survey.",
    "user.": "accounts.user.",
}
# Reference data loads were `reference.<verb>` for every app: the app is now the one that loads them.
REFERENCE_VERBS = ("create", "update", "deactivate")
REFERENCE_APPS = ("assessments", "members")


def _prefix_replace(events, old: str, new: str) -> None:
    matching = events.filter(action__startswith=old)
    matching.update(action=Concat(Value(new), Substr(F("action"), len(old) + 1)))


def codes_rename(apps, schema_editor):
    events = apps.get_model("core", "AuditEvent").objects
    for old, new in RENAMED.items():
        events.filter(action=old).update(action=new)
    for old, new in PREFIXED.items():
        _prefix_replace(events, old, new)
    for verb in REFERENCE_VERBS:
        loads = events.filter(action=f"reference.{verb}")
        loads.filter(app="assessments").update(action=f"assessments.reference.{verb}")
        loads.exclude(app="assessments").update(action=f"members.reference.{verb}")


def codes_restore(apps, schema_editor):
    events = apps.get_model("core", "AuditEvent").objects
    for old, new in RENAMED.items():
        events.filter(action=new).update(action=old)
    for old, new in PREFIXED.items():
        _prefix_replace(events, new, old)
    for app in REFERENCE_APPS:
        _prefix_replace(events, f"{app}.reference.", "reference.")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_event_app")]

    operations = [migrations.RunPython(codes_rename, codes_restore)]
