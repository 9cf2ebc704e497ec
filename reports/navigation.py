"""Header entries of the reports app (registered with apcommission.core.navigation)."""

from apcommission.core.models import Role
from apcommission.core.navigation import NavItem

NAVIGATION = [
    NavItem(
        "Forum reports",
        "reports:home",
        (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.FORUM_MEMBER),
        order=40,
    ),
]
