"""Reads of the AEO register.

Scoping: confirmed (published) register facts are visible to every signed-in user; unconfirmed facts, such
as a programme entered from an unreviewed survey answer, only to the secretariat and the Member concerned.
Proposed updates from survey answers are visible to the secretariat and to the Member that answered.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.aeo.models import MutualRecognition, Programme, StakeholderCoverage
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.members.models import Member


def _visibility(viewer: Actor, *, member_field: str) -> Q:
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    if user_is_secretariat(viewer):
        return Q()
    if user_is_member_user(viewer):
        return Q(confirmed=True) | Q(**{f"{member_field}_id": viewer.member_id})
    return Q(confirmed=True)


def programme_list(
    *,
    viewer: Actor,
    region: str | None = None,
    status: str | None = None,
    stakeholder: str | None = None,
    coverage: str | None = None,
    member: Member | None = None,
    query: str | None = None,
) -> QuerySet[Programme]:
    """Programmes the viewer may read, filtered; `stakeholder` goes with `coverage` (default: covered now)."""
    qs = Programme.objects.filter(_visibility(viewer, member_field="member")).select_related("member__region")
    qs = qs.prefetch_related(
        Prefetch("coverages", queryset=StakeholderCoverage.objects.order_by("stakeholder"))
    )
    if region:
        qs = qs.filter(member__region__code=region.upper())
    if status:
        qs = qs.filter(status=status)
    if member is not None:
        qs = qs.filter(member=member)
    if stakeholder:
        qs = qs.filter(coverages__stakeholder=stakeholder, coverages__coverage=coverage or "covered")
    if query:
        q = query.strip()
        qs = qs.filter(
            Q(name_en__icontains=q)
            | Q(name_fr__icontains=q)
            | Q(member__name_en__icontains=q)
            | Q(member__name_fr__icontains=q)
            | Q(member__iso3__iexact=q)
        )
    return qs.distinct()


def programme_get_for_user(*, user: Actor, programme_id: int, write: bool = False) -> Programme:
    """A programme the user may read; with `write`, only the secretariat maintains the register."""
    if write and not user_is_secretariat(user):
        raise NotFound()
    programme = programme_list(viewer=user).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound()
    return programme


def programme_coverage_map(*, programme: Programme) -> dict[str, str]:
    return {c.stakeholder: c.coverage for c in programme.coverages.all()}


def mra_list(
    *, viewer: Actor, status: str | None = None, member: Member | None = None, ecommerce_only: bool = False
) -> QuerySet[MutualRecognition]:
    """Arrangements the viewer may read: confirmed ones, plus for a Member's users those it is party to."""
    if not viewer.is_authenticated:
        return MutualRecognition.objects.none()
    qs = MutualRecognition.objects.all()
    if not user_is_secretariat(viewer):
        mine = Q(programmes__member_id=viewer.member_id) if user_is_member_user(viewer) else Q(pk__in=[])
        visible_ids = MutualRecognition.objects.filter(Q(confirmed=True) | mine).values("pk")
        qs = qs.filter(pk__in=visible_ids)
    if status:
        qs = qs.filter(status=status)
    if member is not None:
        qs = qs.filter(pk__in=MutualRecognition.objects.filter(programmes__member=member).values("pk"))
    if ecommerce_only:
        qs = qs.filter(covers_ecommerce=True)
    return qs.prefetch_related(
        Prefetch("programmes", queryset=Programme.objects.select_related("member__region"))
    ).order_by("kind", "-signed_on", "pk")


def mra_get_for_user(*, user: Actor, mra_id: int, write: bool = False) -> MutualRecognition:
    if write and not user_is_secretariat(user):
        raise NotFound()
    mra = mra_list(viewer=user).filter(pk=mra_id).first()
    if mra is None:
        raise NotFound()
    return mra


def register_has_illustrative(*, programmes: Any = None, mras: Any = None) -> bool:
    return any(p.illustrative for p in programmes or []) or any(m.illustrative for m in mras or [])
