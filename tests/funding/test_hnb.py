"""High Needs Block monitoring: commitments across a financial-year boundary, and every dashboard
total against a sum worked out independently here (weekdays counted by hand, bank holidays
written out), on the page, in the CSV and in the selectors the Schools Forum pack reads."""

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from funding.models import Commitment, CommitmentKind, Invoice, LumpSum
from funding.selectors import (
    hnb_budget,
    hnb_monitor,
    hnb_spend_by_key_stage,
    hnb_spend_by_provider_type,
    hnb_spend_by_route,
    hnb_unit_costs,
    hnb_unit_costs_by_year,
)
from funding.services import commitments_refresh
from placements.costs import committed_cost
from placements.selectors import school_days_between
from tests.funding.factories import BudgetLineFactory, CommissionedPlacesFactory, InvoiceFactory, la_paid_placement
from tests.placements.factories import PlacementFactory

#: England's bank holidays from April 2025 to March 2027, written out (not from the holidays library).
BANK_HOLIDAYS = {
    dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 5, 5), dt.date(2025, 5, 26), dt.date(2025, 8, 25),
    dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6),
    dt.date(2026, 5, 4), dt.date(2026, 5, 25), dt.date(2026, 8, 31), dt.date(2026, 12, 25), dt.date(2026, 12, 28),
    dt.date(2027, 1, 1), dt.date(2027, 3, 26), dt.date(2027, 3, 29),
}  # fmt: skip
PENNY = Decimal("0.01")


def weekdays(first: dt.date, last: dt.date) -> int:
    days, day = 0, first
    while day <= last:
        days += day.weekday() < 5 and day not in BANK_HOLIDAYS
        day += dt.timedelta(days=1)
    return days


def cost(weekly: Decimal, days: int) -> Decimal:
    return (weekly * days / 5).quantize(PENNY, rounding=ROUND_HALF_UP)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def test_commitments_across_31_march_fall_in_each_financial_year(la, school_a):
    placement = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 30)
    )
    commitments_refresh(local_authority=la)
    march, april = (
        weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 31)),
        weekdays(dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
    )
    assert (march, april) == (22, 20)  # Good Friday and Easter Monday fall in April 2026
    last_year = hnb_monitor(local_authority=la, financial_year=2025, as_at=dt.date(2026, 5, 15))
    this_year = hnb_monitor(local_authority=la, financial_year=2026, as_at=dt.date(2026, 5, 15))
    assert last_year.commitments == cost(Decimal("285.00"), march) == Decimal("1254.00")
    assert this_year.commitments == cost(Decimal("285.00"), april) == Decimal("1140.00")
    assert [m.commitments for m in last_year.months][-1] == Decimal("1254.00")
    assert [m.commitments for m in this_year.months][0] == Decimal("1140.00")
    # The two years together are the placement's committed cost by placements' own rule.
    days = school_days_between(school=school_a, local_authority=la, start=placement.start_date, end=placement.end_date)
    assert last_year.commitments + this_year.commitments == committed_cost(weekly=Decimal("285.00"), school_days=days)


def test_a_placement_that_ended_early_is_committed_to_the_day_it_ended(la, school_a):
    placement = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 12, 18), status="ended"
    )
    placement.ended_on = dt.date(2026, 9, 25)
    placement.save()
    commitments_refresh(local_authority=la)
    monitor = hnb_monitor(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    assert monitor.commitments == cost(Decimal("285.00"), weekdays(dt.date(2026, 9, 7), dt.date(2026, 9, 25)))


@pytest.fixture
def county(la, school_a, school_b):
    """Placements the LA pays for (and one a school pays for), a lump sum, place funding for two
    academic years, invoices in every state, and the budget for 2026-27."""
    BudgetLineFactory(local_authority=la, financial_year=2026, name="AP top-up", amount=Decimal("100000.00"))
    BudgetLineFactory(local_authority=la, financial_year=2026, name="Place funding", amount=Decimal("90000.00"))
    BudgetLineFactory(local_authority=la, financial_year=2025, name="AP top-up", amount=Decimal("55555.00"))
    first = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 12, 18)
    )
    second = la_paid_placement(
        pupil__home_school=school_b,
        pupil__date_of_birth=dt.date(2011, 1, 15),  # Year 11 (key stage 4) in 2026/27
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2027, 2, 26),
    )
    second.key_stage, second.weekly_cost = "ks4", Decimal("410.40")
    second.save()
    schools_own = PlacementFactory(
        pupil__home_school=school_a, status="active", start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 12, 18)
    )
    schools_own.weekly_cost = Decimal("300.00")
    schools_own.save()
    LumpSum.objects.create(local_authority=la, route_code="awaiting_place", financial_year=2026, amount=Decimal("500"))
    pru = CommissionedPlacesFactory(local_authority=la, academic_year=2026, places=10)
    CommissionedPlacesFactory(local_authority=la, provider=pru.provider, academic_year=2025, places=8)
    approved = InvoiceFactory(
        placement=first, period_start=dt.date(2026, 9, 7), period_end=dt.date(2026, 9, 30), amount=Decimal("1026.00")
    )
    approved.status = "approved"
    approved.save()
    InvoiceFactory(
        placement=first, period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31), status="received"
    )
    commitments_refresh(local_authority=la)
    return {"first": first, "second": second, "approved": approved}


