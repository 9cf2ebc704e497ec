"""High Needs Block monitoring: the AP budget, commitments, actuals, forecast outturn and variance
month by month; spend by route, provider type and key stage; unit costs per pupil and per hour.
Every figure is summed in the database (the committed costs summary, `Commitment`, and approved
invoices); the Schools Forum pack reads the same selectors.

Definitions (docs/funding.md):
- **budget**: the year's budget lines; a twelfth each month (the pennies rounding leaves go in March);
- **commitments**: what the LA has committed in the month: top-ups of booked, active and ended
  placements it pays for, its lump sums, and place funding;
- **actuals**: approved invoices, in the month their period ends, plus place funding and lump
  sums for months that have begun (they are paid without invoices);
- **forecast outturn**: actuals + commitments not yet covered by an approved invoice (a month's
  top-up for a placement whose approved invoices do not cover that month), + place funding and
  lump sums; the same formula for past and future months;
- **variance**: forecast outturn − budget (positive = overspend).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from apcommission.core.compiled import compiled_rows
from apcommission.core.education import key_stage_of
from apcommission.core.models import KeyStage, Organisation
from apcommission.core.years import FinancialYear
from placements.costs import to_pence
from placements.models import RouteCode
from providers.models import ProviderType

from ..models import (
    INVOICED,
    BudgetLine,
    Commitment,
    CommitmentKind,
    CommitmentPupilCount,
    CommitmentRefresh,
    CommitmentSummary,
    DeficitFigure,
    Invoice,
    InvoiceStatus,
    Payer,
)

#: Kinds of commitment paid without an invoice: they count as actual once their month has begun.
PAID_WITHOUT_INVOICE = (CommitmentKind.PLACE_FUNDING, CommitmentKind.LUMP_SUM)
MONEY = Decimal("0.00")
#: `_monitor` reads the LA's `CommitmentRefresh` itself unless given it (None: there is none).
_NOT_READ = object()


def _sum(field_name: str = "amount", **filters) -> Coalesce:
    condition = Q(**filters) if filters else None
    return Coalesce(Sum(field_name, filter=condition), MONEY)


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date
    budget: Decimal
    commitments: Decimal
    actuals: Decimal
    forecast: Decimal

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget


@dataclass
class Monitor:
    """The year month by month, its totals, and the DSG deficit."""

    financial_year: FinancialYear
    as_at: dt.date
    refresh: CommitmentRefresh | None
    months: list[MonthFigures]
    deficit: DeficitFigure | None
    budget_lines: list[BudgetLine] = field(default_factory=list)

    @property
    def as_of(self) -> dt.datetime | None:
        """When the committed costs were worked out."""
        return self.refresh.refreshed_at if self.refresh else None

    @property
    def unpriced(self) -> int:
        """Committed placements with no rate: missing from the figures."""
        return self.refresh.unpriced if self.refresh else 0

    @property
    def unpriced_text(self) -> str:
        return self.unpriced_text_for(self.unpriced)

    @staticmethod
    def unpriced_text_for(n: int) -> str:
        """The warning for `n` committed placements with no rate."""
        return (
            f"{n} booked or running placement{'s have' if n != 1 else ' has'} no rate or band agreed, so "
            f"{'they are' if n != 1 else 'it is'} not in these figures."
        )

    def _total(self, name: str) -> Decimal:
        return sum((getattr(m, name) for m in self.months), MONEY)

    @cached_property
    def budget(self) -> Decimal:
        return self._total("budget")

    @cached_property
    def commitments(self) -> Decimal:
        return self._total("commitments")

    @cached_property
    def actuals(self) -> Decimal:
        return self._total("actuals")

    @cached_property
    def forecast(self) -> Decimal:
        return self._total("forecast")

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def projected_deficit(self) -> Decimal | None:
        """The deficit brought in plus this year's forecast AP overspend (less an underspend)."""
        return None if self.deficit is None else self.deficit.amount + self.variance


# -- the figures the Schools Forum pack reads -------------------------------------------------


def hnb_budget(*, local_authority, financial_year: int) -> Decimal:
    """The AP part of the High Needs Block budget for the year: the sum of its lines (one query)."""
    return BudgetLine.objects.filter(local_authority=local_authority, financial_year=financial_year).aggregate(
        total=_sum()
    )["total"]


