"""Settings of the placements app that each LA may want to change, read when used (so tests and
deployments can override them in Django settings) with the defaults below.

- ``PLACEMENTS_REVIEW_INTERVAL``: ``"half term"`` (default; DfE, *Arranging alternative provision*,
  2025: "reviews at least half-termly") or a whole number of days between reviews.
- ``PLACEMENTS_FIRST_REVIEW_SETTLING_DAYS``: days after the start before the first review's half
  term is chosen (default 14), so a placement starting in the last days of a half term is not
  overdue at once. **[unsure]**: not in the guidance; an LA choice.
- ``PLACEMENTS_ATTENDANCE_ALERT_AM`` / ``PLACEMENTS_ATTENDANCE_ALERT_PM``: the time of day ("HH:MM",
  Europe/London) by which a session must be marked, and any absence given a reason, before the home
  school and the LA officers are alerted (defaults 10:30 and 14:00; the issue names 10:30).
- ``PLACEMENTS_PERSISTENT_ABSENCE_BELOW``: attendance percentage under which a pupil is flagged
  as persistently absent (default 90, DfE's definition: missing 10% or more of possible sessions).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

HALF_TERM = "half term"


def review_interval() -> str | int:
    """``"half term"`` or a number of days."""
    value = getattr(settings, "PLACEMENTS_REVIEW_INTERVAL", HALF_TERM)
    if isinstance(value, str) and value.strip().lower().replace("-", " ") == HALF_TERM:
        return HALF_TERM
    return int(value)


def first_review_settling_days() -> int:
    return int(getattr(settings, "PLACEMENTS_FIRST_REVIEW_SETTLING_DAYS", 14))


def _time(value: str | dt.time) -> dt.time:
    if isinstance(value, dt.time):
        return value
    hours, minutes = str(value).split(":")
    return dt.time(int(hours), int(minutes))


def attendance_alert_times() -> dict[str, dt.time]:
    """When each session's alert becomes due: {"am": 10:30, "pm": 14:00} by default."""
    return {
        "am": _time(getattr(settings, "PLACEMENTS_ATTENDANCE_ALERT_AM", "10:30")),
        "pm": _time(getattr(settings, "PLACEMENTS_ATTENDANCE_ALERT_PM", "14:00")),
    }


def persistent_absence_below() -> Decimal:
    return Decimal(str(getattr(settings, "PLACEMENTS_PERSISTENT_ABSENCE_BELOW", 90)))


# -- the statutory clock (docs/placements-clock.md) ----------------------------------------------


def remind_school_days_before() -> int:
    """``PLACEMENTS_REMIND_SCHOOL_DAYS_BEFORE``: the first reminder goes this many school days
    before a deadline (default 2). An LA choice, not in the guidance."""
    return int(getattr(settings, "PLACEMENTS_REMIND_SCHOOL_DAYS_BEFORE", 2))


def escalate_after_school_days() -> int:
    """``PLACEMENTS_ESCALATE_AFTER_SCHOOL_DAYS``: an LA duty still overdue this many school days
    after it was due is escalated to the LA's managers (default 2). An LA choice."""
    return int(getattr(settings, "PLACEMENTS_ESCALATE_AFTER_SCHOOL_DAYS", 2))


def health_duty_after_school_days() -> int:
    """``PLACEMENTS_HEALTH_DUTY_AFTER_SCHOOL_DAYS``: the LA's health-needs duty arises when a pupil
    will miss more than this many school days in an academic year (default 15; DfE, *Arranging
    education for children who cannot attend school because of health needs*). **[unsure]**: the
    guidance says "as soon as it is clear"; we make education due by the next school day of
    absence (the 16th)."""
    return int(getattr(settings, "PLACEMENTS_HEALTH_DUTY_AFTER_SCHOOL_DAYS", 15))


def governors_within_school_days() -> int:
    """``PLACEMENTS_GOVERNORS_WITHIN_SCHOOL_DAYS``: the governing board considers a permanent
    exclusion within this many school days (default 15; DfE exclusions guidance)."""
    return int(getattr(settings, "PLACEMENTS_GOVERNORS_WITHIN_SCHOOL_DAYS", 15))


def exclusion_latest_days_ahead() -> int:
    """``PLACEMENTS_EXCLUSION_LATEST_DAYS_AHEAD``: an exclusion or absence may be recorded up to
    "a term" ahead of today, taken as this many calendar days (default 105, 15 weeks)."""
    return int(getattr(settings, "PLACEMENTS_EXCLUSION_LATEST_DAYS_AHEAD", 105))


def max_suspension_days_per_year() -> int:
    """A pupil may be suspended for at most 45 school days in a school year (DfE guidance)."""
    return int(getattr(settings, "PLACEMENTS_MAX_SUSPENSION_DAYS_PER_YEAR", 45))


def remind_days_before_renewal() -> int:
    """``PLACEMENTS_REMIND_DAYS_BEFORE_RENEWAL``: a provider's QA review and its compliance
    documents are first reminded of this many days before they are due or expire (default 30, the
    issue's "30 days before"): a new certificate or a review visit takes weeks to arrange."""
    return int(getattr(settings, "PLACEMENTS_REMIND_DAYS_BEFORE_RENEWAL", 30))
