"""Demo sign-ins, one per persona. Only for demonstration installations (`clearway demo load`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.accounts.services import user_create
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

    @property
    def role_label(self) -> str:
        return str(self.role.label)

    @property
    def scope(self) -> str:
        return self.member or self.region or "–"


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.SECRETARIAT_ADMIN, "Ada", "Admin"),
    DemoAccount("secretariat", Role.SECRETARIAT_STAFF, "Sam", "Secretariat"),
    DemoAccount("rocb.ap", Role.REGIONAL_OFFICE, "Rin", "Bangkok", region="AP"),
    DemoAccount("focal.ken", Role.MEMBER_FOCAL_POINT, "Wanjiru", "Kamau", member="KEN"),
    DemoAccount("contrib.ken", Role.MEMBER_CONTRIBUTOR, "Otieno", "Mwangi", member="KEN"),
    DemoAccount("focal.fra", Role.MEMBER_FOCAL_POINT, "Camille", "Durand", member="FRA", language="fr"),
    DemoAccount("focal.mar", Role.MEMBER_FOCAL_POINT, "Youssef", "Alaoui", member="MAR", language="fr"),
    DemoAccount("focal.bra", Role.MEMBER_FOCAL_POINT, "Lucas", "Pereira", member="BRA"),
    DemoAccount("expert", Role.EXPERT, "Elena", "Expert"),
    DemoAccount("observer", Role.OBSERVER, "Oscar", "Observer"),
]


def demo_accounts_present() -> bool:
    return User.objects.filter(username=DEMO_ACCOUNTS[0].username).exists()


@transaction.atomic
def demo_load() -> str:
    created = 0
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user_create(
            actor=None,
            username=account.username,
            password=account.password,
            role=account.role,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@example.org",
            preferred_language=account.language,
            member=Member.objects.get(iso3=account.member) if account.member else None,
            region=Region.objects.get(code=account.region) if account.region else None,
        )
        created += 1
    return f"{created} demo account(s) created, {len(DEMO_ACCOUNTS) - created} already present"
