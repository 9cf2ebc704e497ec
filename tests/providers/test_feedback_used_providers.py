"""Termly feedback comes only from schools that used the provider (issue 3, item 4): a pupil of
the school has had a booked, active or ended placement there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements.models import PlacementStatus
from placements.selectors import school_has_used_provider
from providers.models import Feedback
from providers.services import feedback_give
from tests.placements.factories import PlacementFactory
from tests.providers.factories import ProviderFactory, SiteFactory

USED_ONLY = "You can only give feedback on providers your pupils have attended"


def _placement(provider, school, status):
    return PlacementFactory(pupil__home_school=school, site=SiteFactory(provider=provider), status=status)


def _give(provider, school, author, term="autumn"):
    return feedback_give(
        provider=provider, school=school.organisation, author=author, academic_year=2026, term=term, rating=4
    )


@pytest.mark.parametrize("status", [PlacementStatus.BOOKED, PlacementStatus.ACTIVE, PlacementStatus.ENDED])
def test_school_whose_pupil_was_placed_with_the_provider_has_used_it(approved_provider, school_a, status):
    _placement(approved_provider, school_a, status)
    assert school_has_used_provider(school_org_id=school_a.organisation_id, provider=approved_provider)


@pytest.mark.parametrize(
    "status",
    [
        PlacementStatus.REQUESTED,
        PlacementStatus.APPROVED,
        PlacementStatus.WAITING_LIST,
        PlacementStatus.DECLINED,
        PlacementStatus.WITHDRAWN,
    ],
)
def test_a_placement_that_never_started_is_not_use_of_the_provider(approved_provider, school_a, status):
    _placement(approved_provider, school_a, status)
    assert not school_has_used_provider(school_org_id=school_a.organisation_id, provider=approved_provider)


def test_another_schools_placement_or_another_provider_is_not_use(la, approved_provider, school_a, school_b):
    _placement(approved_provider, school_b, PlacementStatus.ENDED)
    _placement(ProviderFactory(organisation__local_authority=la), school_a, PlacementStatus.ENDED)
    assert not school_has_used_provider(school_org_id=school_a.organisation_id, provider=approved_provider)
    assert school_has_used_provider(school_org_id=school_b.organisation_id, provider=approved_provider)


def test_a_placement_the_school_requested_counts_after_the_pupil_moves_school(approved_provider, school_a, school_b):
    PlacementFactory(
        pupil__home_school=school_b,
        requesting_school=school_a,
        site=SiteFactory(provider=approved_provider),
        status=PlacementStatus.ENDED,
    )
    assert school_has_used_provider(school_org_id=school_a.organisation_id, provider=approved_provider)


def test_school_that_never_used_the_provider_cannot_give_feedback(approved_provider, school_a, senco_school_a):
    with pytest.raises(ValidationError) as refused:
        _give(approved_provider, school_a, senco_school_a)
    assert refused.value.message_dict == {"school": [USED_ONLY]}
    assert not Feedback.objects.exists()


def test_school_that_used_the_provider_gives_termly_feedback(approved_provider, school_a, senco_school_a):
    _placement(approved_provider, school_a, PlacementStatus.ENDED)
    feedback = _give(approved_provider, school_a, senco_school_a)
    assert feedback.school == school_a.organisation and feedback.provider == approved_provider


def test_feedback_page_shows_the_gov_uk_error_and_saves_nothing(client, approved_provider, senco_school_a):
    client.force_login(senco_school_a)
    response = client.post(
        reverse("providers:feedback-add", args=[approved_provider.pk]),
        {"academic_year": "2026", "term": "autumn", "rating": "4", "comments": "Never went there"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and USED_ONLY in page
    assert not Feedback.objects.exists()


def test_feedback_page_accepts_a_school_that_used_the_provider(client, approved_provider, school_a, senco_school_a):
    _placement(approved_provider, school_a, PlacementStatus.ACTIVE)
    client.force_login(senco_school_a)
    response = client.post(
        reverse("providers:feedback-add", args=[approved_provider.pk]),
        {"academic_year": "2026", "term": "autumn", "rating": "5"},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().school == school_a.organisation
