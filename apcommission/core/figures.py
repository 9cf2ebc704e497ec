"""Figures shown to people: percentages rounded the one way the service rounds them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL_PLACE = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal place, halves rounded up; None when
    `whole` is zero (there is nothing to be a percentage of)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL_PLACE, ROUND_HALF_UP)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
_DAYS = tuple(day[:3] for day in _WEEKDAYS)  # the filter's "D" and "M": Mon, Sep
_MONTHS = tuple(month[:3] for month in _FULL_MONTHS)


def short_date(day: dt.date | None) -> str:
    """A date as lists show it, as the template filter `date:"j M Y"` writes it (7 Sep 2026): for
    rows written in Python, where the filter costs more than the rest of the row. None: ""."""
    return "" if day is None else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date_with_day(day: dt.date) -> str:
    """`date:"D j M Y"` (Mon 7 Sep 2026), as the task lists show due dates."""
    return f"{_DAYS[day.weekday()]} {short_date(day)}"


def full_date(day: dt.date) -> str:
    """`date:"j F Y"` (7 September 2026), the GOV.UK style for dates in text, for pages that write
    several in Python: the filter, and a translated month name put into a string, each look the
    language up again."""
    return f"{day.day} {_FULL_MONTHS[day.month - 1]} {day.year}"


def full_date_with_day(day: dt.date) -> str:
    """`date:"l j F Y"` (Monday 7 September 2026)."""
    return f"{_WEEKDAYS[day.weekday()]} {full_date(day)}"
