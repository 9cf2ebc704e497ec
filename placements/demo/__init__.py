"""Demo data of the placements app for the fictional county of Marchshire (`manage.py seed_demo`):
pupils and their placements first, then the registers and reviews of the active ones."""

import datetime as dt

from django.utils import timezone

from ..models import Placement, PlacementStatus
from ..selectors import calendars_for
from ..services.deadlines import school_calendar_key
from . import clock, placements, records


def seed(*, la, schools, stdout) -> None:
    placements.seed(la=la, schools=schools, stdout=stdout)
    returning_this_week(la=la, school=schools[0] if schools else None)
    records.seed(la=la, schools=schools, stdout=stdout)


def returning_this_week(*, la, school, today: dt.date | None = None) -> None:
    """A short-term placement of the demo school's (else the LA's) ends in 3 school days, so that a
    return to school is on the demo task lists. Before the funding demo counts committed costs, so
    that a second run finds the same end date and changes nothing."""
    if school is None:
        return
    today = today or timezone.localdate()
    short_term = Placement.objects.filter(
        pupil__home_la=la, status=PlacementStatus.ACTIVE, route_snapshot__requires_reintegration_plan=True
    )
    returning = short_term.filter(pupil__home_school=school).order_by("pk").first() or (
        short_term.order_by("pk").first()
    )
    calendar = calendars_for({school_calendar_key(school)})[school_calendar_key(school)]
    back_on = calendar.add_school_days(today, 3)
    if returning is not None and returning.start_date <= back_on < returning.end_date:
        # A demo date, set as the placements seeder sets its dates: no history row.
        Placement.objects.filter(pk=returning.pk).update(end_date=back_on)


def seed_clock(*, la, schools, stdout) -> None:
    clock.seed(la=la, schools=schools, stdout=stdout)
