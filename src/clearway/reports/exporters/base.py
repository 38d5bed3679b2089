"""Exporters: one registered class per file format behind a small interface (STYLE.md rule 10)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from clearway.core.exceptions import ValidationFailed
from clearway.reports.assembly import RenderedDocument


class Exporter(ABC):
    key: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    @abstractmethod
    def render(self, document: RenderedDocument) -> bytes:
        """The whole file."""


_REGISTRY: dict[str, type[Exporter]] = {}


def exporter_register(cls: type[Exporter]) -> type[Exporter]:
    _REGISTRY[cls.key] = cls
    return cls


def exporter_keys() -> list[str]:
    from clearway.reports import exporters  # noqa: F401  (imports every exporter module)

    return sorted(_REGISTRY)


def exporter_get(key: str) -> Exporter:
    from django.utils.translation import gettext as _

    if key not in exporter_keys():
        raise ValidationFailed(
            field_errors={
                "format": [
                    _("Unknown format %(format)s; choose one of: %(formats)s.")
                    % {"format": key, "formats": ", ".join(exporter_keys())}
                ]
            }
        )
    return _REGISTRY[key]()
