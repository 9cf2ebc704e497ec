"""The commissioning plan's figures, computed as Bromley's Schools Forum paper lays them out
(Review of AP, 2023, 6.2): cost of the proposal each year; in-year cost compared to the baseline
(year cost − baseline cost); cumulative payback (the running total of the in-year figures: the
plan has paid back in the first year it is zero or below); unit cost per pupil (cost ÷ pupils).

Arithmetic is done in pounds on the stored Decimals; each figure is rounded only when shown, to
£'000 (half up) in the table, to whole pounds for unit costs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from ..models import CommissioningPlan, PlanYear

THOUSAND = Decimal(1000)


def in_thousands(amount: Decimal | None) -> Decimal | None:
    """£ → £'000, to the nearest thousand (halves up), as the Forum's tables print money."""
    if amount is None:
        return None
    return (amount / THOUSAND).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class PlanColumn:
    label: str
    cost: Decimal
    pupils: int
    in_year: Decimal | None
    cumulative: Decimal | None

    @property
    def unit_cost(self) -> Decimal | None:
        return None if not self.pupils else (self.cost / self.pupils).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class PlanTable:
    plan: CommissioningPlan
    columns: list[PlanColumn]

    @property
    def payback_year(self) -> int | None:
        """The first plan year whose cumulative payback is zero or below (Bromley: year 3)."""
        for number, column in enumerate(self.columns[1:], start=1):
            if column.cumulative is not None and column.cumulative <= 0:
                return number
        return None

    @property
    def largest_annual_saving(self) -> Decimal | None:
        savings = [-c.in_year for c in self.columns[1:] if c.in_year is not None and c.in_year < 0]
        return max(savings) if savings else None


def plan_table(plan: CommissioningPlan) -> PlanTable:
    """The baseline and each plan year (uses `plan.years`, prefetched by `plans_with_years`)."""
    columns = [PlanColumn("Baseline", plan.baseline_cost, plan.baseline_pupils, None, None)]
    cumulative = Decimal(0)
    for year in plan.years.all():
        in_year = year.cost - plan.baseline_cost
        cumulative += in_year
        columns.append(PlanColumn(f"Year {year.number}", year.cost, year.pupils, in_year, cumulative))
    return PlanTable(plan=plan, columns=columns)


def plans_with_years(*, user) -> QuerySet[CommissioningPlan]:
    """The user's LA's scenarios, each with its years, in two queries."""
    return (
        CommissioningPlan.objects.visible_to(user)
        .select_related("local_authority")
        .prefetch_related(Prefetch("years", queryset=PlanYear.objects.order_by("number")))
    )


def chosen_plan(*, local_authority_id: int) -> CommissioningPlan | None:
    return (
        CommissioningPlan.objects.filter(local_authority_id=local_authority_id, is_chosen=True)
        .prefetch_related(Prefetch("years", queryset=PlanYear.objects.order_by("number")))
        .first()
    )
