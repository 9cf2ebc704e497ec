"""When each placement's half-termly review is due (DfE, Arranging alternative provision, 2025:
at least half-termly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from apcommission.core.calendars import HalfTerm, SchoolCalendar
from apcommission.core.education import academic_year_start

from .. import conf
from ..models import Placement, PlacementStatus
from .calendars import calendar_key, calendars_for

#: A half term is about six weeks: the review interval used where no term dates were entered.
ESTIMATED_HALF_TERM = dt.timedelta(weeks=6)


ONE_DAY = dt.timedelta(days=1)


def _half_term_containing(calendar: SchoolCalendar, day: dt.date) -> HalfTerm | None:
    for term in calendar.terms_in(academic_year_start(day)) or []:
        if term.first_day <= day <= term.last_day:
            return term
    return None


def next_review_due(*, calendar: SchoolCalendar, start_date: dt.date, last_review: dt.date | None) -> dt.date:
    """When the next review is due (DfE, *Arranging alternative provision*, 2025: "at least
    half-termly"). By default: the first review by the end of the half term running when the
    placement has settled (placements.conf), then one in every following half term. With an
    interval in days (PLACEMENTS_REVIEW_INTERVAL), that many days after the last review or the start.
    Where no term dates were entered, six weeks stands in for a half term."""
    interval = conf.review_interval()
    basis = last_review or start_date
    if interval != conf.HALF_TERM:
        return basis + dt.timedelta(days=int(interval))
    if last_review is None:
        due = calendar.half_term_end_on_or_after(start_date + dt.timedelta(days=conf.first_review_settling_days()))
    else:
        current = _half_term_containing(calendar, last_review)
        # Reviewed inside a half term: the next one is due by the end of the following half term.
        # Reviewed in a holiday: by the end of the half term that comes next.
        due = calendar.half_term_end_on_or_after(current.last_day + ONE_DAY if current else last_review)
    return due or basis + ESTIMATED_HALF_TERM


@dataclass
class ReviewDue:
    placement: Placement
    last_review: dt.date | None
    due_by: dt.date
    overdue: bool


def reviews_due(*, user, today: dt.date, within_days: int = 14) -> list[ReviewDue]:
    """Active placements the user may see whose next review is overdue or due within
    `within_days`, most overdue first. Three queries whatever the number of placements (this
    feeds the dashboard now and the review reminders later)."""
    placements = list(
        Placement.objects.visible_to(user)
        .filter(status=PlacementStatus.ACTIVE)
        .select_related("pupil__home_school__organisation", "provider__organisation", "site")
        .annotate(last_review=Max("reviews__review_date"))
    )
    calendars = calendars_for({calendar_key(p) for p in placements})
    horizon = today + dt.timedelta(days=within_days)
    due = []
    for placement in placements:
        due_by = next_review_due(
            calendar=calendars[calendar_key(placement)],
            start_date=placement.start_date,
            last_review=placement.last_review,
        )
        if due_by <= horizon:
            due.append(ReviewDue(placement, placement.last_review, due_by, overdue=due_by < today))
    due.sort(key=lambda d: (d.due_by, d.placement.pupil.legal_last_name, d.placement.pk))
    return due
