"""What a placement costs month by month: its weekly cost spread over the school days of each
calendar month it runs in (placements/costs.py, docs/placements.md "Cost"). Funding's
commitments and High Needs Block monitoring read this; nothing here computes a cost of its own.

A placement runs from its start date to its end date, or to the day it ended when it ended (or
broke down) early. Each month's cost is `committed_cost(weekly=…, school_days=…)` for the school
days of the pupil's school in that month: the same rule, and the same rounding to pence, as the
placement's total committed cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from apcommission.core.years import month_end

from ..costs import SCHOOL_DAYS_PER_WEEK, committed_cost, hours_per_session
from ..models import Placement
from .calendars import calendar_key, calendars_for


@dataclass(frozen=True)
class PlacementMonth:
    """One placement's school days, sessions, hours and cost in one calendar month."""

    placement_id: int
    month: dt.date  # the first day of the month
    school_days: int
    sessions: Decimal
    hours: Decimal
    cost: Decimal


def placement_last_day(placement: Placement) -> dt.date:
    """The last day a placement is paid for: its end date, or the day it ended if that was earlier."""
    return placement.last_day


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month_end(month) + dt.timedelta(days=1)
    return months


def placement_months(
    placements: Iterable[Placement], *, weekly: dict[int, Decimal], within: tuple[dt.date, dt.date] | None = None
) -> list[PlacementMonth]:
    """Each placement's cost in each month it runs (optionally only between `within`'s two days).

    `weekly` gives each placement's weekly cost (its own `weekly_cost`, or an agreed rate instead);
    placements missing from it are skipped. Two queries for any number of placements (the school
    calendars); the placements must come with `pupil__home_school__organisation` loaded."""
    placements = [p for p in placements if p.pk in weekly]
    calendars = calendars_for({calendar_key(p) for p in placements})
    rows = []
    for placement in placements:
        first, last = placement.start_date, placement_last_day(placement)
        if within is not None:
            first, last = max(first, within[0]), min(last, within[1])
        calendar = calendars[calendar_key(placement)]
        for month in _months_between(first, last) if first <= last else []:
            days = len(calendar.school_days(max(first, month), min(last, month_end(month))))
            sessions = Decimal(days) * placement.sessions_per_week / SCHOOL_DAYS_PER_WEEK
            rows.append(
                PlacementMonth(
                    placement_id=placement.pk,
                    month=month,
                    school_days=days,
                    sessions=sessions,
                    hours=sessions * hours_per_session(),
                    cost=committed_cost(weekly=weekly[placement.pk], school_days=days),
                )
            )
    return rows
