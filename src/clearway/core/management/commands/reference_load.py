from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clearway.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load reference data (FoS editions, principles, standards, regions, Members, catalogues) from the data files."

    def handle(self, *args: Any, **options: Any) -> None:
        for app, module in app_modules("reference"):
            loader = getattr(module, "reference_load", None)
            if loader is None:
                continue
            summary = loader()
            for message in getattr(summary, "messages", [str(summary)]):
                self.stdout.write(f"{app}: {message}")
