"""`{{ amount|thousands }}`: pounds as the Forum's tables print them, in £'000 with separators and
a minus sign (4,258; −378). Empty for no figure (the baseline has no in-year cost)."""

from django import template

from ..selectors.plans import in_thousands

register = template.Library()


@register.filter
def thousands(amount) -> str:
    value = in_thousands(amount)
    if value is None:
        return ""
    return f"−{abs(value):,}" if value < 0 else f"{value:,}"
