"""A review's decision changes the placement through the placement services, audited: extend to a
new end date, end with the outcome, reintegrate; change provider points to a new request."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from apcommission.core.models import AuditEvent
from placements.models import PlacementStatus, StatusChange
from placements.services.reviews import ReviewDetails, review_record
from tests.placements.factories import PlacementFactory
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


def _review(user, placement, decision, **kwargs):
    return review_record(
        user=user,
        placement=placement,
        details=ReviewDetails(
            review_date=TODAY,
            attendees="Form tutor",
            progress="Good",
            pupil_what_is_working="Art",
            pupil_what_should_change="Less maths",
            decision=decision,
            submission_token=uuid.uuid4(),
            **kwargs,
        ),
        today=TODAY,
    )


def test_a_review_that_extends_moves_the_end_date_and_is_audited(la_officer, placement):
    new_end = TODAY + dt.timedelta(days=90)
    _review(la_officer, placement, "extend", new_end_date=new_end)
    placement.refresh_from_db()
    assert placement.end_date == new_end and placement.status == PlacementStatus.ACTIVE
    assert StatusChange.objects.filter(placement=placement, note__startswith="Extended to").exists()
    assert AuditEvent.objects.filter(object_id=str(placement.pk), action="change").exists()


def test_an_extension_needs_a_later_end_date(la_officer, placement):
    with pytest.raises(ValidationError) as refused:
        _review(la_officer, placement, "extend", new_end_date=TODAY)
    assert "new_end_date" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _review(la_officer, placement, "extend")


def test_an_extension_into_a_full_site_is_refused_and_nothing_is_recorded(la_officer, placement):
    PlacementFactory(
        site=placement.site,
        status=PlacementStatus.BOOKED,
        start_date=placement.end_date + dt.timedelta(days=1),
        end_date=placement.end_date + dt.timedelta(days=60),
    )
    with pytest.raises(ValidationError) as refused:
        _review(la_officer, placement, "extend", new_end_date=TODAY + dt.timedelta(days=60))
    assert "no place free" in str(refused.value)
    assert not placement.reviews.exists()


def test_a_review_that_ends_the_placement_records_the_outcome(senco_school_a, placement):
    _review(senco_school_a, placement, "end", outcome="new_mainstream")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert placement.outcome == "new_mainstream" and placement.ended_on == TODAY


def test_a_review_that_reintegrates_ends_it_as_reintegrated(la_officer, placement):
    _review(la_officer, placement, "reintegrate")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED and placement.outcome == "reintegrated"


def test_a_review_to_end_needs_an_outcome(la_officer, placement):
    with pytest.raises(ValidationError) as refused:
        _review(la_officer, placement, "end")
    assert "outcome" in refused.value.message_dict


def test_a_review_to_change_provider_leaves_the_placement_running(la_officer, placement):
    _review(la_officer, placement, "change_provider")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
