"""The exclusion adjustment ("money follows the child") as arithmetic, with no database behind it.

School and Early Years Finance (England) Regulations (reg 39 in the 2024 edition; renumbered
yearly), as the domain brief (section 5) states it:

- the excluding school's budget is reduced by **A × (B ÷ 52) + C**: A the formula funding (AWPU)
  for a pupil of that age for the full funding period; B the number of **complete weeks** from the
  relevant date to the end of the funding period (31 March) — or, for a pupil in a transfer year
  excluded on or after 1 April, to the end of the school year (31 August); C any adjustment
  ordered after an independent review;
- pupil premium follows the pupil the same way: its own line, pupil premium × (B ÷ 52);
- an **admitting** school receives at least **D × (E ÷ F)**: D the excluding school's reduction,
  E the complete weeks remaining while the pupil is registered there, F the complete weeks
  remaining from the relevant date (so F = B).

Rounding: each line is worked out exactly and rounded to the penny once, halves up; the total is
the sum of the rounded lines (docs/funding.md). Every step is also written out in words a school
business manager can check with a calculator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from apcommission.core.templatetags.money import money
from apcommission.core.years import years_of

PENNY = Decimal("0.01")
WEEKS_IN_YEAR = 52
DAYS_IN_WEEK = 7
ZERO = Decimal("0.00")


def to_penny(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def complete_weeks(start: dt.date, end: dt.date, *, both_days: bool = True) -> tuple[int, int]:
    """(days, complete weeks) from `start` to `end`: both days counted by default, or from the day
    after `start`. Nothing when `start` is after `end`."""
    days = (end - start).days + (1 if both_days else 0)
    days = max(days, 0)
    return days, days // DAYS_IN_WEEK


def funding_period_end(relevant_date: dt.date, *, transfer_year: bool) -> tuple[dt.date, str]:
    """The day B counts to, and why: 31 March ending the financial year of the relevant date, or
    31 August ending the school year for a transfer-year pupil excluded on or after 1 April."""
    if transfer_year and 4 <= relevant_date.month <= 8:
        end = dt.date(relevant_date.year, 8, 31)
        return (
            end,
            "the end of the school year, because the pupil is in a transfer year and was excluded on or after 1 April",
        )
    end = years_of(relevant_date).financial.last_day
    return end, "the end of the funding period (the financial year)"


def _unrounded(amount: Decimal) -> str:
    return f"£{amount.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):,}"


def _line(rate: Decimal, weeks: int, of_weeks: int) -> tuple[Decimal, str]:
    """rate × weeks ÷ of_weeks, rounded once, and how it was worked out."""
    if of_weeks == 0:
        return ZERO, f"{money(rate)} × {weeks} ÷ {of_weeks}: nothing is due when there are no weeks to share"
    exact = rate * weeks / of_weeks
    rounded = to_penny(exact)
    return rounded, (
        f"{money(rate)} × {weeks} ÷ {of_weeks} = {money(rounded)} "
        f"({_unrounded(exact)} before rounding to the nearest penny)"
    )


@dataclass(frozen=True)
class Rate:
    """A per-pupil amount for the full year and the band it is for, as words."""

    amount: Decimal
    band_label: str
    year_label: str


@dataclass
class Adjustment:
    """An excluding school's reduction, or what an admitting school is due, with its words."""

    relevant_date: dt.date
    period_end: dt.date
    weeks: int  # B, or E for an admitting school
    awpu_amount: Decimal
    pupil_premium_amount: Decimal
    adjustment: Decimal
    total: Decimal
    weeks_from_relevant_date: int | None = None  # F
    arithmetic: list[str] = field(default_factory=list)


