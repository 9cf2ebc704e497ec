"""The cost of a placement from the provider's price list (docs/placements.md, "Cost").

Weekly cost by the price's unit, rounded to pence (rounding point 1):
  per session  = amount × sessions per week
  per day      = amount × sessions per week ÷ 2 (a school day is an AM and a PM session)
  per hour     = amount × hours per session × sessions per week   [unsure] hours per session
  per week     = amount (the weekly price quoted for the agreed pattern)
  place-year   = amount ÷ school weeks per year                    [unsure] 39 weeks
Total committed cost = weekly cost × school weeks from start to end date, where school weeks are
the pupil's school's school days in that period ÷ 5, rounded to pence (rounding point 2).
Both constants can be changed in settings (PLACEMENTS_SCHOOL_WEEKS_PER_YEAR, PLACEMENTS_HOURS_PER_SESSION).
The cost of a number of sessions (what an invoice for attended sessions should come to) is the
unrounded weekly cost × sessions ÷ sessions per week, rounded to pence once at the end.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

PENCE = Decimal("0.01")
SESSIONS_PER_DAY = 2
SCHOOL_DAYS_PER_WEEK = 5


def school_weeks_per_year() -> Decimal:
    return Decimal(str(getattr(settings, "PLACEMENTS_SCHOOL_WEEKS_PER_YEAR", 39)))


def hours_per_session() -> Decimal:
    return Decimal(str(getattr(settings, "PLACEMENTS_HOURS_PER_SESSION", "2.5")))


def to_pence(amount: Decimal) -> Decimal:
    return amount.quantize(PENCE, rounding=ROUND_HALF_UP)


def weekly_cost(*, unit: str, amount: Decimal, sessions_per_week: int) -> Decimal:
    """The cost of one school week of the placement, in pounds, rounded to pence."""
    return to_pence(_weekly(unit=unit, amount=amount, sessions_per_week=sessions_per_week))


def session_rate(*, unit: str, amount: Decimal, sessions_per_week: int) -> Decimal:
    """The price of one half-day session of the placement, unrounded (weekly cost ÷ sessions a week)."""
    return _weekly(unit=unit, amount=amount, sessions_per_week=sessions_per_week) / Decimal(sessions_per_week)


def cost_of_sessions(*, unit: str, amount: Decimal, sessions_per_week: int, sessions: int) -> Decimal:
    """The cost of `sessions` half-day sessions at the placement's rate, rounded to pence once."""
    return to_pence(session_rate(unit=unit, amount=amount, sessions_per_week=sessions_per_week) * sessions)


def _weekly(*, unit: str, amount: Decimal, sessions_per_week: int) -> Decimal:
    sessions = Decimal(sessions_per_week)
    if unit == "session":
        weekly = amount * sessions
    elif unit == "day":
        weekly = amount * sessions / SESSIONS_PER_DAY
    elif unit == "hour":
        weekly = amount * hours_per_session() * sessions
    elif unit == "week":
        weekly = amount
    elif unit == "place_year":
        weekly = amount / school_weeks_per_year()
    else:
        raise ValueError(f"Unknown price unit {unit!r}")
    return weekly


def committed_cost(*, weekly: Decimal, school_days: int) -> Decimal:
    """Weekly cost × (school days ÷ 5), rounded to pence."""
    return to_pence(weekly * Decimal(school_days) / SCHOOL_DAYS_PER_WEEK)
