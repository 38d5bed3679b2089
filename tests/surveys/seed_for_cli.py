"""Seeds the hand-computed statistics survey into the database CLEARWAY_DATA_DIR points at (for CLI tests).

Run as `python -m tests.surveys.seed_for_cli` after `clearway migrate`.
"""

from __future__ import annotations

import datetime
import io
import os

from clearway.core.actors import SYSTEM


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearway.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from clearway.members.models import Member
    from clearway.surveys.services import (
        questionnaire_import_xlsform,
        response_get_or_create,
        response_save_draft,
        response_submit,
        survey_create,
        survey_open,
    )
    from tests.surveys import forms
    from tests.surveys.conftest import ANSWERS, DRAFT, TARGETS

    call_command("reference_load", verbosity=0)
    version = questionnaire_import_xlsform(file=io.BytesIO(forms.stats_form()), code="stats", actor=SYSTEM)
    survey = survey_create(
        version=version,
        reference="CLI/2026/1",
        letter_date=datetime.date(2026, 3, 2),
        signatory="A. Secretary",
        target_kind="list",
        members=list(Member.objects.filter(iso3__in=TARGETS)),
        deadline=datetime.date(2026, 4, 30),
        actor=SYSTEM,
    )
    survey = survey_open(survey=survey, actor=SYSTEM)
    for iso3, answers in {**ANSWERS, **DRAFT}.items():
        response = response_get_or_create(survey=survey, member=Member.objects.get(iso3=iso3), actor=SYSTEM)
        response = response_save_draft(
            response=response, answers=answers, expected_version=response.version, actor=SYSTEM
        )
        if iso3 in ANSWERS:
            response_submit(response=response, actor=SYSTEM)


if __name__ == "__main__":
    main()
