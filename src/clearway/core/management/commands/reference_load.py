from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from clearway.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load reference data (FoS editions, principles, standards, regions, Members, catalogues) from the data files."

    def handle(self, *args: Any, **options: Any) -> None:
        # What is stored does not depend on the shell's locale (the command otherwise speaks it: clearway.cli).
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self) -> None:
        for app, module in app_modules("reference"):
            loader = getattr(module, "reference_load", None)
            if loader is None:
                continue
            summary = loader()
            for message in getattr(summary, "messages", [str(summary)]):
                self.stdout.write(f"{app}: {message}")
