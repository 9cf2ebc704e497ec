"""Per-pupil rates (AWPU by year-group band, pupil premium) that finance enters or imports, for
each financial year: the A of the exclusion adjustment (funding.recoupment_rule)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apcommission.core.models import Organisation

from ..csv_values import parse_amount, parse_financial_year
from ..models import BANDS_BY_KIND, PerPupilRate, RateBand, RateKind
from ._common import check_finance, check_money, money_problem, raise_if, save_upsert

RATE_CSV_COLUMNS = ("financial_year", "kind", "band", "amount")

_KIND_WORDS = {"awpu": RateKind.AWPU, "basic entitlement": RateKind.AWPU}
_KIND_WORDS.update(
    {"pupil premium": RateKind.PUPIL_PREMIUM, "pupil_premium": RateKind.PUPIL_PREMIUM, "pp": RateKind.PUPIL_PREMIUM}
)
_BAND_WORDS = {
    "primary": RateBand.PRIMARY,
    "ks3": RateBand.KS3,
    "key stage 3": RateBand.KS3,
    "ks4": RateBand.KS4,
    "key stage 4": RateBand.KS4,
    "secondary": RateBand.SECONDARY,
    "looked after": RateBand.LOOKED_AFTER,
    "looked_after": RateBand.LOOKED_AFTER,
    "looked-after": RateBand.LOOKED_AFTER,
}


def band_problem(kind: str, band: str) -> str:
    if kind not in RateKind.values:
        return "Select AWPU or pupil premium"
    if band not in BANDS_BY_KIND[RateKind(kind)]:
        allowed = ", ".join(RateBand(b).label.lower() for b in BANDS_BY_KIND[RateKind(kind)])
        return f"{RateKind(kind).label} rates are for these bands: {allowed}"
    return ""


def per_pupil_rate_set(
    *, user, local_authority: Organisation, financial_year: int, kind: str, band: str, amount: Decimal
) -> PerPupilRate:
    """Enter (or correct) the full-year amount for a pupil of a band in a financial year."""
    check_finance(user, local_authority.pk)
    errors: dict = {}
    problem = band_problem(kind, band)
    if problem:
        errors["band"] = problem
    check_money(errors, "amount", amount, allow_zero=False)
    raise_if(errors)
    with transaction.atomic():
        return save_upsert(
            PerPupilRate,
            user=user,
            lookup={"local_authority": local_authority, "financial_year": financial_year, "kind": kind, "band": band},
            values={"amount": Decimal(amount), "recorded_by": user},
        )


def _row_values(row: dict) -> tuple[int, str, str, Decimal]:
    year = parse_financial_year(row.get("financial_year", ""))
    kind = _KIND_WORDS.get((row.get("kind") or "").strip().lower())
    if kind is None:
        raise ValueError("Enter the kind as AWPU or pupil premium")
    band = _BAND_WORDS.get((row.get("band") or "").strip().lower())
    if band is None:
        raise ValueError("Enter the band as primary, KS3, KS4, secondary or looked after")
    problem = band_problem(kind, band)
    if problem:
        raise ValueError(problem)
    amount = parse_amount(row.get("amount", ""), "amount")
    problem = money_problem(amount, allow_zero=False)
    if problem:
        raise ValueError(problem)
    return year, kind, band, amount


def per_pupil_rates_import(*, user, local_authority: Organisation, rows: list[tuple[int, dict]]) -> int:
    """Import rates from CSV rows ((row number, {column: text})): all or nothing. A ValidationError
    lists every row's problem ("Row 3: …"); nothing is saved unless every row is right."""
    check_finance(user, local_authority.pk)
    problems, values = [], []
    for number, row in rows:
        try:
            values.append(_row_values(row))
        except ValueError as error:
            problems.append(f"Row {number}: {error}")
    if not rows:
        problems.append("The file has no rates in it")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for year, kind, band, amount in values:
            save_upsert(
                PerPupilRate,
                user=user,
                lookup={"local_authority": local_authority, "financial_year": year, "kind": kind, "band": band},
                values={"amount": amount, "recorded_by": user},
            )
    return len(values)
