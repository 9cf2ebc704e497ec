"""Money columns: pounds and pence as Decimal, never float, and never less than nothing unless a
model says so."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

ZERO = Decimal("0.00")


def money_field(verbose_name: str = "", **kwargs) -> models.DecimalField:
    """Pounds to the penny: up to £9,999,999,999.99."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs) if verbose_name else models.DecimalField(**kwargs)


def not_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}), name=name, violation_error_message="Amounts cannot be negative"
    )
