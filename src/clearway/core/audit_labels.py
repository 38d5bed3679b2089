"""What the audit trail's codes mean, in the reader's language.

Events keep their action code (`assessments.assessment.submit`) and object type (`assessments.assessment`), which
filters and exports use as stable keys; pages and exports show these labels beside them.
"""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The actor recorded for what Clearway does by itself (command-line loads, background jobs, signals): stored as
# written here, shown as "Clearway" in every language.
SYSTEM_ACTOR = "system"


def audit_actor_label(label: str) -> str:
    """Who made a change, as pages and exports name them: the user's name as recorded, or Clearway itself."""
    return "Clearway" if label == SYSTEM_ACTOR else label


ACTION_LABELS: dict[str, Promise] = {
    "core.job.cancel": gettext_lazy("Background job cancelled"),
    "core.job.retry": gettext_lazy("Background job run again"),
    "activity.create": gettext_lazy("Activity created"),
    "activity.deliver": gettext_lazy("Activity marked as delivered"),
    "activity.document_add": gettext_lazy("Document added to an activity"),
    "activity.speaker_add": gettext_lazy("Speaker added to an activity"),
    "activity.update": gettext_lazy("Activity updated"),
    "admin.change": gettext_lazy("Changed in the administration site"),
    "admin.create": gettext_lazy("Added in the administration site"),
    "admin.delete": gettext_lazy("Deleted in the administration site"),
    "admin.password_change": gettext_lazy("Password changed in the administration site"),
    "aeo.mra.create": gettext_lazy("Mutual recognition arrangement recorded"),
    "aeo.mra.update": gettext_lazy("Mutual recognition arrangement updated"),
    "aeo.programme.confirm": gettext_lazy("AEO programme confirmed"),
    "aeo.programme.create": gettext_lazy("AEO programme recorded"),
    "aeo.programme.update": gettext_lazy("AEO programme updated"),
    "aeo.register_update.propose": gettext_lazy("Register update proposed"),
    "aeo.register_update.refresh": gettext_lazy("Proposed register update refreshed"),
    "api_token.create": gettext_lazy("API token created"),
    "api_token.revoke": gettext_lazy("API token revoked"),
    "assessments.answer.refused": gettext_lazy("Answer refused: saved by someone else meanwhile"),
    "assessments.answer.save": gettext_lazy("Answer saved"),
    "assessments.assessment.return": gettext_lazy("Assessment returned for revision"),
    "assessments.assessment.submit": gettext_lazy("Assessment submitted"),
    "assessments.assessment.reopen_request": gettext_lazy("Reopening of an assessment requested"),
    "assessments.cycle.remind": gettext_lazy("Members of a cycle reminded"),
    "surveys.response_file_attach": gettext_lazy("File attached to a survey answer"),
    "assessments.assessment.validate": gettext_lazy("Assessment validated"),
    "assessments.comment.add": gettext_lazy("Review comment added"),
    "assessments.commitment.save": gettext_lazy("Implementation commitment saved"),
    "assessments.cycle.close": gettext_lazy("Assessment cycle closed"),
    "assessments.cycle.create": gettext_lazy("Assessment cycle created"),
    "assessments.demo.load": gettext_lazy("Demonstration assessments loaded"),
    "assessments.evidence.delete": gettext_lazy("Evidence file deleted"),
    "assessments.evidence.upload": gettext_lazy("Evidence file uploaded"),
    "expert.absence.add": gettext_lazy("Expert's absence recorded"),
    "expert.absence.remove": gettext_lazy("Expert's absence removed"),
    "expert.assign": gettext_lazy("Expert assigned"),
    "expert.assignment_move": gettext_lazy("Expert's mission moved with its activity"),
    "expert.availability": gettext_lazy("Expert's availability changed"),
    "expert.create": gettext_lazy("Expert added to the roster"),
    "expert.unassign": gettext_lazy("Expert's assignment withdrawn"),
    "follow_up_action.complete": gettext_lazy("Follow-up action completed"),
    "follow_up_action.create": gettext_lazy("Follow-up action recorded"),
    "organisation.create": gettext_lazy("Organisation recorded"),
    "reference.create": gettext_lazy("Reference data created"),
    "reference.deactivate": gettext_lazy("Reference data deactivated"),
    "reference.update": gettext_lazy("Reference data updated"),
    "report.block_add": gettext_lazy("Report paragraph added"),
    "report.block_edit": gettext_lazy("Report paragraph edited"),
    "report.block_remove": gettext_lazy("Report paragraph removed"),
    "report.block_resolve": gettext_lazy("Report paragraph kept or refreshed after a data change"),
    "report.create": gettext_lazy("Report created"),
    "report.export": gettext_lazy("Report exported"),
    "report.share": gettext_lazy("Report shared"),
    "report.update": gettext_lazy("Report updated"),
    "report.version": gettext_lazy("Report version saved"),
    "shipments.compute.submit": gettext_lazy("KPI computation requested"),
    "shipments.kpi_result.attach": gettext_lazy("KPI result attached to an assessment"),
    "shipments.kpi_result.create": gettext_lazy("KPI result uploaded"),
    "shipments.kpi_result.demo": gettext_lazy("Demonstration KPI result loaded"),
    "support_request.create": gettext_lazy("Request for national support created"),
    "support_request.standards": gettext_lazy("Standards addressed by a support request changed"),
    "support_request.reassessment_remind": gettext_lazy("Re-assessment reminder sent"),
    "surveys.questionnaire_import": gettext_lazy("Questionnaire imported"),
    "surveys.response_create": gettext_lazy("Survey response started"),
    "surveys.response_save": gettext_lazy("Survey response saved"),
    "surveys.response_save_refused": gettext_lazy("Survey response refused: saved by someone else meanwhile"),
    "surveys.response_submit": gettext_lazy("Survey response submitted"),
    "surveys.survey_create": gettext_lazy("Survey created"),
    "surveys.survey_disclosure": gettext_lazy("Survey disclosure changed"),
    "surveys.survey_remind": gettext_lazy("Survey reminder sent"),
    "user.create": gettext_lazy("User created"),
    "user.set_language": gettext_lazy("Language changed"),
}

# Actions that name the state an object moved to: prefix -> (model, field whose choices label the state).
STATE_ACTIONS: dict[str, tuple[str, str]] = {
    "support_request.": ("capacity.supportrequest", "state"),
    "surveys.survey_": ("surveys.survey", "state"),
    "aeo.register_update.": ("aeo.registerupdate", "status"),
}


@functools.cache
def _states(model_label: str, field_name: str) -> dict[str, Any]:
    """A state field's (lazy, translatable) labels by value; read once, as exports label thousands of rows."""
    return dict(apps.get_model(model_label)._meta.get_field(field_name).flatchoices)


def audit_action_label(code: str) -> str:
    """The action in words; the code itself when Clearway has no words for it (an action of a newer version)."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    for prefix, (model_label, field_name) in STATE_ACTIONS.items():
        if code.startswith(prefix):
            model = apps.get_model(model_label)
            states = _states(model_label, field_name)
            state = code[len(prefix) :]
            if state in states:
                return _("%(object)s: %(state)s") % {
                    "object": capfirst(model._meta.verbose_name),
                    "state": states[state],
                }
    return code


def audit_object_type_label(object_type: str) -> str:
    """The kind of object (`app.model`) as its model's name in the reader's language."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(capfirst(model._meta.verbose_name))
