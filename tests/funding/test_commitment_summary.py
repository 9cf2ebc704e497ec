"""The committed costs summary (docs/adr/0005-maintained-figures.md): every High Needs Block figure
read from it equals the same figure summed directly from the commitments and invoices, on a world
with several routes and provider types, a placement spanning 31 August, invoices covering some
months, place funding, lump sums and a top-up a school pays; and it stays equal when finance
approves an invoice after the committed costs were worked out."""

import datetime as dt
from decimal import Decimal

import pytest

from funding.models import CommitmentPupilCount, CommitmentRefresh, CommitmentSummary, LumpSum
from funding.selectors import (
    hnb_dashboard_figures,
    hnb_dashboard_figures_direct,
    hnb_monitor,
    hnb_monitor_direct,
    hnb_year_totals,
)
from funding.services import commitments_refresh, invoice_decide
from providers.models import ProviderType
from tests.funding.factories import BudgetLineFactory, CommissionedPlacesFactory, InvoiceFactory, la_paid_placement
from tests.placements.factories import PlacementFactory, route_for

YEARS = (2025, 2026, 2027)
AS_AT = (dt.date(2025, 12, 31), dt.date(2026, 9, 1), dt.date(2026, 11, 30), dt.date(2027, 6, 1))


def _placement(school, route: str, provider_type: str, **kwargs):
    placement = la_paid_placement(pupil__home_school=school, **kwargs)
    placement.route = route_for(placement.pupil.home_la, route)
    placement.route_snapshot = placement.route.rules_snapshot()
    placement.save()
    provider = placement.provider
    provider.provider_type = provider_type
    provider.save()
    return placement


def _approved(placement, start, end, amount, status="approved"):
    invoice = InvoiceFactory(placement=placement, period_start=start, period_end=end, amount=Decimal(amount))
    invoice.status = status
    invoice.save()
    return invoice


@pytest.fixture
def world(la, school_a, school_b):
    BudgetLineFactory(local_authority=la, financial_year=2026, name="AP top-up", amount=Decimal("100000.00"))
    BudgetLineFactory(local_authority=la, financial_year=2025, name="AP top-up", amount=Decimal("55555.55"))
    spans_august = _placement(
        school_a,
        "awaiting_place",
        ProviderType.REGISTERED_INDEPENDENT_AP,
        pupil__date_of_birth=dt.date(2012, 6, 3),  # key stage 3 until 31 August 2026, then key stage 4
        start_date=dt.date(2026, 6, 8),
        end_date=dt.date(2026, 10, 23),
    )
    health = _placement(
        school_b,
        "health",
        ProviderType.HOSPITAL,
        pupil__date_of_birth=dt.date(2015, 2, 1),
        start_date=dt.date(2025, 10, 6),
        end_date=dt.date(2026, 5, 22),
    )
    excluded = _placement(
        school_a,
        "permanent_exclusion",
        ProviderType.PRU,
        pupil__date_of_birth=dt.date(2010, 9, 30),
        start_date=dt.date(2026, 1, 5),
        end_date=dt.date(2027, 3, 26),
        status="booked",
    )
    schools_own = PlacementFactory(
        pupil__home_school=school_a, status="active", start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 12, 18)
    )
    schools_own.weekly_cost = Decimal("300.00")
    schools_own.save()
    for code in ("awaiting_place", "health", "permanent_exclusion"):
        for year in (2025, 2026):
            LumpSum.objects.create(local_authority=la, route_code=code, financial_year=year, amount=Decimal("475.50"))
    pru = CommissionedPlacesFactory(local_authority=la, academic_year=2026, places=10)
    CommissionedPlacesFactory(local_authority=la, provider=pru.provider, academic_year=2025, places=7)
    _approved(spans_august, dt.date(2026, 6, 8), dt.date(2026, 7, 17), "1710.33")
    _approved(spans_august, dt.date(2026, 9, 1), dt.date(2026, 9, 30), "1881.01")
    _approved(health, dt.date(2026, 3, 1), dt.date(2026, 4, 30), "999.99")
    _approved(excluded, dt.date(2026, 1, 5), dt.date(2026, 1, 30), "1200.00", status="received")
    _approved(excluded, dt.date(2026, 2, 2), dt.date(2026, 2, 27), "1300.00", status="rejected")
    commitments_refresh(local_authority=la)
    return {"spans_august": spans_august, "health": health, "excluded": excluded}


