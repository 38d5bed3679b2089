"""Every write of the capacity app: one function per use case, each audited (see the modules below)."""

from clearway.capacity.services.activities import (
    ActivityInput,
    activity_create,
    activity_document_add,
    activity_speaker_add,
    activity_update,
    organisation_create,
    organisation_ensure,
)
from clearway.capacity.services.experts import (
    expert_absence_add,
    expert_absence_remove,
    expert_assign,
    expert_create,
    expert_set_availability,
    expert_unassign,
)
from clearway.capacity.services.requests import (
    ActionInput,
    follow_up_action_complete,
    request_create,
    request_standards_set,
    request_transition,
)

__all__ = [
    "ActionInput",
    "ActivityInput",
    "activity_create",
    "activity_document_add",
    "activity_speaker_add",
    "activity_update",
    "expert_absence_add",
    "expert_absence_remove",
    "expert_assign",
    "expert_create",
    "expert_set_availability",
    "expert_unassign",
    "follow_up_action_complete",
    "organisation_create",
    "organisation_ensure",
    "request_create",
    "request_standards_set",
    "request_transition",
]
