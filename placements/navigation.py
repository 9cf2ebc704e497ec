"""Header entries for the placements app (collected by apcommission.core.navigation)."""

from apcommission.core.models import Role
from apcommission.core.navigation import NavItem

_LA = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)

NAVIGATION = [
    NavItem("Pupils", "placements:pupil-list", (*_LA, Role.SCHOOL_USER), order=20),
    NavItem("Placements", "placements:placement-list", (*_LA, Role.SCHOOL_USER, Role.PROVIDER_USER), order=21),
    NavItem("Panel", "placements:panel-queue", (Role.LA_OFFICER, Role.LA_MANAGER), order=22),
    NavItem("Dashboard", "placements:dashboard", (*_LA, Role.SCHOOL_USER, Role.PROVIDER_USER), order=19),
    NavItem(
        "Registers", "placements:attendance-index", (Role.LA_OFFICER, Role.LA_MANAGER, Role.PROVIDER_USER), order=23
    ),
]
