"""The money sections of the Schools Forum pack: the AP part of the High Needs Block (budget,
commitments, actuals, forecast outturn, variance and the cumulative deficit) month by month; spend
by route, provider type and key stage; unit cost per pupil and pupils supported over the last four
years; place funding and the place change; recoupment raised and recovered.

Every amount comes from `funding.selectors` (no money is worked out a second time here): this
module only chooses the figures, hides small pupil counts (reports.suppression) and shapes them for
the template, which formats them with `money` / `money_whole`. A fixed number of queries whatever
the county's size (`pack_money` lists them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from apcommission.core.templatetags.money import money, money_whole
from apcommission.core.years import FinancialYear, academic_year_label, financial_year_label
from funding.chart import SERIES, Chart, monthly_chart
from funding.selectors import (
    Monitor,
    PlaceFundingSummary,
    RecoupmentYear,
    SpendRow,
    UnitCosts,
    hnb_monitor,
    hnb_spend_by,
    hnb_unit_costs_by_year,
    place_change_rows,
    place_funding_summary,
    recoupment_raised_and_recovered,
)
from providers.models import ProviderType

from .. import charts
from ..suppression import is_small, shown, suppress

#: The breakdowns of spend, in the order the pack prints them: (funding's dimension, heading, first column).
SPEND_DIMENSIONS = (
    ("route", "Spend by route", "Route"),
    ("provider_type", "Spend by provider type", "Provider type"),
    ("key_stage", "Spend by key stage", "Key stage"),
)
TREND_YEARS = 4


@dataclass(frozen=True)
class SpendLine:
    label: str
    commitments: Decimal
    actuals: Decimal
    forecast: Decimal
    pupils: str  # as printed: a number, "<5", or "" for place funding (not by pupil)
    cost_per_pupil: Decimal | None  # hidden (None) with a hidden pupil count


@dataclass(frozen=True)
class SpendTable:
    key: str
    heading: str
    first_column: str
    lines: list[SpendLine]
    chart: str = ""


@dataclass(frozen=True)
class TrendLine:
    financial_year: int
    label: str
    pupils: str
    placement_cost: Decimal
    cost_per_pupil: Decimal | None


@dataclass(frozen=True)
class PlaceLine:
    provider: str
    provider_type: str
    places_before: int
    places_now: int
    change: int


@dataclass
class PackMoney:
    financial_year: FinancialYear
    as_at: dt.date
    monitor: Monitor
    chart: Chart
    series: tuple
    spend: list[SpendTable]
    year_pupils: str
    year_cost_per_pupil: Decimal | None
    trend: list[TrendLine]
    trend_chart: str
    academic_year: int
    places: PlaceFundingSummary
    place_lines: list[PlaceLine]
    recoupment: RecoupmentYear
    recoupment_count: str

    @property
    def year_label(self) -> str:
        return self.financial_year.label

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def previous_academic_year_label(self) -> str:
        return academic_year_label(self.academic_year - 1)


def _count(n: int) -> str:
    return shown(n, is_small(n))


def spend_table(
    rows: list[SpendRow], *, key: str, heading: str, first_column: str, with_chart: bool = False
) -> SpendTable:
    """Funding's rows with their pupil counts suppressed as a column published with a total (a
    hidden count hides its cost per pupil too). Place funding, which has no pupils, keeps its
    money and prints no count."""
    by_pupil = [row for row in rows if row.key is not None]
    table = suppress([[row.pupils] for row in by_pupil], row_totals=False, column_totals=True)
    hidden = {by_pupil[i].key: table.cell(i, 0) for i in range(len(by_pupil)) if table.is_hidden(i, 0)}
    lines = []
    for row in rows:
        if row.key is None:
            pupils, per_pupil = "", None
        elif row.key in hidden:
            pupils, per_pupil = hidden[row.key], None
        else:
            pupils, per_pupil = f"{row.pupils:,}", row.cost_per_pupil
        lines.append(SpendLine(row.label, row.commitments, row.actuals, row.forecast, pupils, per_pupil))
    chart = ""
    if with_chart:
        chart = charts.bar_chart(
            [charts.Bar(line.label, line.forecast, money_whole(line.forecast)) for line in lines],
            title=f"Forecast outturn by {first_column.lower()}",
            table_id=f"spend-{key}",
        )
    return SpendTable(key=key, heading=heading, first_column=first_column, lines=lines, chart=chart)


def trend_chart(lines: list[TrendLine]) -> str:
    """Cost per pupil each year; a year whose pupils are hidden has no bar."""

    def text(line: TrendLine) -> str:
        if line.cost_per_pupil is not None:
            return money(line.cost_per_pupil)
        return "hidden" if line.pupils.startswith("<") else "no pupils"

    bars = [charts.Bar(line.label, line.cost_per_pupil, text(line)) for line in lines]
    return charts.bar_chart(bars, title="Cost per pupil by financial year", table_id="unit-costs")


def trend_lines(costs: dict[int, UnitCosts]) -> list[TrendLine]:
    lines = []
    for year in sorted(costs):
        unit = costs[year]
        small = is_small(unit.pupils)
        lines.append(
            TrendLine(
                financial_year=year,
                label=financial_year_label(year),
                pupils=shown(unit.pupils, small),
                placement_cost=unit.placement_cost,
                cost_per_pupil=None if small else unit.per_pupil,
            )
        )
    return lines


def place_lines(*, local_authority, academic_year: int) -> list[PlaceLine]:
    labels = dict(ProviderType.choices)
    return [
        PlaceLine(
            provider=provider.organisation.name,
            provider_type=labels.get(provider.provider_type, provider.provider_type),
            places_before=provider.places_before,
            places_now=provider.places_now,
            change=provider.change,
        )
        for provider in place_change_rows(local_authority=local_authority, academic_year=academic_year)
    ]


def pack_money(*, local_authority, financial_year: int, as_at: dt.date) -> PackMoney:
    """The pack's money figures for the LA and financial year, actuals as at `as_at`. Queries,
    none of which grows with the county: the monitor (7), spend by route, provider type and key
    stage (3 each), the unit-cost trend (1), place funding and the place change (2), recoupment
    (1): 20 in all."""
    year = FinancialYear(financial_year)
    monitor = hnb_monitor(local_authority=local_authority, financial_year=financial_year, as_at=as_at)
    spend = [
        spend_table(
            hnb_spend_by(local_authority=local_authority, financial_year=financial_year, dimension=key, as_at=as_at),
            key=key,
            heading=heading,
            first_column=first_column,
            with_chart=key == "route",  # one chart: the route is what the Forum decides on
        )
        for key, heading, first_column in SPEND_DIMENSIONS
    ]
    years = list(range(financial_year - TREND_YEARS + 1, financial_year + 1))
    costs = hnb_unit_costs_by_year(local_authority=local_authority, financial_years=years)
    this_year = costs[financial_year]
    trend = trend_lines(costs)
    # Place funding runs on academic years: the one that begins in this financial year.
    academic_year = financial_year
    recoupment = recoupment_raised_and_recovered(local_authority=local_authority, financial_year=financial_year)
    return PackMoney(
        financial_year=year,
        as_at=as_at,
        monitor=monitor,
        chart=monthly_chart(monitor.months),
        series=SERIES,
        spend=spend,
        year_pupils=_count(this_year.pupils),
        year_cost_per_pupil=None if is_small(this_year.pupils) else this_year.per_pupil,
        trend=trend,
        trend_chart=trend_chart(trend),
        academic_year=academic_year,
        places=place_funding_summary(local_authority=local_authority, academic_year=academic_year),
        place_lines=place_lines(local_authority=local_authority, academic_year=academic_year),
        recoupment=recoupment,
        recoupment_count=_count(recoupment.count),
    )
