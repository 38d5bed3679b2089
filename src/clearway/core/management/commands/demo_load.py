from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from clearway.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load the illustrative demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        # What is stored does not depend on the shell's locale (the command otherwise speaks it: clearway.cli).
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self) -> None:
        call_command("reference_load", stdout=self.stdout)
        for app, module in app_modules("demo"):
            loader = getattr(module, "demo_load", None)
            if loader is None:
                continue
            result = loader()
            self.stdout.write(f"{app}: {result}")
