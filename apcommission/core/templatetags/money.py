"""Money as people read it: `{{ amount|money }}` gives £24,000.00, `{{ amount|money_whole }}`
gives £24,000 (pages about budgets). Built in to every template (settings TEMPLATES builtins).

Amounts are Decimal throughout the service; these filters only format, rounding half up, and show
a negative amount with a minus sign before the pound sign (−£1,250.00), as GOV.UK's style guide
writes them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

PENNY = Decimal("0.01")
POUND = Decimal("1")


def _formatted(value, places: Decimal) -> str:
    if value is None or value == "":
        return ""
    try:
        # Most amounts are Decimals already: quantized as they are, not through their text.
        amount = (value if type(value) is Decimal else Decimal(str(value))).quantize(places, ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    digits = f"{abs(amount):,.2f}" if places == PENNY else f"{abs(amount):,.0f}"
    return f"−£{digits}" if amount < 0 else f"£{digits}"


@register.filter
def money(value) -> str:
    """£ with thousands separators and pence: 24000 → £24,000.00."""
    return _formatted(value, PENNY)


@register.filter
def money_whole(value) -> str:
    """£ to the nearest pound (halves up): 24000.50 → £24,001."""
    return _formatted(value, POUND)
