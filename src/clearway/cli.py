"""The `clearway` command: `clearway <group> <verb> [options]` runs the management command `<group>_<verb>`.

Examples: `clearway serve`, `clearway reference load`, `clearway demo load`, `clearway migrate`.
Errors from the domain (bad input, permission, conflict) print their message and exit with the code of
their class (see clearway.core.exceptions); bad input is 2, failures are 1.

Commands speak the user's language (see `command_language`): CLEARWAY_LANGUAGE where it is set, else the
locale of the shell (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), where Clearway speaks it.
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.management.base import BaseCommand


_POSIX_LOCALES = ("C", "POSIX")


def command_language(environ: Mapping[str, str], supported: Iterable[str], default: str) -> str:
    """The language a command speaks: CLEARWAY_LANGUAGE where set (`default`, which settings read from it);
    else the shell's locale as gettext reads it: the list in LANGUAGE, then the first of LC_ALL, LC_MESSAGES
    and LANG that is set (`fr_FR.UTF-8` is French); the first that Clearway speaks, else `default`.

    LANGUAGE is ignored when the locale is set to C or POSIX, as gettext does (a script run with LC_ALL=C gets
    the default); with no locale variable set at all it is read, as Python's gettext module does.
    """
    if environ.get("CLEARWAY_LANGUAGE"):
        return default
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if locale.split(".")[0] in _POSIX_LOCALES:
        return default
    codes = {code.lower() for code in supported}
    for candidate in [*environ.get("LANGUAGE", "").split(":"), locale]:
        code = candidate.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if code in codes:
            return code
    return default


def _language_activate() -> None:
    from django.conf import settings
    from django.utils import translation

    translation.activate(
        command_language(os.environ, [code for code, _name in settings.LANGUAGES], settings.LANGUAGE_CODE)
    )


# Near equivalents, for a terminal whose encoding lacks the character (see `_streams_tolerant`).
_TERMINAL_SUBSTITUTES = {
    "\u00a0": " ",  # no-break space (French "Statut :")
    "\u202f": " ",  # narrow no-break space (French "73,4 %")
    "\u2026": "...",
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2192": "->",
}


def _terminal_substitute(error: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: each character the terminal cannot show becomes a near equivalent (a plain
    space, "...", a letter without its accent: "é" -> "e"), else "?"."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        near = _TERMINAL_SUBSTITUTES.get(char)
        if near is None:
            bare = unicodedata.normalize("NFKD", char).encode(error.encoding, "ignore").decode(error.encoding)
            near = bare or "?"
        out.append(near)
    return "".join(out), error.end


def _streams_tolerant() -> None:
    """Output that cannot crash on the terminal's encoding.

    A command speaks the user's language, and French text holds characters a Latin-1 or ASCII terminal cannot
    show (the narrow no-break space of "73,4 %", accents): Python would stop the command with a
    UnicodeEncodeError at the first one, after the work is done. Those characters are written as near
    equivalents instead; UTF-8 terminals, the usual case, are left as they are.
    """
    codecs.register_error("clearway_terminal", _terminal_substitute)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if isinstance(stream, io.TextIOWrapper) and encoding not in ("utf8", "utf16", "utf32"):
            stream.reconfigure(errors="clearway_terminal")


def _usage(commands: dict[str, str]) -> str:
    from django.utils.translation import gettext as _

    ours = sorted(name for name, app in commands.items() if app.startswith("clearway."))
    lines = [_("usage: clearway <command> [options]"), "", _("Clearway commands:")]
    lines += [f"  clearway {name.replace('_', ' ', 1)}" for name in ours]
    lines += ["", _("Django commands are available too (e.g. clearway migrate, clearway createsuperuser).")]
    return "\n".join(lines)


def _command_load(args: list[str]) -> tuple[BaseCommand, str, list[str]] | int:
    """Django set up and the command's class imported (with what it imports), or the exit code if not found."""
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"clearway: configuration error: {exc}", file=sys.stderr)
        return 2
    from django.core.management import get_commands, load_command_class
    from django.utils.translation import gettext as _

    _language_activate()
    commands = get_commands()
    if not args or args[0] in ("-h", "--help", "help"):
        print(_usage(commands))
        return 0
    name, rest = args[0], args[1:]
    if rest and f"{args[0]}_{args[1]}" in commands:
        name, rest = f"{args[0]}_{args[1]}", args[2:]
    if name not in commands:
        unknown = _("unknown command %(name)s") % {"name": repr(" ".join(args[:2]))}
        print(f"clearway: {unknown}\n\n{_usage(commands)}", file=sys.stderr)
        return 2
    return load_command_class(commands[name], name), name, rest


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearway.settings")
    from_shell = argv is None
    args = list(sys.argv[1:] if argv is None else argv)
    if from_shell:
        _streams_tolerant()
        # Starting a command creates some 100,000 objects that live until it ends (Django, Ibis, pyarrow): the
        # collector would scan them again and again while they are imported, during the work and once more at
        # exit. Paused while they are created, then frozen (`kpis compute` on ten million rows: start-up 0.15 s
        # and exit 0.35 s shorter). A process that calls `main` itself (tests) keeps its collector as it is.
        gc.disable()
    try:
        loaded = _command_load(args)
    finally:
        if from_shell:
            gc.freeze()
            gc.enable()
    if isinstance(loaded, int):
        return loaded
    command, name, rest = loaded

    from django.db import DatabaseError

    from clearway.core.exceptions import ClearwayError

    try:
        command.run_from_argv(["clearway", name, *rest])
    except ClearwayError as exc:
        print(f"clearway: {exc.message}", file=sys.stderr)
        for field, messages in exc.field_errors.items():
            for message in messages:
                print(f"  {field}: {message}", file=sys.stderr)
        return exc.exit_code
    except DatabaseError as exc:
        print(f"clearway: {_database_problem(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def _database_problem(exc: Exception) -> str:
    """A database error as one line; a database without Clearway's tables is said to need setting up."""
    from django.utils.translation import gettext as _

    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    missing_table = "no such table" in detail or ("relation" in detail and "does not exist" in detail)
    if missing_table:
        return _(
            "the database is not set up (%(detail)s). Set it up with `clearway migrate` "
            "(`./dev up` does it, and loads the reference data)."
        ) % {"detail": detail}
    return _("the database could not be used: %(detail)s") % {"detail": detail}


if __name__ == "__main__":
    sys.exit(main())
