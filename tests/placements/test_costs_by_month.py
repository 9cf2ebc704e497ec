"""A placement's cost month by month and the cost of a number of sessions: the same rule and
rounding as its weekly and committed cost (placements/costs.py)."""

import datetime as dt
from decimal import Decimal

from placements.costs import committed_cost, cost_of_sessions, session_rate, weekly_cost
from placements.models import AttendanceMark
from placements.selectors import placement_last_day, placement_months, sessions_attended
from tests.placements.factories import PlacementFactory


def test_session_rate_and_cost_of_sessions_follow_the_weekly_cost():
    assert weekly_cost(unit="day", amount=Decimal("95.00"), sessions_per_week=6) == Decimal("285.00")
    assert session_rate(unit="day", amount=Decimal("95.00"), sessions_per_week=6) == Decimal("47.5")
    assert cost_of_sessions(unit="week", amount=Decimal("300.00"), sessions_per_week=7, sessions=5) == Decimal("214.29")
    assert cost_of_sessions(unit="place_year", amount=Decimal("19500"), sessions_per_week=10, sessions=10) == Decimal(
        "500.00"
    )


def test_a_placements_months_add_up_to_its_committed_cost(db):
    placement = PlacementFactory(status="active", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 30))
    months = placement_months([placement], weekly={placement.pk: Decimal("285.00")})
    assert [(m.month, m.school_days, m.cost) for m in months] == [
        (dt.date(2026, 3, 1), 22, Decimal("1254.00")),
        (dt.date(2026, 4, 1), 20, Decimal("1140.00")),  # Good Friday and Easter Monday
    ]
    assert sum(m.cost for m in months) == committed_cost(weekly=Decimal("285.00"), school_days=42)
    assert months[0].sessions == Decimal("26.4") and months[0].hours == Decimal("66.0")
    within = placement_months(
        [placement], weekly={placement.pk: Decimal("285.00")}, within=(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    )
    assert [m.month for m in within] == [dt.date(2026, 4, 1)]


def test_an_ended_placement_runs_to_the_day_it_ended(db):
    placement = PlacementFactory(status="ended", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 30))
    placement.ended_on = dt.date(2026, 3, 13)
    assert placement_last_day(placement) == dt.date(2026, 3, 13)
    months = placement_months([placement], weekly={placement.pk: Decimal("100.00")})
    assert [(m.school_days, m.cost) for m in months] == [(10, Decimal("200.00"))]
    assert placement_months([placement], weekly={}) == []  # no rate, nothing to spread


def test_sessions_attended_counts_present_and_late_in_the_period(db):
    placement = PlacementFactory(status="active", start_date=dt.date(2026, 10, 5))
    for day, session, mark in (
        (dt.date(2026, 10, 5), "am", "present"),
        (dt.date(2026, 10, 5), "pm", "late"),
        (dt.date(2026, 10, 6), "am", "unauthorised"),
        (dt.date(2026, 10, 12), "am", "present"),
    ):
        AttendanceMark.objects.create(placement=placement, date=day, session=session, mark=mark)
    attended = sessions_attended(placement_ids=[placement.pk], start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 9))
    assert attended == {placement.pk: 2}
