"""Reads of the framework (public reference data for every signed-in user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from clearway.core.exceptions import NotFound
from clearway.framework.models import Edition, Principle, Standard


def edition_list() -> QuerySet[Edition]:
    return Edition.objects.annotate(standard_count=Count("standards"))


def edition_get(*, code: str) -> Edition:
    edition = edition_list().filter(code=code).first()
    if edition is None:
        raise NotFound()
    return edition


def edition_current() -> Edition | None:
    return Edition.objects.order_by("-year").first()


def principle_list_with_standards(*, edition: Edition) -> QuerySet[Principle]:
    standards = Standard.objects.filter(edition=edition).order_by("number")
    return (
        Principle.objects.filter(standards__edition=edition)
        .distinct()
        .prefetch_related(Prefetch("standards", queryset=standards, to_attr="edition_standards"))
    )


def standard_list(*, edition: Edition) -> QuerySet[Standard]:
    return Standard.objects.filter(edition=edition).select_related("principle", "edition")


def standard_get(*, edition_code: str, number: int) -> Standard:
    standard = (
        Standard.objects.select_related("principle", "edition")
        .filter(edition__code=edition_code, number=number)
        .first()
    )
    if standard is None:
        raise NotFound()
    return standard


@dataclass(frozen=True)
class StandardChange:
    key: str
    kind: str  # added, removed, changed
    old: Standard | None
    new: Standard | None
    changes: tuple[str, ...]


def edition_diff(*, old: Edition, new: Edition) -> list[StandardChange]:
    """What changed from one edition to the next, matched by each standard's key."""
    before = {s.key: s for s in standard_list(edition=old)}
    after = {s.key: s for s in standard_list(edition=new)}
    result: list[StandardChange] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (after.get(k) or before[k]).number):
        o, n = before.get(key), after.get(key)
        if o is None:
            result.append(StandardChange(key, "added", None, n, ()))
        elif n is None:
            result.append(StandardChange(key, "removed", o, None, ()))
        else:
            changes = tuple(
                label
                for label, changed in (
                    ("number", o.number != n.number),
                    ("title", (o.title_en, o.title_fr) != (n.title_en, n.title_fr)),
                    ("principle", o.principle_id != n.principle_id),
                )
                if changed
            )
            result.append(StandardChange(key, "changed" if changes else "unchanged", o, n, changes))
    return result
