"""Find optional per-app modules (`reference`, `demo`, `api`, `urls`, `jobs`) by name, in DOMAIN_APPS order."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings


def app_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    for app in settings.DOMAIN_APPS:
        module_name = f"clearway.{app}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        yield app, module
