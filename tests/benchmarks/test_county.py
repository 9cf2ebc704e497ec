"""The benchmark county follows the rules the services follow, at a small scale (COPY needs
PostgreSQL)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, F

from apcommission.core.education import key_stage_on
from benchmarks.county import LA_CODE, CountySize, build_county
from placements.models import AttendanceMark, Placement, PlacementReview, PlacementStatus, Pupil, StatusChange
from placements.selectors import peak_places_taken
from placements.services.booking import ALLOWED_TRANSITIONS
from placements.services.figures import figures_refresh
from placements.upn import upn_errors
from providers.models import SiteCapacity

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=False),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the county is written with PostgreSQL's COPY"),
]

TODAY = dt.date(2026, 11, 30)  # a Monday in the autumn term
YEARS = dt.timedelta(days=3650)


@pytest.fixture(scope="module")
def size():
    return CountySize().scaled(0.005)


@pytest.fixture
def county(size):
    return build_county(size=size, today=TODAY, seed=7)


def test_the_county_has_the_size_asked_for(county, size):
    assert county.counts["pupils"] == size.pupils and county.counts["placements"] == size.placements
    assert 0 < county.counts["attendance_marks"] <= size.attendance_marks
    assert county.counts["reviews"] <= size.reviews + 10
    assert county.counts["status_changes"] >= 3 * size.placements


def test_pupils_have_valid_upns_and_placements_the_key_stage_of_their_start(county):
    # The service accepts its own LAs' numbers (placements.services.pupils.known_la_codes), as here.
    upns = Pupil.objects.values_list("upn", flat=True)
    assert not [upn for upn in upns if upn_errors(upn, extra_la_codes=[LA_CODE])]
    for born, start, key_stage in Placement.objects.values_list("pupil__date_of_birth", "start_date", "key_stage"):
        assert key_stage_on(born, start) == key_stage


def test_every_status_change_is_an_allowed_transition_ending_at_the_placements_status(county):
    last = {}
    for placement_id, from_status, to_status in StatusChange.objects.order_by("placement_id", "at", "id").values_list(
        "placement_id", "from_status", "to_status"
    ):
        if from_status:
            assert to_status in ALLOWED_TRANSITIONS[from_status]
            assert last[placement_id] == from_status
        last[placement_id] = to_status
    assert last == dict(Placement.objects.values_list("pk", "status"))


def test_no_site_is_overbooked_on_any_day(county):
    for capacity in SiteCapacity.objects.all():
        peak = peak_places_taken(
            site=capacity.site_id,
            key_stage=capacity.key_stage,
            start=TODAY - dt.timedelta(days=3650),
            end=TODAY + dt.timedelta(days=400),
        )
        assert peak <= capacity.places


def test_marks_and_reviews_fall_within_their_placements_and_before_today(county):
    outside = AttendanceMark.objects.exclude(date__gte=F("placement__start_date"), date__lte=F("placement__end_date"))
    assert not outside.exists() and not AttendanceMark.objects.filter(date__gt=TODAY).exists()
    assert not AttendanceMark.objects.filter(date__week_day__in=[1, 7]).exists()  # no weekend marks
    assert not AttendanceMark.objects.values("placement", "date", "session").annotate(n=Count("id")).filter(n__gt=1)
    for review in PlacementReview.objects.select_related("placement"):
        assert review.placement.start_date <= review.review_date <= TODAY
        assert review.sessions_attended <= review.sessions_possible
    assert Placement.objects.filter(status=PlacementStatus.ACTIVE).exists()


def test_the_figures_refresh_runs_on_the_county(county):
    assert county.la.pk in figures_refresh(force=True)
