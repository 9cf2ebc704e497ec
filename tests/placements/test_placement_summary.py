"""The placement page's summaries, written in Python (placements.views.placement_summary): what an
officer reads of a placement, each value escaped as a template would escape it."""

import datetime as dt
from decimal import Decimal

import pytest

from placements.models import PlacementStatus
from placements.views.placement_summary import placement_summaries
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_free_text_is_escaped_with_its_line_breaks_kept():
    placement = PlacementFactory(objectives="Re-engage <script>alert(1)</script>\nwith maths", reintegration_plan="")
    html = placement_summaries(placement, needs=["Social, emotional & mental health"])
    assert "Re-engage &lt;script&gt;alert(1)&lt;/script&gt;<br>with maths" in html
    assert "<script>" not in html
    assert "Social, emotional &amp; mental health" in html
    # An empty plan, and no needs, read "None given".
    assert 'Reintegration plan</dt><dd class="govuk-summary-list__value">None given</dd>' in html
    assert 'Needs</dt><dd class="govuk-summary-list__value">None given</dd>' in str(
        placement_summaries(placement, needs=[])
    )


def test_the_cost_is_the_rate_at_booking_in_pounds_or_says_why_there_is_none():
    booked = PlacementFactory(
        status=PlacementStatus.ACTIVE,
        rate_amount=Decimal("1250.5"),
        rate_unit="week",
        weekly_cost=Decimal("1250.50"),
        committed_cost=Decimal("10804.32"),
    )
    html = placement_summaries(booked, needs=[])
    assert "£1,250.50 week" in html and "£10,804.32" in html
    unpriced = PlacementFactory(status=PlacementStatus.ACTIVE, rate_amount=None)
    assert "The provider's price list had no price for the start date." in placement_summaries(unpriced, needs=[])
    requested = PlacementFactory(status=PlacementStatus.REQUESTED, rate_amount=None)
    assert "taken from the provider's price list when the place is booked" in placement_summaries(requested, needs=[])


def test_an_ended_placement_gives_its_outcome_and_the_day_it_ended():
    placement = PlacementFactory(
        status=PlacementStatus.ENDED,
        ended_on=dt.date(2026, 11, 20),
        outcome="reintegrated",
        outcome_detail="Back <full time>",
    )
    html = placement_summaries(placement, needs=[])
    assert f"{placement.get_outcome_display()} (20 November 2026)<br>Back &lt;full time&gt;" in html
    assert "The local authority" in html  # no requesting school
