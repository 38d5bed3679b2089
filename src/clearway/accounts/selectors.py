from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearway.accounts.models import AccessLink, AccessPurpose, ApiToken, User
from clearway.accounts.roles import CONTACT_ROLES, MEMBER_ROLES, Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.core.i18n import current_language


def user_list_for_member(*, viewer: Actor, member_id: int) -> QuerySet[User]:
    """People of a Member administration: visible to the secretariat and to that Member's own users."""
    if user_is_secretariat(viewer) or (viewer.member_id == member_id and viewer.is_member_user):
        return User.objects.filter(member_id=member_id, is_active=True).order_by("last_name", "first_name")
    return User.objects.none()


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


# ---------------------------------------------------------------- contacts


def contacts_visible(*, viewer: Actor, member: Any) -> bool:
    """The Secretariat, the Member's own focal points and contributors, and its region's office see its people."""
    if user_is_secretariat(viewer):
        return True
    if not viewer.is_authenticated:
        return False
    if viewer.role in MEMBER_ROLES:
        return bool(viewer.member_id == member.pk)
    return bool(viewer.role == Role.REGIONAL_OFFICE and viewer.region_id == member.region_id)


CONTACT_STATUS_LABELS = {
    "active": _("Signs in"),
    "invited": _("Invited"),
    "expired": _("Invitation expired"),
    "contact": _("Does not sign in"),
    "deactivated": _("Deactivated"),
}


@dataclass(frozen=True)
class Contact:
    """One person of a Member administration as the contacts page shows them."""

    user: User
    status: str
    invitation: AccessLink | None  # the latest invitation, if any

    @property
    def status_label(self) -> str:
        return str(CONTACT_STATUS_LABELS[self.status])


def _contact_status(user: User, invitation: AccessLink | None) -> str:
    if not user.is_active:
        return "deactivated"
    if user.has_usable_password():
        return "active"
    if invitation is None or invitation.revoked_at is not None:
        return "contact"
    return "invited" if invitation.used_at is None and invitation.expires_at > timezone.now() else "expired"


def contact_list_for_member(*, viewer: Actor, member: Any, include_inactive: bool = True) -> list[Contact]:
    """A Member's people (focal points first, then contributors, head of administration, delegates), each with
    whether they sign in, were invited or were deactivated. Empty for a viewer who may not see them."""
    if not contacts_visible(viewer=viewer, member=member):
        return []
    people = User.objects.filter(member=member, role__in=[r.value for r in CONTACT_ROLES]).prefetch_related(
        Prefetch(
            "access_links",
            queryset=AccessLink.objects.filter(purpose=AccessPurpose.INVITATION).order_by("-created_at"),
            to_attr="invitations",
        )
    )
    if not include_inactive:
        people = people.filter(is_active=True)
    order = {role.value: index for index, role in enumerate(CONTACT_ROLES)}
    rows = sorted(
        people, key=lambda u: (not u.is_active, order[u.role], u.last_name.lower(), u.first_name.lower())
    )
    return [
        Contact(
            user=u,
            status=_contact_status(u, u.invitations[0] if u.invitations else None),
            invitation=(u.invitations[0] if u.invitations else None),
        )
        for u in rows
    ]


def contact_get_for_user(*, viewer: Actor, user_id: int) -> User:
    """One of a Member's people, for a viewer who may see them; NotFound otherwise (never reached by id alone)."""
    user = (
        User.objects.select_related("member")
        .filter(pk=user_id, role__in=[r.value for r in CONTACT_ROLES], member__isnull=False)
        .first()
    )
    if user is None or not contacts_visible(viewer=viewer, member=user.member):
        raise NotFound()
    return user


def contact_member_list(*, viewer: Actor) -> QuerySet[Any]:
    """Members with counts of their people, for the Secretariat's overview (regional offices: their region)."""
    from clearway.members.models import Member

    if user_is_secretariat(viewer):
        members = Member.objects.filter(active=True)
    elif viewer.role == Role.REGIONAL_OFFICE and viewer.region_id is not None:
        members = Member.objects.filter(active=True, region_id=viewer.region_id)
    else:
        return Member.objects.none()
    active = Q(users__is_active=True)
    # By name in the reader's language (a GROUP BY query leaves the model's ordering out).
    name = Coalesce(NullIf(f"name_{current_language()}", Value("")), "name_en")
    return (
        members.select_related("region")
        .order_by(name, "iso3")
        .annotate(
            focal_points=Count("users", filter=active & Q(users__role=Role.MEMBER_FOCAL_POINT)),
            contributors=Count("users", filter=active & Q(users__role=Role.MEMBER_CONTRIBUTOR)),
            heads=Count("users", filter=active & Q(users__role=Role.MEMBER_HEAD)),
            delegates=Count("users", filter=active & Q(users__role=Role.MEMBER_DELEGATE)),
        )
    )


def member_ids_without_focal_point() -> set[int]:
    """Active Members with no active focal point who has an e-mail address: nobody there can be reached."""
    from clearway.members.models import Member

    reachable = User.objects.filter(role=Role.MEMBER_FOCAL_POINT, is_active=True).exclude(email="")
    return set(
        Member.objects.filter(active=True)
        .exclude(pk__in=reachable.values("member_id"))
        .values_list("pk", flat=True)
    )
