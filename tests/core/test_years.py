"""One function maps any date to its financial year (1 April–31 March) and academic year
(1 September–31 August)."""

import datetime as dt

import pytest

from apcommission.core.education import academic_year_start
from apcommission.core.years import AcademicYear, FinancialYear, month_end, years_of


@pytest.mark.parametrize(
    ("day", "financial", "academic"),
    [
        (dt.date(2026, 3, 31), "2025-26", "2025/26"),
        (dt.date(2026, 4, 1), "2026-27", "2025/26"),
        (dt.date(2026, 8, 31), "2026-27", "2025/26"),
        (dt.date(2026, 9, 1), "2026-27", "2026/27"),
        (dt.date(2026, 11, 30), "2026-27", "2026/27"),
        (dt.date(2027, 1, 1), "2026-27", "2026/27"),
        (dt.date(2099, 12, 31), "2099-00", "2099/00"),
    ],
)
def test_a_date_falls_in_one_financial_and_one_academic_year(day, financial, academic):
    years = years_of(day)
    assert (years.financial.label, years.academic.label) == (financial, academic)
    assert years.financial.contains(day) and years.academic.contains(day)
    assert years.academic.start_year == academic_year_start(day)


def test_each_year_runs_from_its_first_to_its_last_day_in_twelve_months():
    fy, ay = FinancialYear(2026), AcademicYear(2026)
    assert (fy.first_day, fy.last_day) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert (ay.first_day, ay.last_day) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert fy.months[0] == dt.date(2026, 4, 1) and fy.months[-1] == dt.date(2027, 3, 1) and len(fy.months) == 12
    assert ay.months[0] == dt.date(2026, 9, 1) and ay.months[-1] == dt.date(2027, 8, 1)
    assert fy.previous() == FinancialYear(2025) and str(ay) == "2026/27"


def test_every_day_of_a_leap_year_maps_to_a_year_that_contains_it():
    day = dt.date(2028, 1, 1)
    while day.year == 2028:
        years = years_of(day)
        assert years.financial.first_day <= day <= years.financial.last_day
        assert years.academic.first_day <= day <= years.academic.last_day
        day += dt.timedelta(days=1)


def test_month_end():
    assert month_end(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
