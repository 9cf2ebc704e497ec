"""The years a funding page can show, and which one it shows when none is chosen."""

from __future__ import annotations

import datetime as dt

from apcommission.core.years import academic_year_label, financial_year_label, years_of

YEARS_EITHER_SIDE = 3


def financial_year_choices(today: dt.date) -> list[tuple[int, str]]:
    current = years_of(today).financial.start_year
    return [(y, financial_year_label(y)) for y in range(current + 1, current - YEARS_EITHER_SIDE - 1, -1)]


def academic_year_choices(today: dt.date) -> list[tuple[int, str]]:
    current = years_of(today).academic.start_year
    return [(y, academic_year_label(y)) for y in range(current + 1, current - YEARS_EITHER_SIDE - 1, -1)]


def chosen_year(value, *, choices: list[tuple[int, str]], default: int) -> int:
    """The year asked for in the query string, if it is one of the choices; else the default."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if year in {y for y, _ in choices} else default
