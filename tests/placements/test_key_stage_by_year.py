"""A placement keeps its pupil's key stage per academic year: a Year 9 pupil placed in July is key
stage 3 in July and key stage 4 from 1 September, in the placement list, the key stage snapshot
(counted now and maintained) and the High Needs Block spend by key stage."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.core.education import key_stage_of, key_stage_on
from apcommission.core.models import KeyStage
from apcommission.core.scoping import local_authority_scope
from funding.models import Commitment
from funding.selectors import hnb_spend_by_key_stage
from funding.services import commitments_refresh
from placements.models import Placement, Pupil, PupilsInApCount
from placements.selectors import key_stage_snapshot, key_stage_snapshot_of, pupils_in_ap_by_key_stage
from placements.services.figures import local_authority_figures_count
from tests.funding.factories import InvoiceFactory, la_paid_placement
from tests.page_text import page_text
from tests.placements.factories import PlacementFactory, PupilFactory

D = dt.date
YEAR_9_IN_2025_26 = D(2012, 1, 15)  # Year 10 (key stage 4) from 1 September 2026
JULY, SEPTEMBER = D(2026, 7, 10), D(2026, 9, 10)


@pytest.fixture
def placed_in_july(la, school_a):
    """A Year 9 pupil's placement from 1 July to 30 October 2026, booked as key stage 3."""
    return la_paid_placement(
        pupil__home_school=school_a,
        pupil__date_of_birth=YEAR_9_IN_2025_26,
        pupil__legal_last_name="Julyplaced",
        key_stage="ks3",
        start_date=D(2026, 7, 1),
        end_date=D(2026, 10, 30),
    )


def test_the_database_works_out_the_same_key_stage_as_the_rule(la, school_a):
    births = [D(2012, 8, 31), D(2012, 9, 1), D(2011, 9, 1), D(2011, 8, 31), D(2008, 3, 1), D(2020, 12, 1)]
    days = [D(2026, 8, 31), D(2026, 9, 1), D(2027, 1, 4), D(2026, 3, 31)]
    for birth in births:
        PupilFactory(home_school=school_a, date_of_birth=birth)
    for day in days:
        found = Pupil.objects.annotate(stage=key_stage_of("date_of_birth", day)).values_list("date_of_birth", "stage")
        assert {(birth, stage) for birth, stage in found} == {(b, key_stage_on(b, day).value) for b in births}
    assert key_stage_on(YEAR_9_IN_2025_26, D(2026, 8, 31)) == "ks3"
    assert key_stage_on(YEAR_9_IN_2025_26, D(2026, 9, 1)) == "ks4"


def test_the_key_stage_filter_keeps_the_placements_the_rule_puts_in_that_key_stage(la, school_a):
    births = [D(2021, 9, 1), D(2018, 8, 31), D(2015, 1, 15), D(2012, 9, 1), D(2010, 3, 1), D(2008, 9, 1), D(2005, 1, 1)]
    for birth in births:
        PlacementFactory(pupil__home_school=school_a, pupil__date_of_birth=birth, start_date=D(2026, 1, 5))
    placements = Placement.objects.all()
    for day in (D(2025, 12, 1), D(2026, 8, 31), D(2026, 9, 1), D(2027, 6, 1)):
        expected = {p.pk: p.key_stage_on(day) for p in placements.select_related("pupil")}
        for stage in KeyStage:
            found = set(placements.in_key_stage_on(day, stage).values_list("pk", flat=True))
            assert found == {pk for pk, then in expected.items() if then == stage}, (day, stage)


def _list_on(client, day, **params):
    with mock.patch("django.utils.timezone.localdate", return_value=day), CaptureQueriesContext(connection) as q:
        response = client.get(reverse("placements:placement-list"), params)
    assert response.status_code == 200
    return page_text(response), len(q)


def test_the_list_shows_and_filters_by_the_key_stage_of_the_day(client, la_officer, placed_in_july):
    client.force_login(la_officer)
    client.get(reverse("core:home"))  # the first request stores the user's scope: counted from the second
    in_july, july_queries = _list_on(client, JULY)
    in_september, september_queries = _list_on(client, SEPTEMBER)
    hint = '<span class="govuk-hint govuk-!-font-size-16">Key stage {}</span>'
    assert hint.format(3) in in_july and hint.format(4) not in in_july
    assert hint.format(4) in in_september and hint.format(3) not in in_september
    assert "Julyplaced" in _list_on(client, JULY, key_stage="ks3")[0]
    assert "Julyplaced" not in _list_on(client, JULY, key_stage="ks4")[0]
    assert "Julyplaced" in _list_on(client, SEPTEMBER, key_stage="ks4")[0]
    assert "Julyplaced" not in _list_on(client, SEPTEMBER, key_stage="ks3")[0]
    assert july_queries == september_queries
    # After it ended, or before it starts: the key stage at that end of the placement.
    assert hint.format(4) in _list_on(client, D(2027, 6, 1))[0]
    assert hint.format(3) in _list_on(client, D(2026, 6, 1))[0]


