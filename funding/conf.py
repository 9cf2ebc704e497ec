"""Settings of the funding app, read when used (so tests and deployments can override them in
Django settings), with their defaults. docs/funding.md explains each; **[unsure]** ones are
choices the law leaves to the LA or does not settle.

- ``FUNDING_PLACE_RATE``: £ a commissioned place a year (default 10000: pre-16 AP place funding).
- ``FUNDING_SCHOOL_CONTRIBUTION``: a school's annual contribution (default 1500, Havering's proposal).
- ``FUNDING_PAYMENT_TERMS_DAYS``: days from receipt to payment when a provider has no terms of its
  own (default 30).
- ``FUNDING_RECOUPMENT_RELEVANT_DATE``: which date of the exclusion is the "relevant date":
  ``"first_day"`` (default, the first day of the exclusion) or ``"removed_from_roll_on"`` (the day
  the pupil came off roll, falling back to the first day). **[unsure]**
- ``FUNDING_RECOUPMENT_COUNT_BOTH_DAYS``: count complete weeks over the days from the relevant date
  to the end of the period *both included* (default True) or from the day after. **[unsure]**
- ``FUNDING_TRANSFER_YEARS``: the National Curriculum years that are transfer years when the
  school's own highest year is not recorded, by phase (default primary 6, middle 8, secondary 11,
  all-through 11). **[unsure]**
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

#: The rule the recoupment figures are computed under; stored on every calculation.
RECOUPMENT_RULE_VERSION = (
    "SEYFR 2024 reg 39: A × (B ÷ 52) + C, pupil premium the same way; admitting school D × (E ÷ F); "
    "each line rounded half up to the penny (v1)"
)

RELEVANT_DATE_CHOICES = ("first_day", "removed_from_roll_on")
DEFAULT_TRANSFER_YEARS = {"primary": 6, "middle": 8, "secondary": 11, "all_through": 11}


def place_rate() -> Decimal:
    return Decimal(str(getattr(settings, "FUNDING_PLACE_RATE", "10000")))


def school_contribution() -> Decimal:
    return Decimal(str(getattr(settings, "FUNDING_SCHOOL_CONTRIBUTION", "1500")))


def payment_terms_days() -> int:
    return int(getattr(settings, "FUNDING_PAYMENT_TERMS_DAYS", 30))


def relevant_date_rule() -> str:
    value = getattr(settings, "FUNDING_RECOUPMENT_RELEVANT_DATE", "first_day")
    if value not in RELEVANT_DATE_CHOICES:
        raise ValueError(f"FUNDING_RECOUPMENT_RELEVANT_DATE must be one of {RELEVANT_DATE_CHOICES}, not {value!r}")
    return value


def count_both_days() -> bool:
    return bool(getattr(settings, "FUNDING_RECOUPMENT_COUNT_BOTH_DAYS", True))


def transfer_years() -> dict[str, int]:
    return {**DEFAULT_TRANSFER_YEARS, **getattr(settings, "FUNDING_TRANSFER_YEARS", {})}
