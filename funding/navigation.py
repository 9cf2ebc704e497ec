"""Header entries for the funding app (collected by apcommission.core.navigation). Schools Forum
members get none: they see the aggregate pack in the reports."""

from apcommission.core.models import Role
from apcommission.core.navigation import NavItem

_LA = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)

NAVIGATION = [
    NavItem("Funding", "funding:index", (*_LA, Role.SCHOOL_USER), order=40),
    NavItem("Invoices", "funding:invoice-list", (Role.PROVIDER_USER,), order=41),
]
