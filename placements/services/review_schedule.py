"""When each active placement's next review is due, kept on the placement (Placement.review_due_by)
so that lists of reviews due read an index instead of working out every placement's schedule."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from ..models import Placement, PlacementStatus
from ..selectors import calendar_key, calendars_for, next_review_due
from .deadlines import deadlines_refresh


def review_schedule_refresh(*, placements: QuerySet | None = None, only_missing: bool = False) -> int:
    """Work out when each active placement's next review is due (next_review_due: half-termly by
    its pupil's school calendar, from the last review or the start) and store it on the placement,
    where the reviews-due list and the dashboard read it through an index. Run when a placement
    starts and when a review is recorded (in their transactions), and each morning by the figures
    refresh for every active placement (term dates or the interval setting may have changed);
    the review deadlines of those that changed follow.
    `only_missing`: only placements with no due date yet. Returns how many changed."""
    active = (placements if placements is not None else Placement.objects.all()).filter(status=PlacementStatus.ACTIVE)
    if only_missing:
        active = active.filter(review_due_by__isnull=True)
    rows = list(
        active.select_related("pupil__home_school__organisation")
        .annotate(last_review=Max("reviews__review_date"))
        .order_by()
    )
    calendars = calendars_for({calendar_key(p) for p in rows})
    changed = []
    for placement in rows:
        due = next_review_due(
            calendar=calendars[calendar_key(placement)],
            start_date=placement.start_date,
            last_review=placement.last_review,
        )
        if due != placement.review_due_by:
            placement.review_due_by = due
            changed.append(placement)
    # A derived date, not a change to the child's record: no history row, no audit entry.
    Placement.objects.bulk_update(changed, ["review_due_by"], batch_size=1000)
    # The review due is a deadline on the clock (its reminders and task lists) too.
    pupil_ids = sorted({p.pupil_id for p in changed})
    for start in range(0, len(pupil_ids), 500):
        deadlines_refresh(pupil_ids=pupil_ids[start : start + 500])
    return len(changed)