def expected_figures(as_at: dt.date) -> dict:
    """The dashboard's figures for 2026-27, worked out here from what `county` made."""
    months = [(2026, m) for m in range(4, 13)] + [(2027, m) for m in range(1, 4)]
    place_2025 = [Decimal("6666.67")] * 4 + [Decimal("80000.00") - Decimal("6666.67") * 11]  # Apr–Aug 2026
    place_2026 = [Decimal("8333.33")] * 7  # Sep 2026–Mar 2027
    place = dict(zip(months, place_2025 + place_2026, strict=True))
    spans = [
        (Decimal("285.00"), dt.date(2026, 9, 7), dt.date(2026, 12, 18)),
        (Decimal("410.40"), dt.date(2026, 11, 2), dt.date(2027, 2, 26)),
    ]
    figures = {}
    for year, month in months:
        first, last = month_bounds(year, month)
        top_up = [
            cost(w, weekdays(max(a, first), min(b, last))) if a <= last and b >= first else Decimal(0)
            for w, a, b in spans
        ]
        lump = (Decimal("500") if (year, month) == (2026, 9) else 0) + (
            Decimal("500") if (year, month) == (2026, 11) else 0
        )
        invoiced = Decimal("1026.00") if (year, month) == (2026, 9) else Decimal(0)
        # September's top-up for the first placement is covered by the approved invoice.
        uninvoiced = sum(top_up) - (top_up[0] if (year, month) == (2026, 9) else 0)
        direct = place[(year, month)] + lump
        figures[(year, month)] = {
            "commitments": sum(top_up) + direct,
            "actuals": invoiced + (direct if first <= as_at else 0),
            "forecast": invoiced + uninvoiced + direct,
        }
    return figures


def test_every_dashboard_total_matches_an_independent_sum(la, county):
    as_at = dt.date(2026, 11, 30)
    expected = expected_figures(as_at)
    monitor = hnb_monitor(local_authority=la, financial_year=2026, as_at=as_at)
    for month in monitor.months:
        assert {
            "commitments": month.commitments,
            "actuals": month.actuals,
            "forecast": month.forecast,
        } == expected[(month.month.year, month.month.month)], month.month
    total = {k: sum(v[k] for v in expected.values()) for k in ("commitments", "actuals", "forecast")}
    assert (monitor.commitments, monitor.actuals, monitor.forecast) == (
        total["commitments"],
        total["actuals"],
        total["forecast"],
    )
    assert monitor.budget == hnb_budget(local_authority=la, financial_year=2026) == Decimal("190000.00")
    assert [m.budget for m in monitor.months] == [Decimal("15833.33")] * 11 + [Decimal("15833.37")]
    assert monitor.variance == total["forecast"] - Decimal("190000.00")
    # The school's own placement is not High Needs Block spend.
    assert not Commitment.objects.filter(payer="la", placement__top_up_funder="school").exists()


def test_spend_by_route_provider_type_and_key_stage_add_up_to_the_year(la, county):
    monitor = hnb_monitor(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    when = {"local_authority": la, "financial_year": 2026, "as_at": dt.date(2026, 11, 30)}
    for rows in (hnb_spend_by_route(**when), hnb_spend_by_provider_type(**when), hnb_spend_by_key_stage(**when)):
        assert sum(r.commitments for r in rows) == monitor.commitments
        assert sum(r.actuals for r in rows) == monitor.actuals
        assert sum(r.forecast for r in rows) == monitor.forecast
    by_stage = {r.key: r for r in hnb_spend_by_key_stage(**when)}
    assert set(by_stage) == {"ks3", "ks4", None}
    assert by_stage[None].label == "Place funding (not by pupil)" and by_stage[None].pupils == 0
    assert by_stage["ks4"].pupils == 1


def test_unit_costs_per_pupil_and_per_hour(la, county):
    units = hnb_unit_costs(local_authority=la, financial_year=2026)
    first_days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 12, 18))
    second_days = weekdays(dt.date(2026, 11, 2), dt.date(2027, 2, 26))
    placement_cost = sum(
        Commitment.objects.filter(financial_year=2026, payer="la")
        .exclude(kind=CommitmentKind.PLACE_FUNDING)
        .values_list("amount", flat=True)
    )
    hours = Decimal(first_days + second_days) * 6 / 5 * Decimal("2.5")
    assert (units.pupils, units.hours, units.placement_cost) == (2, hours, placement_cost)
    assert units.per_pupil == (placement_cost / 2).quantize(PENNY, rounding=ROUND_HALF_UP)
    assert units.per_hour == (placement_cost / hours).quantize(PENNY, rounding=ROUND_HALF_UP)


