"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "assessments.answer.refused": _("Answer refused: saved by someone else meanwhile"),
    "assessments.answer.save": _("Answer saved"),
    "assessments.assessment.reopen_request": _("Reopening of an assessment requested"),
    "assessments.assessment.return": _("Assessment returned for revision"),
    "assessments.assessment.submit": _("Assessment submitted"),
    "assessments.assessment.validate": _("Assessment validated"),
    "assessments.comment.add": _("Review comment added"),
    "assessments.commitment.save": _("Implementation commitment saved"),
    "assessments.cycle.close": _("Assessment cycle closed"),
    "assessments.cycle.create": _("Assessment cycle created"),
    "assessments.cycle.remind": _("Members of a cycle reminded"),
    "assessments.demo.load": _("Demonstration assessments loaded"),
    "assessments.evidence.delete": _("Evidence file deleted"),
    "assessments.evidence.upload": _("Evidence file uploaded"),
    "assessments.reference.create": _("Reference data created"),
    "assessments.reference.update": _("Reference data updated"),
}
