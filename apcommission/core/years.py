"""The two years the service counts in, and the one function that maps a date to both.

- **Financial year**: 1 April to 31 March. Budgets, the High Needs Block of the Dedicated Schools
  Grant, AWPU and the exclusion adjustment's funding period run on it (School and Early Years
  Finance (England) Regulations: "funding period" = 1 April to 31 March). Written "2026-27".
- **Academic year**: 1 September to 31 August. National Curriculum years, term dates, place
  funding and the school year a transfer-year pupil finishes run on it. Written "2026/27".

`years_of(day)` answers both for any date; every part of the service that needs a year asks it
(or `financial_year_start` / `academic_year_start`, the integers it is built from).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FINANCIAL_YEAR_START_MONTH = 4
ACADEMIC_YEAR_START_MONTH = 9


def academic_year_start(on: dt.date) -> int:
    """The calendar year in which the academic year containing `on` began (2026 for 2026/27)."""
    return on.year if on.month >= ACADEMIC_YEAR_START_MONTH else on.year - 1


def financial_year_start(on: dt.date) -> int:
    """The calendar year in which the financial year containing `on` began (2026 for 2026-27)."""
    return on.year if on.month >= FINANCIAL_YEAR_START_MONTH else on.year - 1


def academic_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _months_from(first: dt.date) -> tuple[dt.date, ...]:
    return tuple(
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(12)
    )


@dataclass(frozen=True, order=True)
class FinancialYear:
    """1 April `start_year` to 31 March the year after."""

    start_year: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, FINANCIAL_YEAR_START_MONTH, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def months(self) -> tuple[dt.date, ...]:
        """The first day of each of its twelve months, April first."""
        return _months_from(self.first_day)

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class AcademicYear:
    """1 September `start_year` to 31 August the year after."""

    start_year: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, ACADEMIC_YEAR_START_MONTH, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        return academic_year_label(self.start_year)

    @property
    def months(self) -> tuple[dt.date, ...]:
        """The first day of each of its twelve months, September first."""
        return _months_from(self.first_day)

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def previous(self) -> AcademicYear:
        return AcademicYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Years:
    """The financial year and the academic year a date falls in."""

    financial: FinancialYear
    academic: AcademicYear


def years_of(day: dt.date) -> Years:
    """The financial year (1 April–31 March) and academic year (1 September–31 August) of `day`.

    30 November 2026 → financial 2026-27, academic 2026/27; 1 May 2027 → financial 2027-28,
    academic 2026/27; 31 March 2027 → financial 2026-27; 31 August 2027 → academic 2026/27."""
    return Years(FinancialYear(financial_year_start(day)), AcademicYear(academic_year_start(day)))


def month_end(first_of_month: dt.date) -> dt.date:
    """The last day of the month that `first_of_month` starts."""
    following = dt.date(first_of_month.year + first_of_month.month // 12, first_of_month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
