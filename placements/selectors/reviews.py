"""When each placement's half-termly review is due (DfE, Arranging alternative provision, 2025:
at least half-termly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from apcommission.core.calendars import HalfTerm, SchoolCalendar
from apcommission.core.education import academic_year_start

from .. import conf
from ..models import Placement, PlacementReview, PlacementStatus

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


#: Reviews due within this many days show on the list (with those overdue).
DUE_WITHIN_DAYS = 14


def reviews_due_queryset(*, placements: QuerySet, today: dt.date, within_days: int = DUE_WITHIN_DAYS) -> QuerySet:
    """Active placements among `placements` whose next review is overdue or due within
    `within_days`, most overdue first: from each placement's maintained due date
    (Placement.review_due_by, kept by placements.services.reviews), read through the index of
    due dates, so a page of them costs the same whatever the number of placements."""
    return (
        placements.filter(status=PlacementStatus.ACTIVE, review_due_by__lte=today + dt.timedelta(days=within_days))
        .for_list()
        .order_by("review_due_by", "pk")
    )


def review_due_items(placements, *, today: dt.date) -> list[ReviewDue]:
    """A page of reviews_due_queryset as ReviewDue rows, with each placement's last review date
    (one query for the page)."""
    placements = list(placements)
    last = dict(
        PlacementReview.objects.filter(placement_id__in=[p.pk for p in placements])
        .values("placement_id")
        .annotate(last=Max("review_date"))
        .values_list("placement_id", "last")
    )
    return [ReviewDue(p, last.get(p.pk), p.review_due_by, overdue=p.review_due_by < today) for p in placements]


def reviews_due(*, user, today: dt.date, within_days: int = DUE_WITHIN_DAYS) -> list[ReviewDue]:
    """Every review the user may see that is overdue or due within `within_days`, most overdue
    first (two queries). Pages list them a page at a time from reviews_due_queryset."""
    due = reviews_due_queryset(placements=Placement.objects.visible_to(user), today=today, within_days=within_days)
    return review_due_items(due, today=today)