def assert_summary_equals_direct(la):
    for year in YEARS:
        for as_at in AS_AT:
            summary = hnb_dashboard_figures(local_authority=la, financial_year=year, as_at=as_at)
            direct = hnb_dashboard_figures_direct(local_authority=la, financial_year=year, as_at=as_at)
            assert summary.monitor.months == direct.monitor.months
            assert summary.monitor.as_of == direct.monitor.as_of
            assert summary.spend == direct.spend
            assert summary.unit_costs == direct.unit_costs
            monitor = hnb_monitor(local_authority=la, financial_year=year, as_at=as_at)
            assert monitor.months == hnb_monitor_direct(local_authority=la, financial_year=year, as_at=as_at).months
            totals = hnb_year_totals(local_authority=la, financial_year=year, as_at=as_at)
            assert (totals.budget, totals.forecast, totals.variance, totals.as_of) == (
                direct.monitor.budget,
                direct.monitor.forecast,
                direct.monitor.variance,
                direct.monitor.as_of,
            )


def test_the_summary_gives_the_figures_summed_directly(la, world):
    assert CommitmentRefresh.objects.get(local_authority=la).summarised
    assert_summary_equals_direct(la)
    figures = hnb_dashboard_figures(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    assert {row.key for row in figures.spend["route"]} == {"awaiting_place", "health", "permanent_exclusion", None}
    assert {"ks3", "ks4"} <= {row.key for row in figures.spend["key_stage"]}
    assert figures.monitor.actuals > 0 and figures.monitor.forecast > figures.monitor.actuals


def test_approving_an_invoice_keeps_the_summary_equal_to_the_direct_sums(la, la_finance, world):
    excluded = world["excluded"]
    waiting = _approved(excluded, dt.date(2026, 10, 1), dt.date(2026, 11, 30), "2345.67", status="received")
    overlapping = _approved(excluded, dt.date(2026, 11, 1), dt.date(2027, 1, 29), "3456.78", status="received")
    before = hnb_dashboard_figures(local_authority=la, financial_year=2026, as_at=dt.date(2026, 12, 1))
    invoice_decide(user=la_finance, invoice=waiting, decision="approve", note="Agreed")
    assert_summary_equals_direct(la)
    invoice_decide(user=la_finance, invoice=overlapping, decision="approve", note="Agreed")
    assert_summary_equals_direct(la)
    after = hnb_dashboard_figures(local_authority=la, financial_year=2026, as_at=dt.date(2026, 12, 1))
    assert after.monitor.actuals == before.monitor.actuals + Decimal("2345.67") + Decimal("3456.78")
    january = _approved(excluded, dt.date(2026, 1, 5), dt.date(2026, 1, 30), "1.00", status="received")
    invoice_decide(user=la_finance, invoice=january, decision="reject", note="Sent twice")
    assert_summary_equals_direct(la)


def test_the_summary_counts_each_pupil_once_a_year(la, world):
    counts = {
        (row.dimension, row.key): row.pupils
        for row in CommitmentPupilCount.objects.filter(local_authority=la, financial_year=2026)
    }
    assert counts[("", None)] == 3  # the school's own placement is not the LA's
    assert counts[("key_stage", "ks3")] + counts[("key_stage", "ks4")] > counts[("", None)] - 1
    assert CommitmentSummary.objects.filter(local_authority=la, payer="school").exists()


def test_without_a_summary_the_pages_sum_directly(la, world):
    CommitmentRefresh.objects.filter(local_authority=la).update(summarised=False)
    CommitmentSummary.objects.filter(local_authority=la).delete()
    figures = hnb_dashboard_figures(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    direct = hnb_dashboard_figures_direct(local_authority=la, financial_year=2026, as_at=dt.date(2026, 11, 30))
    assert figures == direct
