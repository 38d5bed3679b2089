"""What Clearway's own management commands share."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class FileCommand(BaseCommand):
    """A command that works on files only: it touches neither the database nor the web layer.

    Django runs its system checks before a command, and they import every URL and API module to check them:
    1.6 s more for each run of a command that needs none of it (`kpis compute` on a 2,000-row CSV: 3.9 s with
    them, 2.3 s without). Commands that read or write the database keep them.
    """

    requires_system_checks: list[str] = []
