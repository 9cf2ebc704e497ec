"""School days for placements, behind one function so the calendar source can change.

Uses the shared school calendar (apcommission.core.calendars: the school's own term dates, else
its LA's, less bank holidays) and falls back to weekdays when it is not available."""

from __future__ import annotations

import datetime as dt


def school_days_between(*, school, local_authority, start: dt.date, end: dt.date) -> int:
    """School days from start to end inclusive at the pupil's school (or its LA's pattern)."""
    try:
        from apcommission.core.calendars import calendar_for
    except ImportError:  # pragma: no cover - the calendar arrived with the core-data issue
        return sum(1 for n in range((end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)
    return len(calendar_for(school=school, local_authority=local_authority).school_days(start, end))
