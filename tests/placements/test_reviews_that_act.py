"""A review's decision changes the placement through the placement services, audited: extend to a
new end date, end with the outcome, reintegrate; change provider points to a new request."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apcommission.core.models import AuditEvent
from placements.models import PlacementStatus, StatusChange
from tests.placements.factories import PlacementFactory, record_review
from tests.providers.factories import SiteCapacityFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 5)


@pytest.fixture
def placement(school_a):
    placement = PlacementFactory(
        pupil__home_school=school_a,
        status=PlacementStatus.ACTIVE,
        start_date=TODAY - dt.timedelta(days=30),
        end_date=TODAY + dt.timedelta(days=30),
    )
    SiteCapacityFactory(site=placement.site, key_stage="ks3", places=1)
    return placement


def test_a_review_that_extends_moves_the_end_date_and_is_audited(la_officer, placement):
    new_end = TODAY + dt.timedelta(days=90)
    record_review(la_officer, placement, "extend", new_end_date=new_end, day=TODAY)
    placement.refresh_from_db()
    assert placement.end_date == new_end and placement.status == PlacementStatus.ACTIVE
    assert StatusChange.objects.filter(placement=placement, note__startswith="Extended to").exists()
    assert AuditEvent.objects.filter(object_id=str(placement.pk), action="change").exists()


def test_an_extension_needs_a_later_end_date(la_officer, placement):
    with pytest.raises(ValidationError) as refused:
        record_review(la_officer, placement, "extend", new_end_date=TODAY, day=TODAY)
    assert "new_end_date" in refused.value.message_dict
    with pytest.raises(ValidationError):
        record_review(la_officer, placement, "extend", day=TODAY)


def test_an_extension_into_a_full_site_is_refused_and_nothing_is_recorded(la_officer, placement):
    PlacementFactory(
        site=placement.site,
        status=PlacementStatus.BOOKED,
        start_date=placement.end_date + dt.timedelta(days=1),
        end_date=placement.end_date + dt.timedelta(days=60),
    )
    with pytest.raises(ValidationError) as refused:
        record_review(la_officer, placement, "extend", new_end_date=TODAY + dt.timedelta(days=60), day=TODAY)
    assert "no place free" in str(refused.value)
    assert not placement.reviews.exists()


def test_a_review_that_ends_the_placement_records_the_outcome(senco_school_a, placement):
    record_review(senco_school_a, placement, "end", outcome="new_mainstream", day=TODAY)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert placement.outcome == "new_mainstream" and placement.ended_on == TODAY


def test_a_review_that_reintegrates_ends_it_as_reintegrated(la_officer, placement):
    record_review(la_officer, placement, "reintegrate", day=TODAY)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED and placement.outcome == "reintegrated"


def test_a_review_to_end_needs_an_outcome(la_officer, placement):
    with pytest.raises(ValidationError) as refused:
        record_review(la_officer, placement, "end", day=TODAY)
    assert "outcome" in refused.value.message_dict


def test_a_review_to_change_provider_leaves_the_placement_running(la_officer, placement):
    record_review(la_officer, placement, "change_provider", day=TODAY)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
