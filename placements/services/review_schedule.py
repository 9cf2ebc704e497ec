"""When each active placement's next review is due, kept on the placement (Placement.review_due_by)
so that lists of reviews due read an index instead of working out every placement's schedule."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from ..models import Placement, PlacementStatus
from ..selectors import calendar_key_of, calendars_for, next_review_due
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
    # Plain rows with only what the rule reads (the calendar's school and LA, the start, the last
    # review): the whole LA's active placements are read each morning.
    rows = list(
        active.annotate(last_review=Max("reviews__review_date"))
        .order_by()
        .values_list(
            "pk",
            "pupil_id",
            "start_date",
            "review_due_by",
            "last_review",
            "pupil__home_school_id",
            "pupil__home_school__organisation__local_authority_id",
            "pupil__home_la_id",
        )
    )
    keys = {pk: calendar_key_of(*where) for pk, _, _, _, _, *where in rows}
    calendars = calendars_for(set(keys.values()))
    changed = []
    pupil_ids = set()
    for pk, pupil_id, start_date, review_due_by, last_review, *_ in rows:
        due = next_review_due(calendar=calendars[keys[pk]], start_date=start_date, last_review=last_review)
        if due != review_due_by:
            changed.append(Placement(pk=pk, review_due_by=due))
            pupil_ids.add(pupil_id)
    # A derived date, not a change to the child's record: no history row, no audit entry.
    Placement.objects.bulk_update(changed, ["review_due_by"], batch_size=1000)
    # The review due is a deadline on the clock (its reminders and task lists) too.
    pupil_ids = sorted(pupil_ids)
    for start in range(0, len(pupil_ids), 500):
        deadlines_refresh(pupil_ids=pupil_ids[start : start + 500])
    return len(changed)
