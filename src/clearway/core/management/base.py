"""What Clearway's own management commands share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.functional import Promise

from clearway.core.i18n import current_language


class ClearwayCommand(BaseCommand):
    """A command that speaks the user's language (see clearway.cli.command_language).

    `about` says what it does, translated lazily (gettext_lazy: the language is chosen after the class is
    imported); it becomes the command's help, in that language, when the parser is made. Options' help texts
    are translated in `add_arguments`, which runs then too.
    """

    about: str | Promise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        if self.about:
            self.help = str(self.about)
        return super().create_parser(prog_name, subcommand, **kwargs)

    @staticmethod
    def language_argument_add(parser: CommandParser, *, help_text: str) -> None:
        """`--lang`, the language of what the command writes; by default (None) the language it speaks.

        `help_text` names the default as %(lang)s. The command reads `options["lang"] or current_language()`.
        """
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help=help_text % {"lang": current_language()},
        )


class FileCommand(ClearwayCommand):
    """A command that works on files only: it touches neither the database nor the web layer.

    Django runs its system checks before a command, and they import every URL and API module to check them:
    1.6 s more for each run of a command that needs none of it (`kpis compute` on a 2,000-row CSV: 3.9 s with
    them, 2.3 s without). Commands that read or write the database keep them.
    """

    requires_system_checks: list[str] = []
