"""Demo accounts and demo data for the quick start. The accounts are shown on the sign-in page
and printed by `make run` only while DEMO_LOGINS_ENABLED (never when DJANGO_DEBUG=0).

`manage.py seed_demo` builds the core's part of the fictional county, then runs the seeders that
the apps built on the core register in their AppConfig.ready() (the core never imports them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

DEMO_PASSWORD = "demo-password-2026"
#: Every demo account's e-mail domain. `.test` is reserved (RFC 2606): no real mailbox has it.
DEMO_EMAIL_DOMAIN = "demo.apcommission.test"

#: (email, full name, role, organisation key in seed_demo) — extended by later issues' seed data.
DEMO_USERS = [
    ("officer@demo.apcommission.test", "Olivia Officer", "la_officer", "la"),
    ("manager@demo.apcommission.test", "Malik Manager", "la_manager", "la"),
    ("finance@demo.apcommission.test", "Fiona Finance", "la_finance", "la"),
    ("admin@demo.apcommission.test", "Adam Administrator", "administrator", "la"),
    ("forum@demo.apcommission.test", "Faith Forum", "forum_member", "la"),
    ("senco@demo.apcommission.test", "Sam Senco", "school_user", "school:first"),
    ("senco2@demo.apcommission.test", "Sita Senco", "school_user", "school:second"),
    ("head@demo.apcommission.test", "Hamid Head", "school_user", "school:first"),
    ("provider@demo.apcommission.test", "Priya Provider", "provider_user", "provider:first"),
]


#: Demo school users who are their school's head (they may invite colleagues).
DEMO_HEADS = frozenset({"head@demo.apcommission.test"})

#: The provider that the demo provider user ("provider:first" above) works for; providers.demo
#: creates it.
DEMO_PROVIDER_NAME = "Marchshire Skills Hub"


@dataclass(frozen=True)
class DemoSeeder:
    """`seed(*, la, schools, stdout)`, run in `order` (lower first: each may use what an earlier
    one made)."""

    order: int
    seed: Callable[..., None]


DEMO_SEEDERS: list[DemoSeeder] = []


def register_demo_seeder(seed: Callable[..., None], *, order: int) -> None:
    if all(seeder.seed is not seed for seeder in DEMO_SEEDERS):
        DEMO_SEEDERS.append(DemoSeeder(order=order, seed=seed))


def demo_seeders() -> list[DemoSeeder]:
    return sorted(DEMO_SEEDERS, key=lambda seeder: seeder.order)


def is_demo_account(email: str) -> bool:
    """A demo account: one of DEMO_USERS, or any address at the demo domain."""
    email = (email or "").strip().lower()
    return email.endswith("@" + DEMO_EMAIL_DOMAIN) or email in {e for e, *_ in DEMO_USERS}


def demo_logins() -> list[dict]:
    if not getattr(settings, "DEMO_LOGINS_ENABLED", False):
        return []
    from .models import Role

    return [
        {"email": e, "name": n, "role": "Head teacher" if e in DEMO_HEADS else Role(r).label, "password": DEMO_PASSWORD}
        for e, n, r, _ in DEMO_USERS
    ]
