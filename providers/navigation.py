"""Header navigation entries of the provider register (collected by apcommission.core.navigation)."""

from apcommission.core.models import Role
from apcommission.core.navigation import NavItem

LA_STAFF = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)

NAVIGATION = [
    NavItem("Providers", "providers:register", LA_STAFF, order=10),
    NavItem("Approved providers", "providers:approved-list", (Role.SCHOOL_USER,), order=10),
    NavItem("QA reviews", "providers:qa-reviews", LA_STAFF, order=12),
    NavItem("Concerns", "providers:concerns", (Role.SCHOOL_USER,), order=14),
]