def hnb_budget_lines(*, local_authority, financial_year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(local_authority=local_authority, financial_year=financial_year).order_by("name")


def dsg_cumulative_deficit(*, local_authority, financial_year: int) -> DeficitFigure | None:
    """The cumulative DSG deficit brought into the year, as finance entered it (one query)."""
    return DeficitFigure.objects.filter(local_authority=local_authority, financial_year=financial_year).first()


def commitments_as_of(*, local_authority) -> dt.datetime | None:
    """When the committed costs were last worked out (the dashboard says "as of")."""
    return (
        CommitmentRefresh.objects.filter(local_authority=local_authority).values_list("refreshed_at", flat=True).first()
    )


def _la_commitments(local_authority, financial_year: int) -> QuerySet[Commitment]:
    return Commitment.objects.filter(local_authority=local_authority, financial_year=financial_year, payer=Payer.LA)


def _approved_invoices(local_authority, financial_year: int) -> QuerySet[Invoice]:
    year = FinancialYear(financial_year)
    return Invoice.objects.filter(
        local_authority=local_authority,
        status=InvoiceStatus.APPROVED,
        period_end__gte=year.first_day,
        period_end__lte=year.last_day,
    )


def _uninvoiced_top_ups(local_authority, financial_year: int) -> QuerySet[Commitment]:
    """Top-up months not covered by an approved invoice for the same placement."""
    commitments = _la_commitments(local_authority, financial_year)
    return commitments.filter(kind=CommitmentKind.TOP_UP).filter(~covered_by_invoice())


def covered_by_invoice(*, except_invoice: int | None = None) -> Exists:
    """An approved invoice for the commitment's placement whose period meets the commitment's month
    (`except_invoice`: but that one)."""
    invoices = Invoice.objects.filter(
        placement=OuterRef("placement"),
        status=InvoiceStatus.APPROVED,
        period_start__lte=OuterRef("month_end"),
        period_end__gte=OuterRef("month"),
    )
    if except_invoice is not None:
        invoices = invoices.exclude(pk=except_invoice)
    return Exists(invoices)


def _budget_by_month(total: Decimal) -> list[Decimal]:
    monthly = to_pence(total / 12)
    return [monthly] * 11 + [total - monthly * 11]


def hnb_commitments_by_month(*, local_authority, financial_year: int) -> dict[dt.date, dict[str, Decimal]]:
    """{month: {kind: amount}} the LA has committed (one query)."""
    rows = _la_commitments(local_authority, financial_year).order_by().values("month", "kind").annotate(total=_sum())
    result: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        result[row["month"]][row["kind"]] = row["total"]
    return result


def hnb_actuals_by_month(*, local_authority, financial_year: int) -> dict[dt.date, Decimal]:
    """{month: approved invoices whose period ends in the month} (one query)."""
    rows = (
        _approved_invoices(local_authority, financial_year)
        .annotate(month=TruncMonth("period_end"))
        .order_by()
        .values("month")
        .annotate(total=_sum())
    )
    return {as_date(row["month"]): row["total"] for row in rows}


def as_date(value) -> dt.date:
    """A truncated month as a date (SQLite's TruncMonth of a date gives a datetime)."""
    return value.date() if isinstance(value, dt.datetime) else value


def _uninvoiced_by_month(local_authority, financial_year: int) -> dict[dt.date, Decimal]:
    rows = _uninvoiced_top_ups(local_authority, financial_year).order_by().values("month").annotate(total=_sum())
    return {row["month"]: row["total"] for row in rows}


def hnb_monitor(*, local_authority, financial_year: int, as_at: dt.date) -> Monitor:
    """Budget, commitments, actuals, forecast outturn and variance for each month of the year, as at
    a date, with the DSG deficit: from the committed costs summary (four queries), or summed
    directly where the LA has no summary yet (`hnb_monitor_direct`)."""
    refresh = _refresh(local_authority)
    if refresh is None or not refresh.summarised:
        invoiced = hnb_actuals_by_month(local_authority=local_authority, financial_year=financial_year)
        uninvoiced = _uninvoiced_by_month(local_authority, financial_year)
        return _monitor(local_authority, financial_year, as_at, invoiced, uninvoiced, refresh=refresh)
    committed, invoiced, uninvoiced = _summary_by_month(local_authority, financial_year)
    return _monitor(local_authority, financial_year, as_at, invoiced, uninvoiced, committed=committed, refresh=refresh)


def hnb_monitor_direct(*, local_authority, financial_year: int, as_at: dt.date) -> Monitor:
    """`hnb_monitor` summed from the commitments and invoices themselves. Seven queries, whatever
    the number of placements or invoices."""
    invoiced = hnb_actuals_by_month(local_authority=local_authority, financial_year=financial_year)
    uninvoiced = _uninvoiced_by_month(local_authority, financial_year)
    return _monitor(local_authority, financial_year, as_at, invoiced, uninvoiced)


def _refresh(local_authority) -> CommitmentRefresh | None:
    return CommitmentRefresh.objects.filter(local_authority=local_authority).first()


def _summary(local_authority, financial_year: int) -> QuerySet[CommitmentSummary]:
    """The summary's rows for the LA's own commitments and its approved invoices in the year."""
    return CommitmentSummary.objects.filter(
        local_authority=local_authority, financial_year=financial_year, payer=Payer.LA
    ).order_by()


def _summary_by_month(local_authority, financial_year: int) -> tuple[dict, dict, dict]:
    """{month: {kind: committed}}, {month: invoiced} and {month: top-ups no invoice covers}, from
    the summary (one query)."""
    committed: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    invoiced: dict[dt.date, Decimal] = {}
    uninvoiced: dict[dt.date, Decimal] = defaultdict(lambda: MONEY)
    rows = (
        _summary(local_authority, financial_year)
        .values_list("month", "kind")
        .annotate(total=_sum(), open=_sum("uninvoiced", kind=CommitmentKind.TOP_UP))
    )
    for month, kind, total, open_ in rows:
        if kind == INVOICED:
            invoiced[month] = total
        else:
            committed[month][kind] = total
            if kind == CommitmentKind.TOP_UP:
                uninvoiced[month] += open_
    return committed, invoiced, uninvoiced


def _monitor(
    local_authority,
    financial_year: int,
    as_at: dt.date,
    invoiced: dict,
    uninvoiced: dict,
    *,
    committed: dict | None = None,
    refresh: CommitmentRefresh | None | object = _NOT_READ,
    budget_total: Decimal | None = None,
    deficit: DeficitFigure | None | object = _NOT_READ,
) -> Monitor:
    """The monthly monitor from the invoiced and uninvoiced top-ups by month (and the commitments
    by month and kind, the "as of", the year's budget and the DSG deficit, where the caller has
    them: given the budget's total, the monitor has no budget lines)."""
    year = FinancialYear(financial_year)
    if budget_total is None:
        lines = list(hnb_budget_lines(local_authority=local_authority, financial_year=financial_year))
        budget_total = sum((line.amount for line in lines), MONEY)
    else:
        lines = []
    budget = _budget_by_month(budget_total)
    if committed is None:
        committed = hnb_commitments_by_month(local_authority=local_authority, financial_year=financial_year)
    if refresh is _NOT_READ:
        refresh = _refresh(local_authority)
    months = []
    for index, month in enumerate(year.months):
        kinds = committed.get(month, {})
        paid_direct = sum((kinds.get(kind, MONEY) for kind in PAID_WITHOUT_INVOICE), MONEY)
        months.append(
            MonthFigures(
                month=month,
                budget=budget[index],
                commitments=sum(kinds.values(), MONEY),
                actuals=invoiced.get(month, MONEY) + (paid_direct if month <= as_at else MONEY),
                forecast=invoiced.get(month, MONEY) + uninvoiced.get(month, MONEY) + paid_direct,
            )
        )
    return Monitor(
        financial_year=year,
        as_at=as_at,
        refresh=refresh,
        months=months,
        deficit=(
            dsg_cumulative_deficit(local_authority=local_authority, financial_year=financial_year)
            if deficit is _NOT_READ
            else deficit
        ),
        budget_lines=lines,
    )


@dataclass(frozen=True)
class YearTotals:
    """The year's AP budget and forecast outturn (the funding home page's headline figures)."""

    budget: Decimal
    forecast: Decimal
    as_of: dt.datetime | None

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget


def hnb_year_totals(*, local_authority, financial_year: int, as_at: dt.date) -> YearTotals:
    """`hnb_monitor`'s budget, forecast outturn and variance for the whole year: from the summary
    (three queries), or from `hnb_monitor_direct` where the LA has no summary yet. The forecast is
    approved invoices + top-up months no approved invoice covers + place funding and lump sums."""
    refresh = _refresh(local_authority)
    if refresh is None or not refresh.summarised:
        monitor = hnb_monitor_direct(local_authority=local_authority, financial_year=financial_year, as_at=as_at)
        return YearTotals(budget=monitor.budget, forecast=monitor.forecast, as_of=monitor.as_of)
    forecast = _summary(local_authority, financial_year).aggregate(
        invoiced=_sum(kind=INVOICED),
        uninvoiced=_sum("uninvoiced", kind=CommitmentKind.TOP_UP),
        paid_direct=_sum(kind__in=PAID_WITHOUT_INVOICE),
    )
    return YearTotals(
        budget=hnb_budget(local_authority=local_authority, financial_year=financial_year),
        forecast=forecast["invoiced"] + forecast["uninvoiced"] + forecast["paid_direct"],
        as_of=refresh.refreshed_at,
    )


# -- by route, provider type and key stage ---------------------------------------------------


def _pupils_key_stage(day_field: str):
    """The pupil's key stage in the month or invoice period (a placement spanning 31 August is key
    stage 3 before and key stage 4 after, say): from the date of birth and the academic year."""
    return key_stage_of("placement__pupil__date_of_birth", day_field)


#: dimension: (the key of a Commitment row or an Invoice, given the date it falls on; labels).
DIMENSIONS = {
    "route": (lambda day_field: F("placement__route__code"), dict(RouteCode.choices)),
    "provider_type": (lambda day_field: F("provider__provider_type"), dict(ProviderType.choices)),
    "key_stage": (_pupils_key_stage, dict(KeyStage.choices)),
}
NOT_BY_PUPIL = "Place funding (not by pupil)"


@dataclass(frozen=True)
class SpendRow:
    key: str | None
    label: str
    commitments: Decimal
    actuals: Decimal
    forecast: Decimal
    place_funding: Decimal
    pupils: int
    hours: Decimal

    @property
    def placement_cost(self) -> Decimal:
        """Committed top-ups and lump sums: what the placements themselves cost."""
        return self.commitments - self.place_funding

    @property
    def cost_per_pupil(self) -> Decimal | None:
        return to_pence(self.placement_cost / self.pupils) if self.pupils else None

    @property
    def cost_per_hour(self) -> Decimal | None:
        return to_pence(self.placement_cost / self.hours) if self.hours else None


def _committed_by(local_authority, financial_year: int, dimension: str, as_at: dt.date) -> QuerySet:
    """The year's LA commitments by the dimension's key, with the pupils and hours (one query)."""
    key_on, _labels = DIMENSIONS[dimension]
    return (
        _la_commitments(local_authority, financial_year)
        .order_by()
        .values(key=key_on("month"))
        .annotate(
            total=_sum(),
            place_funding=_sum(kind=CommitmentKind.PLACE_FUNDING),
            paid_direct=_sum(kind__in=PAID_WITHOUT_INVOICE),
            paid_direct_to_date=_sum(kind__in=PAID_WITHOUT_INVOICE, month__lte=as_at),
            pupils=Count("placement__pupil", distinct=True),
            hours=_sum("hours"),
        )
    )


def hnb_spend_by(*, local_authority, financial_year: int, dimension: str, as_at: dt.date) -> list[SpendRow]:
    """Commitments, actuals (as at a date) and forecast outturn for the year by route, provider type
    or key stage, with the pupils, the commissioned hours and the unit costs (three queries). Place
    funding has no route or key stage: it is its own row there. By key stage, each month (or
    invoice, by the day its period ends) counts under the pupil's key stage in that academic year,
    so a pupil whose placement spans 31 August is a pupil of both key stages."""
    key_on, _labels = DIMENSIONS[dimension]
    invoiced = {
        row["key"]: row["total"]
        for row in _approved_invoices(local_authority, financial_year)
        .order_by()
        .values(key=key_on("period_end"))
        .annotate(total=_sum())
    }
    uninvoiced = {
        row["key"]: row["total"]
        for row in _uninvoiced_top_ups(local_authority, financial_year)
        .order_by()
        .values(key=key_on("month"))
        .annotate(total=_sum())
    }
    return _spend_rows(
        dimension, _committed_by(local_authority, financial_year, dimension, as_at), invoiced, uninvoiced
    )


def hnb_spend_by_route(*, local_authority, financial_year: int, as_at: dt.date) -> list[SpendRow]:
    return hnb_spend_by(local_authority=local_authority, financial_year=financial_year, dimension="route", as_at=as_at)


def hnb_spend_by_provider_type(*, local_authority, financial_year: int, as_at: dt.date) -> list[SpendRow]:
    return hnb_spend_by(
        local_authority=local_authority, financial_year=financial_year, dimension="provider_type", as_at=as_at
    )


def hnb_spend_by_key_stage(*, local_authority, financial_year: int, as_at: dt.date) -> list[SpendRow]:
    return hnb_spend_by(
        local_authority=local_authority, financial_year=financial_year, dimension="key_stage", as_at=as_at
    )


def _spend_rows(dimension: str, committed, invoiced: dict, uninvoiced: dict) -> list[SpendRow]:
    labels = DIMENSIONS[dimension][1]
    rows = [
        SpendRow(
            key=row["key"],
            label=labels.get(row["key"], NOT_BY_PUPIL if row["key"] is None else str(row["key"])),
            commitments=row["total"],
            actuals=invoiced.get(row["key"], MONEY) + row["paid_direct_to_date"],
            forecast=invoiced.get(row["key"], MONEY) + uninvoiced.get(row["key"], MONEY) + row["paid_direct"],
            place_funding=row["place_funding"],
            pupils=row["pupils"],
            hours=row["hours"],
        )
        for row in committed
    ]
    return sorted(rows, key=lambda r: (r.key is None, r.label))


def dimension_keys(day_field: str) -> dict:
    """Each dimension's key of a commitment or invoice, on the day it falls on."""
    return {name: key_on(day_field) for name, (key_on, _labels) in DIMENSIONS.items()}


@dataclass(frozen=True)
class Dashboard:
    monitor: Monitor
    spend: dict[str, list[SpendRow]]
    unit_costs: UnitCosts


def hnb_dashboard_figures(*, local_authority, financial_year: int, as_at: dt.date) -> Dashboard:
    """`hnb_monitor`, `hnb_spend_by` for every dimension and `hnb_unit_costs` together, for the
    dashboard: from the committed costs summary (six queries), or summed directly where the LA has
    no summary yet (`hnb_dashboard_figures_direct`)."""
    refresh = _refresh(local_authority)
    if refresh is None or not refresh.summarised:
        return hnb_dashboard_figures_direct(
            local_authority=local_authority, financial_year=financial_year, as_at=as_at, refresh=refresh
        )
    committed, invoiced, uninvoiced = _summary_by_month(local_authority, financial_year)
    monitor = _monitor(
        local_authority, financial_year, as_at, invoiced, uninvoiced, committed=committed, refresh=refresh
    )
    spend, unit_costs = _summary_spend(local_authority, financial_year, as_at, DIMENSIONS)
    return Dashboard(monitor=monitor, spend=spend, unit_costs=unit_costs)


@dataclass(frozen=True)
class DashboardHead:
    """What the dashboard reads on every request, in one statement: the LA's name; its committed
    costs' "as of", unpriced placements, whether the summary is built and the summary's version;
    the year's budget (its lines summed) and the DSG deficit brought in."""

    la_name: str
    refresh: CommitmentRefresh | None
    budget: Decimal
    deficit: DeficitFigure | None

    def figures_key(self, *, local_authority: int, financial_year: int, as_at: dt.date) -> tuple | None:
        """Everything the dashboard's figures are worked out from (`hnb_dashboard_figures_of`):
        figures worked out for one key are those of every request with the same key, so a page may
        keep them (or their markup) by it. None without a summary: the figures are summed directly
        from rows that change without a version."""
        refresh = self.refresh
        if refresh is None or not refresh.summarised:
            return None
        deficit = (self.deficit.amount, self.deficit.as_at) if self.deficit is not None else None
        return ("hnb", local_authority, financial_year, as_at, refresh.summary_version, self.budget, deficit)


def hnb_dashboard_head(*, local_authority: int, financial_year: int) -> DashboardHead | None:
    """`DashboardHead` for the LA (by id) and year: one statement, compiled once a process for the
    LA and year. None when there is no such LA."""
    key = ("hnb dashboard head", local_authority, financial_year)
    rows = compiled_rows(key, lambda: _head_rows(local_authority, financial_year))
    if not rows:
        return None
    row = rows[0]
    refresh = (
        CommitmentRefresh(
            local_authority_id=local_authority,
            refreshed_at=row["refreshed_at"],
            unpriced=row["unpriced"],
            summarised=row["summarised"],
            summary_version=row["summary_version"],
        )
        if row["refreshed_at"] is not None
        else None
    )
    deficit = (
        DeficitFigure(
            local_authority_id=local_authority,
            financial_year=financial_year,
            amount=row["deficit"],
            as_at=row["deficit_as_at"],
        )
        if row["deficit"] is not None
        else None
    )
    return DashboardHead(la_name=row["name"], refresh=refresh, budget=_decimal(row["budget"]), deficit=deficit)


def _head_rows(local_authority: int, financial_year: int) -> QuerySet:
    refresh = CommitmentRefresh.objects.filter(local_authority=OuterRef("pk"))
    deficit = DeficitFigure.objects.filter(local_authority=OuterRef("pk"), financial_year=financial_year)
    budget = (
        BudgetLine.objects.filter(local_authority=OuterRef("pk"), financial_year=financial_year)
        .order_by()
        .values("local_authority")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Organisation.objects.filter(pk=local_authority).values(
        "name",
        refreshed_at=Subquery(refresh.values("refreshed_at")[:1]),
        unpriced=Subquery(refresh.values("unpriced")[:1]),
        summarised=Subquery(refresh.values("summarised")[:1]),
        summary_version=Subquery(refresh.values("summary_version")[:1]),
        budget=Coalesce(Subquery(budget), MONEY),
        deficit=Subquery(deficit.values("amount")[:1]),
        deficit_as_at=Subquery(deficit.values("as_at")[:1]),
    )


def hnb_dashboard_figures_of(
    head: DashboardHead, *, local_authority: int, financial_year: int, as_at: dt.date
) -> Dashboard:
    """`hnb_dashboard_figures` with the "as of", the budget and the deficit `head` read (so the
    figures are exactly those of `head.figures_key`): from the summary (two queries), or summed
    directly where the LA has no summary yet. The monitor has no budget lines (only their total)."""
    refresh = head.refresh
    if refresh is None or not refresh.summarised:
        return hnb_dashboard_figures_direct(
            local_authority=local_authority, financial_year=financial_year, as_at=as_at, refresh=refresh
        )
    committed, invoiced, uninvoiced = _summary_by_month(local_authority, financial_year)
    monitor = _monitor(
        local_authority,
        financial_year,
        as_at,
        invoiced,
        uninvoiced,
        committed=committed,
        refresh=refresh,
        budget_total=head.budget,
        deficit=head.deficit,
    )
    spend, unit_costs = _summary_spend(local_authority, financial_year, as_at, DIMENSIONS)
    return Dashboard(monitor=monitor, spend=spend, unit_costs=unit_costs)


def _summary_spend(local_authority, financial_year: int, as_at: dt.date, dimensions) -> tuple[dict, UnitCosts]:
    """`hnb_spend_by` for each of `dimensions`, and `hnb_unit_costs`, from the summary's rows grouped
    by kind, route, provider type and key stage, and the year's pupil counts (two queries)."""
    rows = list(
        _summary(local_authority, financial_year)
        .values_list("kind", *DIMENSIONS)
        .annotate(
            total=_sum(),
            hours_total=_sum("hours"),
            open=_sum("uninvoiced", kind=CommitmentKind.TOP_UP),
            to_date=_sum(month__lte=as_at),
        )
    )
    pupils = {
        (dimension, key): n
        for dimension, key, n in CommitmentPupilCount.objects.filter(
            local_authority=local_authority, financial_year=financial_year
        ).values_list("dimension", "key", "pupils")
    }
    hours, cost = MONEY, MONEY
    for row in rows:
        if row[0] not in (INVOICED, CommitmentKind.PLACE_FUNDING):
            cost += row[4]
            hours += row[5]
    unit_costs = UnitCosts(pupils=pupils.get(("", None), 0), hours=hours, placement_cost=cost)
    spend = {}
    for dimension in dimensions:
        position = list(DIMENSIONS).index(dimension) + 1
        committed: dict = {}
        invoiced: dict = defaultdict(lambda: MONEY)
        uninvoiced: dict = defaultdict(lambda: MONEY)
        for row in rows:
            kind, key, total, hours_total, open_, to_date = row[0], row[position], *row[4:]
            if kind == INVOICED:
                invoiced[key] += total
                continue
            group = committed.setdefault(
                key,
                {
                    "key": key,
                    "total": MONEY,
                    "place_funding": MONEY,
                    "paid_direct": MONEY,
                    "paid_direct_to_date": MONEY,
                    "hours": MONEY,
                    "pupils": pupils.get((dimension, key), 0),
                },
            )
            group["total"] += total
            group["hours"] += hours_total
            if kind == CommitmentKind.PLACE_FUNDING:
                group["place_funding"] += total
            if kind in PAID_WITHOUT_INVOICE:
                group["paid_direct"] += total
                group["paid_direct_to_date"] += to_date
            uninvoiced[key] += open_
        spend[dimension] = _spend_rows(dimension, committed.values(), invoiced, uninvoiced)
    return spend, unit_costs


def hnb_dashboard_figures_direct(
    *, local_authority, financial_year: int, as_at: dt.date, refresh: CommitmentRefresh | None | object = _NOT_READ
) -> Dashboard:
    """`hnb_monitor`, `hnb_spend_by` for every dimension and `hnb_unit_costs` together, for the
    dashboard, in ten queries rather than sixteen: the approved invoices and the top-up months no
    invoice covers are each summed once, grouped by month and every dimension's key at once, and
    those sums are added up here by month and by each dimension (the commitments are summed by
    month and by each dimension in the database, with their pupils counted once each)."""
    invoiced = list(
        _approved_invoices(local_authority, financial_year)
        .order_by()
        .values(month=TruncMonth("period_end"), **dimension_keys("period_end"))
        .annotate(total=_sum())
    )
    for row in invoiced:
        row["month"] = as_date(row["month"])
    uninvoiced = list(
        _uninvoiced_top_ups(local_authority, financial_year)
        .order_by()
        .values("month", **dimension_keys("month"))
        .annotate(total=_sum())
    )
    monitor = _monitor(
        local_authority, financial_year, as_at, _by(invoiced, "month"), _by(uninvoiced, "month"), refresh=refresh
    )
    committed, unit_costs = _committed_by_every_dimension(local_authority, financial_year, as_at)
    spend = {
        dimension: _spend_rows(dimension, committed[dimension], _by(invoiced, dimension), _by(uninvoiced, dimension))
        for dimension in DIMENSIONS
    }
    return Dashboard(monitor=monitor, spend=spend, unit_costs=unit_costs)


#: What each group of `_committed_by_every_dimension` is grouped by, and the mask PostgreSQL's
#: GROUPING(route, provider_type, key_stage) gives it (a bit set for each column not grouped).
_GROUPINGS = (("route", 0b011), ("provider_type", 0b101), ("key_stage", 0b110), (None, 0b111))


def _committed_by_every_dimension(local_authority, financial_year: int, as_at: dt.date) -> tuple[dict, UnitCosts]:
    """`_committed_by` for every dimension and `hnb_unit_costs`, in one query over the year's LA
    commitments: each pass over them joins the year's rows to the placements and pupils, so one
    pass (PostgreSQL's grouping sets) rather than four is most of the dashboard's time in the
    database; elsewhere the same groups are summed one after the other in the one statement. The
    rows are read through the same queryset (and so the same filters) as the separate queries."""
    rows_sql, params = (
        _la_commitments(local_authority, financial_year)
        .order_by()
        .values("kind", "month", "amount", "hours", pupil=F("placement__pupil"), **dimension_keys("month"))
        .query.sql_with_params()
    )
    place_funding, paid_direct = CommitmentKind.PLACE_FUNDING, tuple(PAID_WITHOUT_INVOICE)
    month = connection.ops.adapt_datefield_value(as_at)
    placement_cost = "kind <> %s"
    figures = (
        " COALESCE(SUM(amount), 0.00) AS total,"
        " COALESCE(SUM(amount) FILTER (WHERE kind = %s), 0.00) AS place_funding,"
        " COALESCE(SUM(amount) FILTER (WHERE kind IN (%s, %s)), 0.00) AS paid_direct,"
        " COALESCE(SUM(amount) FILTER (WHERE kind IN (%s, %s) AND month <= %s), 0.00) AS paid_direct_to_date,"
        " COUNT(DISTINCT pupil) AS pupils, COALESCE(SUM(hours), 0.00) AS hours,"
        f" COUNT(DISTINCT pupil) FILTER (WHERE {placement_cost}) AS unit_pupils,"
        f" COALESCE(SUM(hours) FILTER (WHERE {placement_cost}), 0.00) AS unit_hours,"
        f" COALESCE(SUM(amount) FILTER (WHERE {placement_cost}), 0.00) AS unit_cost"
        f" FROM ({rows_sql}) commitments"
    )
    figures_params = (place_funding, *paid_direct, *paid_direct, month, place_funding, place_funding, place_funding)
    figures_params = (*figures_params, *params)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT route, provider_type, key_stage, GROUPING(route, provider_type, key_stage) AS grouped,"
            f"{figures} GROUP BY GROUPING SETS ((route), (provider_type), (key_stage), ())"
        )
        sql_params = figures_params
    else:
        selects = []
        for grouped_on, mask in _GROUPINGS:
            keys = ", ".join(name if name == grouped_on else f"NULL AS {name}" for name in DIMENSIONS)
            selects.append(
                f"SELECT {keys}, {mask} AS grouped,{figures}" + (f" GROUP BY {grouped_on}" if grouped_on else "")
            )
        sql = " UNION ALL ".join(selects)
        sql_params = figures_params * len(_GROUPINGS)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)  # noqa: S608 - compiled queryset, values as params
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    grouped_by = {mask: name for name, mask in _GROUPINGS}
    committed: dict[str, list[dict]] = {dimension: [] for dimension in DIMENSIONS}
    unit_costs = UnitCosts(pupils=0, hours=MONEY, placement_cost=MONEY)
    for row in found:
        for name in _SUMMED:
            row[name] = _decimal(row[name])
        dimension = grouped_by[row["grouped"]]
        if dimension is None:
            unit_costs = UnitCosts(pupils=row["unit_pupils"], hours=row["unit_hours"], placement_cost=row["unit_cost"])
        else:
            committed[dimension].append({**row, "key": row[dimension]})
    return committed, unit_costs