def test_the_key_stage_adds_no_query_to_the_list(client, la_officer, placed_in_july, school_a):
    client.force_login(la_officer)
    client.get(reverse("core:home"))  # the first request stores the user's scope: counted from the second
    _, one = _list_on(client, SEPTEMBER)
    for _ in range(3):
        PlacementFactory(pupil__home_school=school_a, start_date=D(2026, 7, 1), end_date=D(2026, 10, 30))
    _, four = _list_on(client, SEPTEMBER)
    assert one == four


def test_the_placement_page_gives_each_academic_years_key_stage(client, la_officer, placed_in_july):
    client.force_login(la_officer)
    page = page_text(client.get(reverse("placements:placement-detail", args=[placed_in_july.pk])))
    assert "Key stage 3 (1 July 2026 to 31 August 2026)" in page
    assert "Key stage 4 (1 September 2026 to 30 October 2026)" in page
    assert [stage for *_, stage in placed_in_july.key_stages_by_year] == ["ks3", "ks4"]


def test_the_snapshot_counts_the_pupil_in_key_stage_3_in_july_and_4_in_september(la, placed_in_july):
    snapshot = key_stage_snapshot_of(local_authority_ids=[la.pk], first_date=JULY, second_date=SEPTEMBER, fresh=True)
    rows = {row.key_stage: (row.first, row.second) for row in snapshot.rows}
    assert rows["ks3"] == (1, 0) and rows["ks4"] == (0, 1)


@pytest.mark.parametrize("today", [D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)])
def test_the_maintained_counts_equal_a_direct_count_across_31_august(la, la_officer, placed_in_july, today):
    local_authority_figures_count(la_id=la.pk, today=today)
    placements = Placement.objects.visible_in(local_authority_scope(la.pk))
    days = set(PupilsInApCount.objects.filter(local_authority=la).values_list("day", flat=True))
    assert today in days
    for day in days:
        rows = PupilsInApCount.objects.filter(local_authority=la, day=day)
        stored = {row.key_stage: row.pupils for row in rows if row.pupils}
        assert stored == dict(+pupils_in_ap_by_key_stage(placements=placements, day=day))
    expected = "ks3" if today < D(2026, 9, 1) else "ks4"
    assert PupilsInApCount.objects.get(local_authority=la, day=today, key_stage=expected).pupils == 1
    maintained = key_stage_snapshot(user=la_officer, first_date=min(days), second_date=today)
    fresh = key_stage_snapshot_of(local_authority_ids=[la.pk], first_date=min(days), second_date=today, fresh=True)
    assert maintained == fresh


def test_the_spend_by_key_stage_puts_july_and_august_in_3_and_september_on_in_4(la, placed_in_july):
    approved = InvoiceFactory(
        placement=placed_in_july, period_start=D(2026, 9, 1), period_end=D(2026, 9, 30), amount=Decimal("1900.00")
    )
    approved.status = "approved"
    approved.save()
    commitments_refresh(local_authority=la)
    months = dict(
        Commitment.objects.filter(placement=placed_in_july, kind="top_up").values_list("month", "amount").order_by()
    )
    summer = months[D(2026, 7, 1)] + months[D(2026, 8, 1)]
    autumn = months[D(2026, 9, 1)] + months[D(2026, 10, 1)]
    assert summer > 0 and autumn > 0
    spend = hnb_spend_by_key_stage(local_authority=la, financial_year=2026, as_at=SEPTEMBER)
    by_stage = {row.key: row for row in spend}
    assert by_stage["ks3"].commitments == summer and by_stage["ks4"].commitments == autumn
    assert isinstance(by_stage["ks3"].commitments, Decimal)
    assert by_stage["ks3"].pupils == by_stage["ks4"].pupils == 1  # one pupil, in each key stage in turn
    assert by_stage["ks3"].cost_per_pupil == summer and by_stage["ks4"].cost_per_pupil == autumn
    # The same weekly cost (£95 a day, six sessions a week): each key stage's cost per hour is the same.
    assert by_stage["ks3"].cost_per_hour == by_stage["ks4"].cost_per_hour
    assert by_stage["ks4"].actuals == Decimal("1900.00") and by_stage["ks3"].actuals == 0
