"""`clearway surveys summary SURVEY --format json|md|xlsx [--lang en|fr] [--out PATH]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.actors import SYSTEM
from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.core.i18n import current_language
from clearway.core.management.base import ClearwayCommand
from clearway.surveys.models import Survey
from clearway.surveys.summary import RENDERERS, survey_summary


class Command(ClearwayCommand):
    about = gettext_lazy(
        "The collective summary of a survey (respondents, counts and shares per choice, by region)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help=_("The survey's letter reference, or its id."))
        parser.add_argument("--format", choices=sorted(RENDERERS), default="md")
        self.language_argument_add(
            parser,
            help_text=_("language of the summary (default: the language of the command, now %(lang)s)"),
        )
        parser.add_argument(
            "--out", help=_("Write to this file (required for xlsx; default: standard output).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = str(options["survey"])
        survey = Survey.objects.filter(reference=key).first()
        if survey is None and key.isdigit():
            survey = Survey.objects.filter(pk=int(key)).first()
        if survey is None:
            raise NotFound(_("No survey with reference or id “%(key)s”.") % {"key": key})
        fmt = options["format"]
        if fmt == "xlsx" and not options.get("out"):
            raise ValidationFailed(field_errors={"--out": [_("An XLSX summary needs --out PATH.")]})
        # The command line runs as the system (no user): the summary is computed in full.
        data = RENDERERS[fmt](
            survey_summary(survey=survey, viewer=SYSTEM, lang=options["lang"] or current_language())
        )
        if options.get("out"):
            path = Path(options["out"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.stderr.write(
                _("Wrote %(path)s (%(size)s bytes).")
                % {"path": path, "size": number_format(len(data), 0, force_grouping=True)}
            )
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
