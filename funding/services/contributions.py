"""School contributions to the LA's AP service, the traded offer, and the service's own costs
(full cost recovery: Havering's ~£1,500 a school a year; BCP's traded offer)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from apcommission.core.models import Organisation, School

from ..models import SchoolContribution, ServiceCost
from ._common import check_finance, check_money, raise_if, save_upsert
from .equity import equity_figures_changed


def contribution_set(
    *,
    user,
    school: School,
    financial_year: int,
    annual_amount: Decimal,
    buys_traded_offer: bool = False,
    charge_per_placement: Decimal | None = None,
) -> SchoolContribution:
    """What a school pays the LA in a financial year: its contribution (default £1,500:
    funding.conf.school_contribution) and, if it buys the traded offer, a charge for each
    placement the LA arranges for it."""
    la_id = school.organisation.local_authority_id
    check_finance(user, la_id)
    errors: dict = {}
    check_money(errors, "annual_amount", annual_amount, what="the annual contribution")
    if buys_traded_offer:
        if charge_per_placement is None:
            errors["charge_per_placement"] = "Enter the charge for each placement the LA arranges"
        else:
            check_money(errors, "charge_per_placement", charge_per_placement, what="the charge per placement")
    elif charge_per_placement:
        errors["charge_per_placement"] = "Only a school that buys the traded offer pays a charge per placement"
    raise_if(errors)
    with transaction.atomic():
        equity_figures_changed(la_ids=[la_id])
        return save_upsert(
            SchoolContribution,
            user=user,
            lookup={"school": school, "financial_year": financial_year},
            values={
                "local_authority_id": la_id,
                "annual_amount": Decimal(annual_amount),
                "buys_traded_offer": buys_traded_offer,
                "charge_per_placement": Decimal(charge_per_placement) if buys_traded_offer else None,
                "recorded_by": user,
            },
        )


def service_cost_set(
    *, user, local_authority: Organisation, financial_year: int, description: str, amount: Decimal
) -> ServiceCost:
    """A cost of running the AP service in a year (staff, QA visits, systems), or a change to it."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    if not description.strip():
        errors["description"] = "Enter what the cost is for"
    check_money(errors, "amount", amount, what="the cost")
    raise_if(errors)
    with transaction.atomic():
        return save_upsert(
            ServiceCost,
            user=user,
            lookup={
                "local_authority": local_authority,
                "financial_year": financial_year,
                "description": description.strip(),
            },
            values={"amount": Decimal(amount), "recorded_by": user},
        )
