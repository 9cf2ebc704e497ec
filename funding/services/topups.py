"""Top-up bands agreed instead of a placement's price, and lump sums per route."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Organisation
from placements.models import Placement, RouteCode

from ..models import BandedTopUp, LumpSum, TopUpBand
from ..rules import COMMITTED_STATUSES
from ._common import check_finance, check_money, raise_if, save_upsert
from .commitments import commitments_refresh


def top_up_band_set(*, user, local_authority: Organisation, name: str, annual_amount: Decimal, description: str = ""):
    """Add a top-up band, or change its amount a year (placements already agreed keep theirs)."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    if not name.strip():
        errors["name"] = "Enter the name of the band"
    check_money(errors, "annual_amount", annual_amount, what="the amount a year", allow_zero=False)
    raise_if(errors)
    with transaction.atomic():
        return save_upsert(
            TopUpBand,
            user=user,
            lookup={"local_authority": local_authority, "name": name.strip()},
            values={"annual_amount": Decimal(annual_amount), "description": description.strip()},
        )


def banded_top_up_agree(*, user, placement: Placement, band: TopUpBand, reason: str) -> BandedTopUp:
    """Agree a band for a placement instead of its price: its top-up becomes the band's amount a
    year, paid pro rata over the school weeks (like a place-year price)."""
    la_id = placement.pupil.home_la_id
    check_finance(user, la_id)
    errors: dict = {}
    if band.local_authority_id != la_id:
        errors["band"] = "Select one of your local authority's bands"
    if placement.status not in COMMITTED_STATUSES:
        errors["__all__"] = "A band can only be agreed for a booked, active or ended placement"
    if not reason.strip():
        errors["reason"] = "Enter why the band is agreed instead of the provider's price"
    raise_if(errors)
    with transaction.atomic():
        existing = BandedTopUp.objects.select_for_update().filter(placement=placement).first()
        values = {"band": band, "annual_amount": band.annual_amount, "reason": reason.strip(), "agreed_by": user}
        if existing is None:
            agreed = BandedTopUp(placement=placement, **values)
            agreed.full_clean()
            agreed.save()
            audit_change(user=user, obj=agreed)
        else:
            agreed, before = existing, snapshot(existing)
            for name, value in values.items():
                setattr(agreed, name, value)
            agreed.full_clean()
            agreed.save()
            audit_change(user=user, obj=agreed, before=before)
        commitments_refresh(local_authority=placement.pupil.home_la)
    return agreed


def lump_sum_set(
    *, user, local_authority: Organisation, route_code: str, financial_year: int, amount: Decimal
) -> LumpSum:
    """The lump sum for each placement on a route that starts in a financial year; who pays it
    follows each placement's route snapshot (its lump-sum funder)."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    if route_code not in RouteCode.values:
        errors["route_code"] = "Select the route"
    check_money(errors, "amount", amount, what="the lump sum")
    raise_if(errors)
    with transaction.atomic():
        lump_sum = save_upsert(
            LumpSum,
            user=user,
            lookup={"local_authority": local_authority, "route_code": route_code, "financial_year": financial_year},
            values={"amount": Decimal(amount)},
        )
        commitments_refresh(local_authority=local_authority)
    return lump_sum
