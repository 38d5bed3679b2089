"""Who sees which indicators: one rule set applied by pages, API and exports alike.

Each indicator carries a disclosure level for a Member's own answers:
- public: any signed-in user (observers and experts included);
- members: users of any WCO Member administration, regional offices and the secretariat;
- secretariat: the secretariat only (and, always, the Member that gave the answer).
Other Members see only completed (submitted or validated) assessments. Scores shown to a viewer are computed
over the indicators that viewer may see, so a restricted answer never leaks through a score or a benchmark.
"""

from __future__ import annotations

from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.assessments.models import Disclosure
from clearway.core.actors import Actor

ALL_LEVELS = frozenset(Disclosure)
MEMBER_LEVELS = frozenset({Disclosure.PUBLIC, Disclosure.MEMBERS})
PUBLIC_LEVELS = frozenset({Disclosure.PUBLIC})

# The sets of levels a viewer can have, named: scores are stored for each (`Assessment.scores`).
AUDIENCES: dict[str, frozenset[str]] = {"all": ALL_LEVELS, "members": MEMBER_LEVELS, "public": PUBLIC_LEVELS}


def audience_of(levels: frozenset[str]) -> str | None:
    """The audience whose stored scores a viewer with `levels` may read (None: no scores at all)."""
    return next((name for name, known in AUDIENCES.items() if known == levels), None)


def levels_for_viewer(viewer: Actor, *, member_id: int | None = None) -> frozenset[str]:
    """Disclosure levels `viewer` may see for the answers of Member `member_id` (None: any other Member)."""
    if not viewer.is_authenticated:
        return frozenset()
    if user_is_secretariat(viewer):
        return ALL_LEVELS
    if member_id is not None and user_is_member_user(viewer) and viewer.member_id == member_id:
        return ALL_LEVELS
    if user_is_member_user(viewer) or viewer.role == Role.REGIONAL_OFFICE:
        return MEMBER_LEVELS
    return PUBLIC_LEVELS


def levels_for_aggregates(viewer: Actor) -> frozenset[str]:
    """Levels that may feed benchmarks and cycle medians shown to `viewer` (several Members pooled)."""
    return levels_for_viewer(viewer, member_id=None)


def viewer_sees_everything(viewer: Actor, *, member_id: int) -> bool:
    return levels_for_viewer(viewer, member_id=member_id) == ALL_LEVELS


def level_label(level: str) -> str:
    return str(Disclosure(level).label)
