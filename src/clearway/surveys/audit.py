"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "surveys.questionnaire.import": _("Questionnaire imported"),
    "surveys.response.create": _("Survey response started"),
    "surveys.response.file_attach": _("File attached to a survey answer"),
    "surveys.response.save": _("Survey response saved"),
    "surveys.response.save_refused": _("Survey response refused: saved by someone else meanwhile"),
    "surveys.response.submit": _("Survey response submitted"),
    "surveys.survey.create": _("Survey created"),
    "surveys.survey.disclosure_set": _("Survey disclosure changed"),
    "surveys.survey.remind": _("Survey reminder sent"),
}

# A survey moving to a state records `surveys.survey.<state>` ("Survey: Open").
AUDIT_STATE_ACTIONS = {"surveys.survey.": ("surveys.survey", "state")}
