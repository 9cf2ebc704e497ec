"""Header entries of the data protection app (registered with apcommission.core.navigation)."""

from apcommission.core.models import Role
from apcommission.core.navigation import NavItem

NAVIGATION = [
    NavItem("Data protection", "dataprotection:retention", (Role.LA_MANAGER, Role.ADMINISTRATOR), order=90),
]
