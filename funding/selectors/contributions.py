"""School contributions, the traded offer and full cost recovery: the AP service's costs against
the income from schools, summed in the database.

Placements arranged under the traded offer: those a school commissions for its own pupils
(commissioner "school", requested by the school) that start in the financial year and were booked
(booked, active, ended or broken down). **[unsure]**: which placements an LA charges for is a
local agreement; this is the reading of BCP's "schools pay for BCP to arrange their placements"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from apcommission.core.compiled import compiled_rows, compiled_together, rows_request, scope_key
from apcommission.core.paging import count_sql, list_shape
from apcommission.core.scoping import scope_for
from apcommission.core.years import FinancialYear
from placements.models import Commissioner, Placement

from ..models import SchoolContribution, SchoolYearFigures, SchoolYearFiguresRefresh, ServiceCost
from ..rules import COMMITTED_STATUSES

MONEY = Decimal("0.00")


def traded_placements(*, financial_year: int, school_ref=None) -> QuerySet[Placement]:
    """Placements arranged for a school under the traded offer in the year (`school_ref` is the
    school's id, or an OuterRef to it; without it, every school's)."""
    year = FinancialYear(financial_year)
    placements = (
        Placement.objects.all() if school_ref is None else Placement.objects.filter(requesting_school=school_ref)
    )
    return placements.filter(
        commissioner=Commissioner.SCHOOL,
        status__in=COMMITTED_STATUSES,
        start_date__gte=year.first_day,
        start_date__lte=year.last_day,
    )


def _traded_count(financial_year: int, school_path: str):
    return Coalesce(
        Subquery(
            traded_placements(financial_year=financial_year, school_ref=OuterRef(school_path))
            .order_by()
            .values("requesting_school")
            .annotate(n=Count("*"))  # not the id: counted from the index alone
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _traded_kept(financial_year: int, school_path: str):
    """The same count from `SchoolYearFigures` (kept with the committed costs: a row per LA whose
    pupils' placements it counts)."""
    return Coalesce(
        Subquery(
            SchoolYearFigures.objects.filter(financial_year=financial_year, school=OuterRef(school_path))
            .order_by()
            .values("school")
            .annotate(n=Sum("traded_placements"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def contributions_for(*, user, financial_year: int, kept: bool = False) -> QuerySet[SchoolContribution]:
    """Each school's contribution for the year, with the placements arranged under the traded offer
    and what they bring in (one query; the caller pages it). A school sees its own. `kept`: the
    traded offer's counts as of the committed costs (`SchoolYearFigures`), not counted here."""
    money = DecimalField(max_digits=14, decimal_places=2)
    traded = _traded_kept if kept else _traded_count
    return (
        SchoolContribution.objects.visible_to(user)
        .filter(financial_year=financial_year)
        .select_related("school__organisation")
        .annotate(traded_placements=traded(financial_year, "school_id"))
        .annotate(
            traded_income=ExpressionWrapper(
                Coalesce(F("charge_per_placement"), MONEY) * F("traded_placements"), output_field=money
            ),
        )
        .annotate(income=ExpressionWrapper(F("annual_amount") + F("traded_income"), output_field=money))
        .order_by("school__organisation__name")
    )


@dataclass(frozen=True)
class CostRecovery:
    contributions: Decimal
    traded_income: Decimal
    service_cost: Decimal
    schools: int
    traded_schools: int

    @property
    def income(self) -> Decimal:
        return self.contributions + self.traded_income

    @property
    def surplus(self) -> Decimal:
        """Income less cost: negative is the shortfall the LA still funds."""
        return self.income - self.service_cost

    @property
    def recovered_percent(self) -> Decimal | None:
        if not self.service_cost:
            return None
        return (self.income * 100 / self.service_cost).quantize(Decimal("0.1"))


#: The contributions list's columns.
_CONTRIBUTION_COLUMNS = ("annual_amount", "buys_traded_offer", "charge_per_placement", "traded_placements", "income")


def contribution_rows(*, user, financial_year: int, kept: bool = False) -> QuerySet:
    """`contributions_for` as rows of the columns the list shows (no model instances)."""
    rows = contributions_for(user=user, financial_year=financial_year, kept=kept)
    return rows.values(*_CONTRIBUTION_COLUMNS, school_name=F("school__organisation__name"))


def contribution_first_page(
    *, user, financial_year: int, kept: bool, per_page: int, recovery_of: int | None = None, service_costs=()
) -> tuple[list[dict], int, CostRecovery | None]:
    """`contribution_rows`' first `per_page` rows and how many there are in all, in one statement
    compiled once a process for the scope, year and where the traded counts come from.

    With `recovery_of` (an LA's id), `cost_recovery`'s figures for that LA are summed by a second
    statement sent with it (one round trip for both), and the LA's `service_costs` rows
    (`service_cost_rows_request`) are added up for the cost: the page's `CostRecovery` (None
    without `recovery_of`)."""

    def build() -> QuerySet:
        rows = contribution_rows(user=user, financial_year=financial_year, kept=kept)
        counted = SchoolContribution.objects.visible_to(user).filter(financial_year=financial_year)
        return rows.annotate(rows_in_all=count_sql(counted))[:per_page]

    key = list_shape("contributions", user, financial_year, kept, per_page)
    if recovery_of is None:
        found = compiled_rows(key, build)
        return found, (found[0]["rows_in_all"] if found else 0), None
    recovery_request = _recovery_request(user, recovery_of, financial_year, kept)
    found, sums = compiled_together(rows_request(key, build), recovery_request)
    sums = sums[0] if sums else {}
    recovery = CostRecovery(
        contributions=sums.get("contributions") or MONEY,
        traded_income=sums.get("traded_income") or MONEY,
        service_cost=sum((cost["amount"] for cost in service_costs), MONEY),
        schools=sums.get("schools") or 0,
        traded_schools=sums.get("traded_schools") or 0,
    )
    return found, (found[0]["rows_in_all"] if found else 0), recovery


def _recovery_request(user, local_authority_id: int, financial_year: int, kept: bool):
    """`cost_recovery`'s sums for the LA as one statement (a core.compiled request): the
    contributions and the schools, and the traded offer's income: each count times its school's
    charge, the count probed only for the schools that buy the offer (only they have a charge: a
    constraint). On the benchmark county (44 of 440 schools buy it): 0.4 ms, against 1.1 for the
    counts joined to every contribution and 1.4 for window sums over every school's row."""
    money = DecimalField(max_digits=14, decimal_places=2)
    traded = _traded_kept if kept else _traded_count

    def sums() -> QuerySet:  # built only when a statement is compiled
        income = ExpressionWrapper(
            Coalesce(F("charge_per_placement"), MONEY) * traded(financial_year, "school_id"), output_field=money
        )
        return (
            SchoolContribution.objects.visible_to(user)
            .filter(local_authority=local_authority_id, financial_year=financial_year)
            .order_by()
            .values("local_authority")
            .annotate(
                contributions=Sum("annual_amount"),
                schools=Count("id"),
                traded_schools=Count("id", filter=Q(buys_traded_offer=True)),
                traded_income=Sum(income, filter=Q(buys_traded_offer=True)),
            )
        )

    key = ("cost recovery, traded probed", scope_key(scope_for(user)), local_authority_id, financial_year, kept)
    return rows_request(key, sums)


def cost_recovery_compiled(*, local_authority_id: int, financial_year: int, user, kept: bool = False) -> CostRecovery:
    """`cost_recovery`, in one statement compiled once a process for the scope, LA, year and
    where the traded counts come from (the cost a scalar subquery beside the sums); when the LA
    has no contributions in the year, the cost by a second query."""
    cost = ServiceCost.objects.filter(local_authority=local_authority_id, financial_year=financial_year)

    def build() -> QuerySet:
        income = contributions_for(user=user, financial_year=financial_year, kept=kept)
        summed_cost = cost.order_by().values("local_authority").annotate(total=Sum("amount")).values("total")
        return (
            income.filter(local_authority=local_authority_id)
            .order_by()
            .values("local_authority")
            .annotate(
                total_contributions=Coalesce(Sum("annual_amount"), MONEY),
                total_traded=Coalesce(Sum("traded_income"), MONEY),
                schools=Count("id"),
                traded_schools=Count("id", filter=Q(buys_traded_offer=True)),
                service_cost=Coalesce(Subquery(summed_cost), MONEY),
            )
        )

    key = ("cost recovery", scope_key(scope_for(user)), local_authority_id, financial_year, kept)
    found = compiled_rows(key, build)
    if not found:
        service_cost = cost.aggregate(total=Coalesce(Sum("amount"), MONEY))["total"]
        return CostRecovery(MONEY, MONEY, service_cost, 0, 0)
    row = found[0]
    return CostRecovery(
        contributions=row["total_contributions"],
        traded_income=row["total_traded"],
        service_cost=row["service_cost"],
        schools=row["schools"],
        traded_schools=row["traded_schools"],
    )


def service_cost_rows_request(*, local_authority_id: int, financial_year: int):
    """`service_costs_of` as rows (description, amount), compiled once a process for the LA and year,
    as a request to send with the page's others (core.compiled)."""
    return rows_request(
        ("service costs", local_authority_id, financial_year),
        lambda: service_costs_of(local_authority=local_authority_id, financial_year=financial_year).values(
            "description", "amount"
        ),
    )


def cost_recovery(*, local_authority, financial_year: int, user, kept: bool = False) -> CostRecovery:
    """The AP service's costs for the year against schools' contributions and traded-offer income
    (two queries; `kept` as for `contributions_for`)."""
    income = contributions_for(user=user, financial_year=financial_year, kept=kept)
    income = income.filter(local_authority=local_authority)
    # Aliases differ from the annotations they sum: an aggregate named like an annotation replaces it.
    totals = income.aggregate(
        total_contributions=Coalesce(Sum("annual_amount"), MONEY),
        total_traded=Coalesce(Sum("traded_income"), MONEY),
        schools=Count("id"),
        traded_schools=Count("id", filter=Q(buys_traded_offer=True)),
    )
    cost = ServiceCost.objects.filter(local_authority=local_authority, financial_year=financial_year).aggregate(
        total=Coalesce(Sum("amount"), MONEY)
    )["total"]
    return CostRecovery(
        contributions=totals["total_contributions"],
        traded_income=totals["total_traded"],
        service_cost=cost,
        schools=totals["schools"],
        traded_schools=totals["traded_schools"],
    )


def service_costs_of(*, local_authority, financial_year: int) -> QuerySet[ServiceCost]:
    return ServiceCost.objects.filter(local_authority=local_authority, financial_year=financial_year).order_by(
        "description"
    )


def school_figures_as_of(*, local_authority=None, school_ids=()):
    """When the LA's school figures (`SchoolYearFigures`) were last worked out (an LA, or its id; or
    `school_ids`: the LA of those schools, the first); None before its first refresh (pages then
    count for themselves). One query."""
    refreshes = SchoolYearFiguresRefresh.objects.all()
    if local_authority is not None:
        refreshes = refreshes.filter(local_authority=local_authority)
    elif school_ids:
        refreshes = refreshes.filter(local_authority__organisations__pk__in=school_ids)
    else:
        return None
    return refreshes.order_by("local_authority_id").values_list("refreshed_at", flat=True).first()
