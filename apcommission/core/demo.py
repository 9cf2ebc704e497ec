"""Demo accounts for the quick start. Shown on the sign-in page and printed by `make run` only
while DEMO_LOGINS_ENABLED (never when DJANGO_DEBUG=0)."""

from __future__ import annotations

from django.conf import settings

DEMO_PASSWORD = "demo-password-2026"

#: (email, full name, role, organisation key in seed_demo) — extended by later issues' seed data.
DEMO_USERS = [
    ("officer@demo.apcommission.test", "Olivia Officer", "la_officer", "la"),
    ("manager@demo.apcommission.test", "Malik Manager", "la_manager", "la"),
    ("finance@demo.apcommission.test", "Fiona Finance", "la_finance", "la"),
    ("admin@demo.apcommission.test", "Adam Administrator", "administrator", "la"),
    ("forum@demo.apcommission.test", "Faith Forum", "forum_member", "la"),
    ("senco@demo.apcommission.test", "Sam Senco", "school_user", "school:first"),
    ("senco2@demo.apcommission.test", "Sita Senco", "school_user", "school:second"),
    ("provider@demo.apcommission.test", "Priya Provider", "provider_user", "provider:first"),
]


def demo_logins() -> list[dict]:
    if not getattr(settings, "DEMO_LOGINS_ENABLED", False):
        return []
    from .models import Role

    return [{"email": e, "name": n, "role": Role(r).label, "password": DEMO_PASSWORD} for e, n, r, _ in DEMO_USERS]
