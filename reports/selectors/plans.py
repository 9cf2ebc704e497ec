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
    return _table(plan, [(year.number, year.cost, year.pupils) for year in plan.years.all()])


def _table(plan: CommissioningPlan, years: list[tuple[int, Decimal, int]]) -> PlanTable:
    """The table of a plan and its years as (number, cost, pupils), in order of number."""
    columns = [PlanColumn("Baseline", plan.baseline_cost, plan.baseline_pupils, None, None)]
    cumulative = Decimal(0)
    for number, cost, pupils in years:
        in_year = cost - plan.baseline_cost
        cumulative += in_year
        columns.append(PlanColumn(f"Year {number}", cost, pupils, in_year, cumulative))
    return PlanTable(plan=plan, columns=columns)


#: What the plan pages show of a plan (the tables, its name, whether it is chosen, its notes).
_PLAN_FIELDS = ("id", "local_authority_id", "name", "baseline_label", "baseline_cost", "baseline_pupils", "notes",
                "is_chosen")  # fmt: skip


def plan_tables(*, user, pk: int | None = None) -> list[PlanTable]:
    """The user's LA's scenarios (or the one of id `pk`, if the user may see it) as tables, in the
    scenarios' order: one query, a row per plan year (the plan's own row when it has none)."""
    plans = CommissioningPlan.objects.visible_to(user)
    if pk is not None:
        plans = plans.filter(pk=pk)
    rows = plans.order_by(*CommissioningPlan._meta.ordering, "years__number").values_list(
        *_PLAN_FIELDS, "years__number", "years__cost", "years__pupils"
    )
    found: list[tuple[CommissioningPlan, list]] = []
    width = len(_PLAN_FIELDS)
    for row in rows:
        if not found or found[-1][0].pk != row[0]:
            found.append((CommissioningPlan(**dict(zip(_PLAN_FIELDS, row[:width], strict=True))), []))
        if row[width] is not None:
            found[-1][1].append(row[width:])
    return [_table(plan, years) for plan, years in found]


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
