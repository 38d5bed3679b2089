"""`clearway surveys summary SURVEY --format json|md|xlsx [--lang en|fr] [--out PATH]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.surveys.models import Survey
from clearway.surveys.summary import RENDERERS, survey_summary


class Command(BaseCommand):
    help = "The collective summary of a survey (respondents, counts and shares per choice, by region)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="The survey's letter reference, or its id.")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="md")
        parser.add_argument("--lang", choices=["en", "fr"], default="en")
        parser.add_argument("--out", help="Write to this file (required for xlsx; default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        key = str(options["survey"])
        survey = Survey.objects.filter(reference=key).first()
        if survey is None and key.isdigit():
            survey = Survey.objects.filter(pk=int(key)).first()
        if survey is None:
            raise NotFound(f"No survey with reference or id “{key}”.")
        fmt = options["format"]
        if fmt == "xlsx" and not options.get("out"):
            raise ValidationFailed(field_errors={"--out": ["An XLSX summary needs --out PATH."]})
        # The command line runs as the system (no user): the summary is computed in full.
        data = RENDERERS[fmt](survey_summary(survey=survey, viewer=None, lang=options["lang"]))
        if options.get("out"):
            path = Path(options["out"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.stderr.write(f"Wrote {path} ({len(data)} bytes).")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
