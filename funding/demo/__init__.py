"""Demo data of the funding app for the fictional county of Marchshire (`manage.py seed_demo`):
budgets, per-pupil rates, commissioned places, bands and lump sums, contributions and the service's
costs first; then recoupments in every state and invoices (some with discrepancies); then the
committed costs worked out from all of it. Idempotent: a second run adds nothing."""

from apcommission.core.models import Membership, Role
from placements.models import Placement

from ..services import commitments_refresh
from . import invoices, recoupment, settings_data


def seed(*, la, schools, stdout) -> None:
    finance = (
        Membership.objects.filter(organisation=la, role=Role.LA_FINANCE, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if finance is None or not Placement.objects.filter(pupil__home_la=la).exists():
        stdout.write("funding: no finance officer or no placements yet (run the placements demo first); nothing added")
        return
    user = finance.user
    settings_data.seed(la=la, schools=schools, user=user)
    recoupments = recoupment.seed(la=la, user=user)
    added_invoices = invoices.seed(la=la, user=user)
    refresh = commitments_refresh(local_authority=la)
    stdout.write(
        f"funding: {recoupments} recoupments and {added_invoices} invoices added; "
        f"{refresh.rows} committed-cost rows worked out"
    )