def exclusion_reduction(
    *,
    relevant_date: dt.date,
    relevant_date_words: str,
    transfer_year: bool,
    year_group: str,
    awpu: Rate,
    pupil_premium: Rate | None,
    adjustment: Decimal = ZERO,
    adjustment_reason: str = "",
    both_days: bool = True,
) -> Adjustment:
    """The excluding school's reduction: A × (B ÷ 52) + pupil premium × (B ÷ 52) + C."""
    period_end, why_end = funding_period_end(relevant_date, transfer_year=transfer_year)
    days, weeks = complete_weeks(relevant_date, period_end, both_days=both_days)
    awpu_amount, awpu_words = _line(awpu.amount, weeks, WEEKS_IN_YEAR)
    words = [
        f"Relevant date: {long_date(relevant_date)} ({relevant_date_words}).",
        f"The pupil was in {year_group} on that date"
        + (", a transfer year." if transfer_year else ", not a transfer year."),
        f"B counts to {long_date(period_end)}, {why_end}.",
        _weeks_words("B", relevant_date, period_end, days, weeks, both_days),
        f"A = {money(awpu.amount)}, the AWPU for {awpu.band_label} in {awpu.year_label}.",
        f"AWPU line = A × B ÷ 52 = {awpu_words}.",
    ]
    pp_amount = ZERO
    if pupil_premium is None:
        words.append("Pupil premium line = £0.00: the pupil is not recorded as eligible for pupil premium.")
    else:
        pp_amount, pp_words = _line(pupil_premium.amount, weeks, WEEKS_IN_YEAR)
        words.append(
            f"Pupil premium line = {money(pupil_premium.amount)} (pupil premium for {pupil_premium.band_label} "
            f"in {pupil_premium.year_label}) × B ÷ 52 = {pp_words}."
        )
    words.append(_adjustment_words("C", adjustment, adjustment_reason))
    total = awpu_amount + pp_amount + adjustment
    words.append(
        f"Reduction = AWPU line + pupil premium line + C = {money(awpu_amount)} + {money(pp_amount)} + "
        f"{money(adjustment)} = {money(total)}."
    )
    return Adjustment(relevant_date, period_end, weeks, awpu_amount, pp_amount, adjustment, total, None, words)


def admitting_amount(
    *,
    reduction: Decimal,
    pupil_premium_reduction: Decimal,
    relevant_date: dt.date,
    period_end: dt.date,
    admitted_on: dt.date,
    additional: Decimal = ZERO,
    additional_reason: str = "",
    both_days: bool = True,
) -> Adjustment:
    """What an admitting school is due at least: D × (E ÷ F), pupil premium the same way, plus any
    further amount agreed. D is the excluding school's reduction without its pupil premium line."""
    e_days, e_weeks = complete_weeks(admitted_on, period_end, both_days=both_days)
    f_days, f_weeks = complete_weeks(relevant_date, period_end, both_days=both_days)
    awpu_amount, awpu_words = _line(reduction, e_weeks, f_weeks)
    pp_amount, pp_words = _line(pupil_premium_reduction, e_weeks, f_weeks)
    total = awpu_amount + pp_amount + additional
    words = [
        f"D = {money(reduction)}, the excluding school's reduction (its AWPU line and C, without pupil premium).",
        f"The pupil joined on {long_date(admitted_on)}; the period ends on {long_date(period_end)}.",
        _weeks_words("E", admitted_on, period_end, e_days, e_weeks, both_days),
        _weeks_words("F", relevant_date, period_end, f_days, f_weeks, both_days),
        f"AWPU due = D × E ÷ F = {awpu_words}.",
        f"Pupil premium due = {money(pupil_premium_reduction)} (the excluding school's pupil premium line) "
        f"× E ÷ F = {pp_words}.",
        _adjustment_words("Further amount agreed", additional, additional_reason),
        f"Amount due (at least) = {money(awpu_amount)} + {money(pp_amount)} + {money(additional)} = {money(total)}.",
    ]
    return Adjustment(relevant_date, period_end, e_weeks, awpu_amount, pp_amount, additional, total, f_weeks, words)


def _weeks_words(letter: str, start: dt.date, end: dt.date, days: int, weeks: int, both_days: bool) -> str:
    counted = "both days counted" if both_days else "counting from the day after"
    return (
        f"{letter} = complete weeks from {long_date(start)} to {long_date(end)} ({counted}): "
        f"{days} days ÷ 7 = {weeks} complete weeks."
    )


def _adjustment_words(name: str, amount: Decimal, reason: str) -> str:
    if not amount:
        return f"{name} = £0.00: no adjustment."
    return f"{name} = {money(amount)}: {reason}."
