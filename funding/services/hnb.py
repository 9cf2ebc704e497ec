"""The AP part of the High Needs Block budget for a financial year, and the cumulative DSG deficit
finance reports (the statutory override keeping DSG deficits off council accounts ends on
31 March 2028: domain brief section 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apcommission.core.models import Organisation

from ..models import BudgetLine, DeficitFigure
from ._common import check_finance, check_money, raise_if, save_upsert


def budget_line_set(*, user, local_authority: Organisation, financial_year: int, name: str, amount: Decimal):
    """Add a budget line, or change the amount of the line with that name in that year."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    if not name.strip():
        errors["name"] = "Enter the name of the budget line"
    check_money(errors, "amount", amount, what="the budget")
    raise_if(errors)
    with transaction.atomic():
        return save_upsert(
            BudgetLine,
            user=user,
            lookup={"local_authority": local_authority, "financial_year": financial_year, "name": name.strip()},
            values={"amount": Decimal(amount), "recorded_by": user},
        )


def deficit_set(
    *,
    user,
    local_authority: Organisation,
    financial_year: int,
    amount: Decimal,
    as_at: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> DeficitFigure:
    """The cumulative DSG deficit brought into a financial year, as at a date."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    check_money(errors, "amount", amount, what="the deficit")
    if as_at > (today or timezone.localdate()):
        errors["as_at"] = "The date of the figure must be today or in the past"
    raise_if(errors)
    with transaction.atomic():
        return save_upsert(
            DeficitFigure,
            user=user,
            lookup={"local_authority": local_authority, "financial_year": financial_year},
            values={"amount": Decimal(amount), "as_at": as_at, "note": note.strip(), "recorded_by": user},
        )