def test_the_page_and_the_csv_show_the_same_totals(client, la, la_finance, county):
    client.force_login(la_finance)
    monitor = hnb_monitor(local_authority=la, financial_year=2026, as_at=dt.date.today())
    response = client.get(reverse("funding:hnb-dashboard"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    from apcommission.core.templatetags.money import money, money_whole

    for figure in (monitor.budget, monitor.commitments, monitor.forecast, monitor.variance):
        assert money(figure) in page and money_whole(figure) in page
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("funding:hnb-csv"), {"year": 2026}).content.decode("utf-8-sig")))
    )
    assert rows[0] == ["Month", "Budget", "Commitments", "Actuals", "Forecast outturn", "Variance"]
    assert rows[1][0] == "April 2026" and len(rows) == 14
    assert [Decimal(x) for x in rows[-1][1:]] == [
        monitor.budget,
        monitor.commitments,
        monitor.actuals,
        monitor.forecast,
        monitor.variance,
    ]
    assert sum(Decimal(r[2]) for r in rows[1:13]) == monitor.commitments


def test_only_approved_invoices_are_actuals_in_the_month_their_period_ends(la, county):
    assert Invoice.objects.filter(status="received", period_end=dt.date(2026, 10, 31)).exists()
    monitor = hnb_monitor(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    september, october = monitor.months[5], monitor.months[6]
    assert (september.month, october.month) == (dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    # The approved invoice, September's place funding and the first placement's lump sum.
    assert september.actuals == Decimal("1026.00") + Decimal("8333.33") + Decimal("500")
    # October's invoice is waiting for a decision: only place funding is actual.
    assert october.actuals == Decimal("8333.33")
    # and October's top-up is still forecast from the commitment.
    assert october.forecast == october.commitments


def test_unit_costs_for_several_years_at_once_match_each_year_alone(la, county, school_a):
    la_paid_placement(pupil__home_school=school_a, start_date=dt.date(2025, 6, 2), end_date=dt.date(2025, 6, 13))
    commitments_refresh(local_authority=la)
    by_year = hnb_unit_costs_by_year(local_authority=la, financial_years=[2024, 2025, 2026])
    for year in (2025, 2026):
        assert by_year[year] == hnb_unit_costs(local_authority=la, financial_year=year)
    assert by_year[2025].pupils == 1 and by_year[2025].placement_cost == cost(Decimal("285.00"), 10)
    assert (by_year[2024].pupils, by_year[2024].placement_cost) == (0, Decimal("0.00"))


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_dashboards_figures_at_once_equal_each_selector_alone(la, county, school_a, year):
    """The dashboard sums commitments, invoices and uninvoiced months once, grouped by every
    dimension, and adds them up by month and dimension: the same figures as each selector."""
    from funding.selectors import hnb_dashboard_figures, hnb_spend_by

    spans_august = la_paid_placement(
        pupil__home_school=school_a,
        pupil__date_of_birth=dt.date(2012, 6, 3),  # Year 9 in 2025/26, Year 10 (key stage 4) in 2026/27
        start_date=dt.date(2026, 6, 8),
        end_date=dt.date(2026, 10, 23),
    )
    for start, end, amount in (
        (dt.date(2026, 6, 8), dt.date(2026, 7, 17), Decimal("1710.33")),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 30), Decimal("1881.01")),
    ):
        invoice = InvoiceFactory(placement=spans_august, period_start=start, period_end=end, amount=amount)
        invoice.status = "approved"
        invoice.save()
    early = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2025, 10, 6), end_date=dt.date(2026, 5, 22)
    )
    invoice = InvoiceFactory(
        placement=early, period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 4, 30), amount=Decimal("999.99")
    )
    invoice.status = "approved"
    invoice.save()
    commitments_refresh(local_authority=la)
    for as_at in (dt.date(2025, 12, 31), dt.date(2026, 9, 1), dt.date(2026, 11, 30), dt.date(2027, 6, 1)):
        figures = hnb_dashboard_figures(local_authority=la, financial_year=year, as_at=as_at)
        monitor = hnb_monitor(local_authority=la, financial_year=year, as_at=as_at)
        assert figures.monitor.months == monitor.months
        assert (figures.monitor.refresh, figures.monitor.deficit) == (monitor.refresh, monitor.deficit)
        assert figures.monitor.budget_lines == monitor.budget_lines
        for dimension in ("route", "provider_type", "key_stage"):
            alone = hnb_spend_by(local_authority=la, financial_year=year, dimension=dimension, as_at=as_at)
            assert figures.spend[dimension] == alone
        assert figures.unit_costs == hnb_unit_costs(local_authority=la, financial_year=year)
    assert len(figures.spend["key_stage"]) >= (3 if year == 2026 else 1)
