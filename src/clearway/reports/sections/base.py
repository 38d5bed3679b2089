"""Section providers: one registered class per section of a committee report, each turning data into blocks.

A provider declares its `key`, its `order` in the document, whether it belongs to the annex, and builds its
blocks for a `ReportContext` (period, language, viewer). Adding a section means adding a module to this package
with a registered class: nothing that assembles or exports documents changes (STYLE.md rule 10).
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.utils.functional import Promise

from clearway.core.actors import Actor
from clearway.reports.document import Block, BlockKind, block_make

T = TypeVar("T")


@dataclass
class ReportContext:
    """What sections need to know: which report, which period and language, who is looking."""

    committee: str
    committee_label: str
    session: str
    previous_session: str
    previous_document_number: str
    period_start: datetime.date
    period_end: datetime.date
    document_date: datetime.date
    lang: str
    viewer: Actor
    sources: Any  # reports.sources.DataSources
    snapshot: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    def fetch(self, name: str, loader: Callable[[], T]) -> T:
        """Data shared by several sections is read once per generation."""
        if name not in self._cache:
            self._cache[name] = loader()
        return self._cache[name]  # type: ignore[no-any-return]


class SectionProvider(ABC):
    key: ClassVar[str]
    order: ClassVar[int]
    annex: ClassVar[bool] = False
    numbered_heading: ClassVar[bool] = True  # body headings get I, II, III …

    @abstractmethod
    def heading(self, ctx: ReportContext) -> str | Promise | None:
        """The section title in the report language, or None for a section without a heading."""

    @abstractmethod
    def build(self, ctx: ReportContext) -> list[Block]:
        """The section's blocks, from the data of the period."""

    def blocks(self, ctx: ReportContext) -> list[Block]:
        body = self.build(ctx)
        if not body:
            return []
        title = self.heading(ctx)
        head = (
            [
                self.block(
                    f"{self.key}.heading",
                    "heading",
                    str(title),
                    level=1 if self.annex else 2,
                    numbered=self.numbered_heading,
                )
            ]
            if title
            else []
        )
        return head + body

    def block(self, id: str, kind: BlockKind, text: str = "", **extra: Any) -> Block:
        return block_make(id=id, section=self.key, kind=kind, text=text, annex=self.annex, **extra)

    def paragraph(self, id: str, text: str, *, numbered: bool = True) -> Block:
        return self.block(f"{self.key}.{id}", "paragraph", text, numbered=numbered and not self.annex)


_REGISTRY: dict[str, type[SectionProvider]] = {}


def section_register(cls: type[SectionProvider]) -> type[SectionProvider]:
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"two report sections use the key {cls.key!r}")
    _REGISTRY[cls.key] = cls
    return cls


def section_providers() -> list[SectionProvider]:
    """Every registered section, in document order (body first, then the annex)."""
    from clearway.reports import sections  # noqa: F401  (imports every provider module)

    return [cls() for cls in sorted(_REGISTRY.values(), key=lambda c: (c.annex, c.order, c.key))]
