"""`clearway surveys check FILE... [--attach FILE]... [--json]`: would these XLSForms import?

Each file is read exactly as the import reads it (pyxform, then Clearway's own checks); every problem is printed
with its sheet, row, column and value. Exit status 0 when every file would import, 2 when one would not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from clearway.core.management.base import FileCommand
from clearway.surveys.xlsform import xlsform_read


class Command(FileCommand):
    about = gettext_lazy(
        "Check XLSForm files (.xlsx, .xls, .csv, .md) as the import does and list every problem; exit status 0 "
        "when every file would import, 2 when one would not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help=_("XLSForm files to check."))
        parser.add_argument(
            "--attach",
            action="append",
            default=[],
            help=_("A file the forms name (choices of select_one_from_file); may be given several times."),
        )
        parser.add_argument("--json", action="store_true", help=_("Write the results as JSON, for scripts."))

    def handle(self, *args: Any, **options: Any) -> None:
        attachments = {Path(p).name: Path(p).read_bytes() for p in options["attach"]}
        results = [self.file_check(Path(name), attachments) for name in options["files"]]
        if options["json"]:
            self.stdout.write(json.dumps({"files": results}, ensure_ascii=False, indent=2))
        else:
            for result in results:
                self.write_text(result)
        if any(not r["imports"] for r in results):
            raise SystemExit(2)

    def file_check(self, path: Path, attachments: dict[str, bytes]) -> dict[str, Any]:
        if not path.is_file():
            message = _("No such file.")
            return {
                "file": str(path),
                "imports": False,
                "problems": [{"severity": "refusal", "message": message}],
            }
        result = xlsform_read(path.read_bytes(), filename=path.name, attachments=attachments)
        return {
            "file": str(path),
            "imports": not result.refused,
            "questions": _count_questions(result.definition) if result.definition else 0,
            "problems": [p.report() | {"text": p.text()} for p in result.problems],
        }

    def write_text(self, result: dict[str, Any]) -> None:
        if result["imports"]:
            head = _("%(file)s: imports (%(count)s questions).") % {
                "file": result["file"],
                "count": result["questions"],
            }
        else:
            head = _("%(file)s: would be refused.") % {"file": result["file"]}
        self.stdout.write(head)
        for problem in result["problems"]:
            refusal = problem["severity"] == "refusal"
            kind = (
                pgettext("severity of a problem", "refused")
                if refusal
                else pgettext("severity of a problem", "note")
            )
            self.stdout.write(f"  - [{kind}] {problem.get('text') or problem['message']}")


def _count_questions(definition: dict[str, Any]) -> int:
    from clearway.surveys.definition import fields

    return len(fields(definition))
