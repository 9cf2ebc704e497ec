"""The leak matrix's shared parts: the world of two schools and two providers, and the case type.

Each app lists its URLs in `tests/<app>/leak_cases.py` as `def leak_cases(world) -> list[LeakCase]`,
creating whatever objects it needs *owned by school A / provider A*, with distinctive text in
`secrets`. tests/test_leak_matrix.py then requests every case as every role: roles outside
`allowed` must get 403/404 (or the sign-in redirect) and never see a secret; allowed roles get 200.
A companion test walks the URL resolver and fails when a view has no case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import resolve

from apcommission.core.models import Role

#: Every role key the matrix signs in as. "stranger" is signed in with no membership.
ROLE_KEYS = (
    "la_officer",
    "la_manager",
    "la_finance",
    "administrator",
    "forum_member",
    "senco_a",
    "senco_b",
    "provider_user_a",
    "provider_user_b",
    "stranger",
    "anonymous",
)
LA_STAFF = frozenset({"la_officer", "la_manager", "la_finance", "administrator"})
EVERYONE_SIGNED_IN = frozenset(ROLE_KEYS) - {"anonymous"}


@dataclass
class World:
    la: object
    school_a: object
    school_b: object
    provider_a: object
    provider_b: object
    users: dict = field(default_factory=dict)


@dataclass
class LeakCase:
    """One URL. `allowed`: role keys that may open it (200). `secrets`: text only they may see."""

    url: str
    allowed: frozenset[str]
    secrets: tuple[str, ...] = ()
    description: str = ""

    @property
    def url_name(self) -> str:
        match = resolve(self.url.split("?")[0])
        return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def build_world() -> World:
    """Two schools, two approved providers and a user for every role key."""
    from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
    from tests.providers.factories import ProviderFactory

    la = LocalAuthorityFactory(name="Leakshire County Council")
    school_a = SchoolFactory(organisation__name="Alderbrook Secret School A", organisation__local_authority=la)
    school_b = SchoolFactory(organisation__name="Birchwood Other School B", organisation__local_authority=la)
    provider_a = ProviderFactory(organisation__name="Aardvark Secret Provider A", organisation__local_authority=la)
    provider_b = ProviderFactory(organisation__name="Badger Other Provider B", organisation__local_authority=la)
    memberships = {
        "la_officer": (Role.LA_OFFICER, la),
        "la_manager": (Role.LA_MANAGER, la),
        "la_finance": (Role.LA_FINANCE, la),
        "administrator": (Role.ADMINISTRATOR, la),
        "forum_member": (Role.FORUM_MEMBER, la),
        "senco_a": (Role.SCHOOL_USER, school_a.organisation),
        "senco_b": (Role.SCHOOL_USER, school_b.organisation),
        "provider_user_a": (Role.PROVIDER_USER, provider_a.organisation),
        "provider_user_b": (Role.PROVIDER_USER, provider_b.organisation),
    }
    users = {}
    for key, (role, organisation) in memberships.items():
        users[key] = UserFactory(email=f"{key}@leak.test")
        MembershipFactory(user=users[key], organisation=organisation, role=role)
    users["stranger"] = UserFactory(email="stranger@leak.test")
    users["anonymous"] = None
    return World(la=la, school_a=school_a, school_b=school_b, provider_a=provider_a, provider_b=provider_b, users=users)
