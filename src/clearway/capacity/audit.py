"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "capacity.activity.create": _("Activity created"),
    "capacity.activity.deliver": _("Activity marked as delivered"),
    "capacity.activity.document_add": _("Document added to an activity"),
    "capacity.activity.speaker_add": _("Speaker added to an activity"),
    "capacity.activity.update": _("Activity updated"),
    "capacity.expert.absence_add": _("Expert's absence recorded"),
    "capacity.expert.absence_remove": _("Expert's absence removed"),
    "capacity.expert.assign": _("Expert assigned"),
    "capacity.expert.assignment_move": _("Expert's mission moved with its activity"),
    "capacity.expert.availability_set": _("Expert's availability changed"),
    "capacity.expert.create": _("Expert added to the roster"),
    "capacity.expert.unassign": _("Expert's assignment withdrawn"),
    "capacity.follow_up_action.complete": _("Follow-up action completed"),
    "capacity.follow_up_action.create": _("Follow-up action recorded"),
    "capacity.organisation.create": _("Organisation recorded"),
    "capacity.support_request.create": _("Request for national support created"),
    "capacity.support_request.reassessment_remind": _("Re-assessment reminder sent"),
    "capacity.support_request.standards_set": _("Standards addressed by a support request changed"),
}

# A request moving to a state records `capacity.support_request.<state>` ("Support request: Approved").
AUDIT_STATE_ACTIONS = {"capacity.support_request.": ("capacity.supportrequest", "state")}
