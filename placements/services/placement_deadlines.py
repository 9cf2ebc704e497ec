"""The deadlines of a pupil's placements, on the clock beside the statutory ones
(docs/placements-clock.md):

- **Placement review**: each active placement's next review (the half-termly schedule,
  Placement.review_due_by). Held by whoever commissioned the placement (DfE, *Arranging
  alternative provision*, 2025: the commissioner reviews it): the LA's officers for an
  LA-commissioned placement, the home school's users for a school-commissioned one. Each cycle is
  its own row, keyed by what it counts from (the start, or the last review), so a review recorded
  meets it and the next cycle is reminded afresh.
- **Return to school under the reintegration plan**: a placement whose route needs a
  reintegration plan (short-term) is planned to end with the pupil back at school on its end
  date. Held by the home school, with the LA's officers told. Met when it ends "reintegrated";
  missed when it ends otherwise.
"""

from __future__ import annotations

import datetime as dt

from ..models import Commissioner, DeadlineKind, DeadlineStatus, DutyHolder, Outcome, Placement, PlacementStatus
from ..selectors import calendar_key
from .deadline_store import DeadlineSpec, school_days_late

ENDED_STATUSES = (PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN)


def review_key(placement: Placement, counted_from: dt.date) -> str:
    return f"review:{placement.pk}:{counted_from:%Y%m%d}"


def _holder(placement: Placement, *, school_holds: bool) -> dict:
    """The home school when it holds the task (and has been recorded), else the pupil's home LA."""
    pupil = placement.pupil
    school = pupil.home_school
    common = {"local_authority_id": pupil.home_la_id, "school_id": school.pk if school else None}
    if school_holds and school is not None:
        return {**common, "holder": DutyHolder.SCHOOL, "holder_organisation_id": school.organisation_id}
    return {**common, "holder": DutyHolder.LA, "holder_organisation_id": pupil.home_la_id}


def _review_spec(placement: Placement, reviews: list[dt.date], calendar) -> DeadlineSpec | None:
    if placement.status != PlacementStatus.ACTIVE or placement.review_due_by is None:
        return None
    counted_from = max(reviews, default=placement.start_date)
    last = f"last reviewed {counted_from:%-d %B %Y}" if reviews else f"started {placement.start_date:%-d %B %Y}"
    return DeadlineSpec(
        key=review_key(placement, counted_from),
        kind=DeadlineKind.PLACEMENT_REVIEW,
        pupil_id=placement.pupil_id,
        placement_id=placement.pk,
        starts_on=counted_from,
        due_on=placement.review_due_by,
        calendar=calendar,
        detail=f"At {placement.provider.name}, {last}",
        settled=(DeadlineStatus.OPEN, None),
        **_holder(placement, school_holds=placement.commissioner == Commissioner.SCHOOL),
    )


def _reintegration_spec(placement: Placement, calendar) -> DeadlineSpec | None:
    if not placement.route_snapshot.get("requires_reintegration_plan"):
        return None
    if placement.status == PlacementStatus.ACTIVE:
        settled = (DeadlineStatus.OPEN, None)
    elif placement.status in ENDED_STATUSES:
        reintegrated = placement.outcome == Outcome.REINTEGRATED
        settled = (DeadlineStatus.MET, placement.ended_on) if reintegrated else (DeadlineStatus.MISSED, None)
    else:
        return None
    return DeadlineSpec(
        key=f"reintegration:{placement.pk}",
        kind=DeadlineKind.REINTEGRATION,
        pupil_id=placement.pupil_id,
        placement_id=placement.pk,
        starts_on=placement.start_date,
        due_on=placement.end_date,
        calendar=calendar,
        detail=f"Back at school when the placement at {placement.provider.name} ends",
        officers_told=True,
        settled=settled,
        **_holder(placement, school_holds=True),
    )


def placement_specs(placements: list[Placement], reviews: dict[int, list[dt.date]], calendars: dict) -> list:
    """The review and reintegration deadlines of these placements (pupil__home_school__organisation
    and provider__organisation loaded); `reviews`: {placement id: review dates}."""
    specs = []
    for placement in placements:
        calendar = calendars[calendar_key(placement)]
        for spec in (
            _review_spec(placement, reviews.get(placement.pk, []), calendar),
            _reintegration_spec(placement, calendar),
        ):
            if spec is not None:
                specs.append(spec)
    return specs


def close_review_cycle(stale, *, placements: dict[int, Placement], reviews: dict[int, list[dt.date]], calendars):
    """A review cycle no longer current: met by the first review held after it began (late when
    after its due day), else no longer needed (the placement ended first). None for other kinds."""
    if stale.kind != DeadlineKind.PLACEMENT_REVIEW:
        return None
    held = [day for day in reviews.get(stale.placement_id, []) if day > stale.starts_on]
    if not held:
        return None
    placement = placements.get(stale.placement_id)
    met_on = min(held)
    late = school_days_late(calendars[calendar_key(placement)], stale.due_on, met_on) if placement else None
    return DeadlineStatus.MET, met_on, late
