"""Which placements and providers the money rules apply to, and who works on funding records:
values the services, selectors and views all share (kept here so that reads never import writes)."""

from __future__ import annotations

from apcommission.core.models import Role
from apcommission.core.scoping import scope_for
from placements.models import PlacementStatus
from providers.models import ProviderType

#: Placements whose cost is committed: booked or running, or that ran (to the day they ended).
COMMITTED_STATUSES = (
    PlacementStatus.BOOKED,
    PlacementStatus.ACTIVE,
    PlacementStatus.ENDED,
    PlacementStatus.BROKEN_DOWN,
)

#: Providers funded by place as well as top-up (domain brief section 5): the LA pays its PRUs; the
#: DfE top-slices the LA for AP academies and free schools; hospital education is place-funded too.
PLACE_FUNDED_TYPES = frozenset(
    {ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.AP_FREE_SCHOOL, ProviderType.HOSPITAL}
)

#: LA roles that read every funding page of their LA; only finance officers change anything.
LA_READERS = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)
FINANCE = (Role.LA_FINANCE,)


def finance_la_ids(user) -> frozenset[int]:
    """The LAs whose funding records the user works on (finance officers only)."""
    return scope_for(user).orgs_with_role(Role.LA_FINANCE)


def is_finance_for(user, la_id: int | None) -> bool:
    return la_id is not None and la_id in finance_la_ids(user)
