"""What the funding services share: who may change funding records, and money as finance enters it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.core.audit import audit_change, snapshot

from ..rules import finance_la_ids, is_finance_for

PENNY = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")


__all__ = ["finance_la_ids"]


def check_finance(user, la_id: int | None) -> None:
    if not is_finance_for(user, la_id):
        raise PermissionDenied("Only a finance officer of the local authority can do this")


def money_problem(value, *, what: str = "the amount", allow_zero: bool = True) -> str:
    """Why `value` is not an amount of money finance may enter ("" if it is): a number of pounds,
    not negative, to the penny."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return f"Enter {what} as a number, like 1500 or 1500.50"
    if not amount.is_finite():
        return f"Enter {what} as a number, like 1500 or 1500.50"
    if amount < 0:
        return f"{what[0].upper()}{what[1:]} cannot be negative"
    if amount == 0 and not allow_zero:
        return f"{what[0].upper()}{what[1:]} must be more than £0"
    if amount > MAX_AMOUNT:  # first: a number this large cannot even be rounded to the penny
        return f"{what[0].upper()}{what[1:]} must be less than £10,000,000,000"
    if amount != amount.quantize(PENNY):
        return f"Enter {what} to the nearest penny, like 1500.50"
    return ""


def check_money(errors: dict, field: str, value, *, what: str = "the amount", allow_zero: bool = True) -> None:
    problem = money_problem(value, what=what, allow_zero=allow_zero)
    if problem:
        errors[field] = problem


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def save_upsert(model, *, user, lookup: dict, values: dict):
    """Create the row `lookup` names with `values`, or change it; validate, save and audit (a
    double submit of the same form changes nothing the second time)."""
    obj = model.objects.select_for_update().filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        audit_change(user=user, obj=obj)
        return obj
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    if snapshot(obj) != before:
        obj.full_clean()
        obj.save()
        audit_change(user=user, obj=obj, before=before)
    return obj