_SUMMED = ("total", "place_funding", "paid_direct", "paid_direct_to_date", "hours", "unit_hours", "unit_cost")


def _decimal(value) -> Decimal:
    """A sum of money or hours as the ORM gives it: PostgreSQL returns a Decimal in pence (or
    hundredths of an hour); SQLite a float or an integer."""
    return value if isinstance(value, Decimal) else Decimal(str(value)).quantize(MONEY)


def _by(groups: list[dict], key: str) -> dict:
    totals: dict = defaultdict(lambda: MONEY)
    for row in groups:
        totals[row[key]] += row["total"]
    return totals


@dataclass(frozen=True)
class UnitCosts:
    pupils: int
    hours: Decimal
    placement_cost: Decimal

    @property
    def per_pupil(self) -> Decimal | None:
        return to_pence(self.placement_cost / self.pupils) if self.pupils else None

    @property
    def per_hour(self) -> Decimal | None:
        return to_pence(self.placement_cost / self.hours) if self.hours else None


def hnb_unit_costs(*, local_authority, financial_year: int) -> UnitCosts:
    """Committed top-ups and lump sums for the year ÷ pupils with a commitment, and ÷ commissioned
    hours (school days × sessions a week ÷ 5 × hours a session): one query. By provider type, see
    `hnb_spend_by_provider_type` (the Bristol paper compares £65 and £75 an hour)."""
    totals = (
        _la_commitments(local_authority, financial_year)
        .exclude(kind=CommitmentKind.PLACE_FUNDING)
        .aggregate(pupils=Count("placement__pupil", distinct=True), hours=_sum("hours"), cost=_sum())
    )
    return UnitCosts(pupils=totals["pupils"], hours=totals["hours"], placement_cost=totals["cost"])


