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
