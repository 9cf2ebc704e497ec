"""Input rules with GOV.UK error messages, shared by forms and services."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

PENCE = Decimal("0.01")
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def to_pence(amount) -> Decimal:
    """Money rounded to pence at the point it enters the register (ROUND_HALF_UP)."""
    return Decimal(amount).quantize(PENCE, rounding=ROUND_HALF_UP)


def parse_money(value: str) -> Decimal:
    """Pounds and pence from what a person typed ("£1,250.5" -> 1250.50); never a float."""
    text = (value or "").strip().replace("£", "").replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
        raise ValidationError("Enter an amount in pounds and pence, like 95.50", code="invalid")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError("Enter an amount in pounds and pence, like 95.50", code="invalid")
    if amount < 0:
        raise ValidationError("The amount must be £0.00 or more", code="negative")
    if amount >= Decimal("100000000"):
        raise ValidationError("The amount must be less than £100,000,000", code="too_large")
    return to_pence(amount)


def normalise_postcode(value: str) -> tuple[str, str]:
    """(postcode with one space, its outward code / district), or a GOV.UK error."""
    text = re.sub(r"\s+", "", (value or "").upper())
    match = POSTCODE_RE.match(text)
    if not match:
        raise ValidationError("Enter a full UK postcode, like HR4 9AA", code="invalid")
    return f"{match[1]} {match[2]}", match[1]


def normalise_district(value: str) -> str:
    """A postcode district (outward code) such as HR4, from a district or a full postcode."""
    text = re.sub(r"\s+", "", (value or "").upper())
    match = POSTCODE_RE.match(text)
    if match:
        return match[1]
    if re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?", text):
        return text
    raise ValidationError("Enter a postcode district, like HR4", code="invalid")
