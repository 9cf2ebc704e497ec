"""Reading the values of an uploaded CSV row as finance and providers type them in a spreadsheet:
dates as 31/10/2026 (or 2026-10-31), amounts as 1500, 1,500.50 or £1,500.50. Each parser returns
the value or raises ValueError with a GOV.UK-style message naming the column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from apcommission.core.digits import is_ascii_digits

from .years_input import parse_year

UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: str, column: str) -> dt.date:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"Enter the {column}")
    match = UK_DATE.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (match := ISO_DATE.match(text)):
        parts = match.groups()
    if parts is None:
        raise ValueError(f"Enter the {column} as a date, like 31/10/2026")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(f"The {column} must be a real date") from None


def parse_amount(value: str, column: str) -> Decimal:
    text = (value or "").strip().replace(",", "").removeprefix("£").strip()
    if not text:
        raise ValueError(f"Enter the {column}")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"Enter the {column} as an amount in pounds, like 1500.50") from None
    if not amount.is_finite():
        raise ValueError(f"Enter the {column} as an amount in pounds, like 1500.50")
    return amount


def parse_whole_number(value: str, column: str) -> int:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"Enter the {column}")
    if not is_ascii_digits(text):
        raise ValueError(f"Enter the {column} as a whole number, like 12")
    return int(text)


def parse_financial_year(value: str, column: str = "financial year") -> int:
    return parse_year(value, column)