def hnb_unit_costs_by_year(*, local_authority, financial_years: list[int]) -> dict[int, UnitCosts]:
    """`hnb_unit_costs` for several financial years in one grouped query (the Schools Forum pack's
    trend). A year with no commitments has no pupils and no cost."""
    rows = (
        Commitment.objects.filter(local_authority=local_authority, financial_year__in=financial_years, payer=Payer.LA)
        .exclude(kind=CommitmentKind.PLACE_FUNDING)
        .order_by()
        .values("financial_year")
        .annotate(pupils=Count("placement__pupil", distinct=True), hours=_sum("hours"), cost=_sum())
    )
    found = {
        row["financial_year"]: UnitCosts(pupils=row["pupils"], hours=row["hours"], placement_cost=row["cost"])
        for row in rows
    }
    empty = UnitCosts(pupils=0, hours=MONEY, placement_cost=MONEY)
    return {year: found.get(year, empty) for year in financial_years}


__all__ = [
    "DIMENSIONS",
    "Monitor",
    "MonthFigures",
    "SpendRow",
    "UnitCosts",
    "Dashboard",
    "DashboardHead",
    "commitments_as_of",
    "dsg_cumulative_deficit",
    "hnb_actuals_by_month",
    "hnb_budget",
    "hnb_budget_lines",
    "hnb_dashboard_figures",
    "hnb_dashboard_figures_direct",
    "hnb_dashboard_figures_of",
    "hnb_dashboard_head",
    "hnb_commitments_by_month",
    "hnb_monitor",
    "hnb_monitor_direct",
    "hnb_spend_by",
    "hnb_spend_by_key_stage",
    "hnb_spend_by_provider_type",
    "hnb_spend_by_route",
    "hnb_unit_costs",
    "hnb_unit_costs_by_year",
    "hnb_year_totals",
    "YearTotals",
]
