"""Demo sign-ins, one per persona. Only for demonstration installations (`clearway demo load`).

At a larger scale (`--scale full`) every Member taking part also gets a focal point (`focal.<iso3>`) and a
contributor (`contrib.<iso3>`), all with the demo password, so that load tests can sign many of them in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from clearway.accounts.models import NotificationEmail, User
from clearway.accounts.roles import Role
from clearway.accounts.services import USER_FIELDS, user_create
from clearway.core.actors import SYSTEM
from clearway.core.audit import model_snapshot
from clearway.core.demo_scale import (
    NO_PROGRESS,
    SMALL,
    Scale,
    ScaleProgress,
    audit_insert,
    bulk_insert,
    dated_event,
    moment,
    scale_random,
)
from clearway.members.demo_scale import members_taking_part
from clearway.members.models import Member, Region

DEMO_PASSWORD = "clearway-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    member: str = ""
    region: str = ""
    language: str = "en"
    password: str = DEMO_PASSWORD
    # The Secretariat hears of every Member's submissions: a daily digest rather than an e-mail each time.
    notification_email: str = NotificationEmail.IMMEDIATE

    @property
    def role_label(self) -> str:
        return str(self.role.label)

    @property
    def scope(self) -> str:
        return self.member or self.region or "–"


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.SECRETARIAT_ADMIN, "Ada", "Admin", notification_email=NotificationEmail.DAILY),
    DemoAccount(
        "secretariat",
        Role.SECRETARIAT_STAFF,
        "Sam",
        "Secretariat",
        notification_email=NotificationEmail.DAILY,
    ),
    DemoAccount("rocb.ap", Role.REGIONAL_OFFICE, "Rin", "Bangkok", region="AP"),
    DemoAccount("focal.ken", Role.MEMBER_FOCAL_POINT, "Wanjiru", "Kamau", member="KEN"),
    DemoAccount("contrib.ken", Role.MEMBER_CONTRIBUTOR, "Otieno", "Mwangi", member="KEN"),
    DemoAccount("focal.fra", Role.MEMBER_FOCAL_POINT, "Camille", "Durand", member="FRA", language="fr"),
    DemoAccount("focal.mar", Role.MEMBER_FOCAL_POINT, "Youssef", "Alaoui", member="MAR", language="fr"),
    DemoAccount("focal.bra", Role.MEMBER_FOCAL_POINT, "Lucas", "Pereira", member="BRA"),
    DemoAccount("expert", Role.EXPERT, "Elena", "Expert"),
    DemoAccount("observer", Role.OBSERVER, "Oscar", "Observer", notification_email=NotificationEmail.NONE),
]


def demo_accounts_present() -> bool:
    return User.objects.filter(username=DEMO_ACCOUNTS[0].username).exists()


@transaction.atomic
def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _personas_load()
    return f"{message}; {_member_users_load(scale, progress)}" if scale.extends else message


def _personas_load() -> str:
    created = 0
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user_create(
            actor=SYSTEM,
            username=account.username,
            password=account.password,
            role=account.role,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@example.org",
            preferred_language=account.language,
            notification_email=account.notification_email,
            member=Member.objects.get(iso3=account.member) if account.member else None,
            region=Region.objects.get(code=account.region) if account.region else None,
        )
        created += 1
    return f"{created} demo account(s) created, {len(DEMO_ACCOUNTS) - created} already present"


FIRST_NAMES = (
    "Aisha Ana Bilal Carmen Chen Daniel Fatou Hana Ibrahim Ingrid Joseph Kofi Layla Leila Marco Maria Mei Nadia "
    "Omar Priya Rafael Sara Tomas Yuki"
)
LAST_NAMES = (
    "Ali Banda Costa Diallo Fernandes Haddad Ivanova Jensen Kim Kowalski Lee Mensah Moreau Mwale Nguyen Okafor "
    "Perez Rahman Santos Silva Tanaka Weber"
)
# (role, user name prefix, job title); the titles say the people are illustrative wherever they are shown.
MEMBER_USERS = [
    (Role.MEMBER_FOCAL_POINT, "focal", "E-commerce focal point (illustrative)"),
    (Role.MEMBER_CONTRIBUTOR, "contrib", "Customs officer (illustrative)"),
]
JOINED = datetime.date(2021, 1, 11)


def member_user_name(role: Role, member: Member) -> str:
    prefix = next(p for r, p, _title in MEMBER_USERS if r == role)
    return f"{prefix}.{member.iso3.lower()}"


def _member_users_load(scale: Scale, progress: ScaleProgress) -> str:
    """A focal point and a contributor for every Member taking part that has none by that name yet."""
    members = members_taking_part(scale=scale)
    taken = set(User.objects.values_list("username", flat=True))
    wanted = [(m, r, t) for m in members for r, _p, t in MEMBER_USERS if member_user_name(r, m) not in taken]
    progress.add(len(wanted))
    password = make_password(DEMO_PASSWORD)  # hashed once: the same published demo password for all
    users = [_member_user(member, role, title, password) for member, role, title in wanted]
    bulk_insert(User, users, progress=progress)
    audit_insert(
        [
            dated_event(
                SYSTEM, "accounts.user.create", u, u.date_joined, after=model_snapshot(u, USER_FIELDS)
            )
            for u in users
        ]
    )
    return f"{len(users)} focal point and contributor account(s) created for {len(members)} Members"


def _member_user(member: Member, role: Role, title: str, password: str) -> User:
    rng = scale_random("user", member.iso3, role)
    return User(
        username=member_user_name(role, member),
        password=password,
        role=role,
        member=member,
        first_name=rng.choice(FIRST_NAMES.split()),
        last_name=rng.choice(LAST_NAMES.split()),
        email=f"{member_user_name(role, member)}@example.org",
        job_title=title,
        preferred_language="fr" if rng.random() < 0.3 else "en",
        date_joined=moment(JOINED, rng.randrange(600)),
    )
