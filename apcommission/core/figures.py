"""Figures shown to people: percentages rounded the one way the service rounds them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL_PLACE = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal place, halves rounded up; None when
    `whole` is zero (there is nothing to be a percentage of)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL_PLACE, ROUND_HALF_UP)
