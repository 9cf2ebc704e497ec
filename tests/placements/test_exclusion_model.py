"""The exclusion record: its invariants in the database, and who may see it."""

import pytest
from django.db import IntegrityError, transaction

from apcommission.core.models import Role
from placements.models import Exclusion, ExclusionKind
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import ExclusionFactory, PlacementFactory


def test_a_suspension_needs_a_length_and_a_permanent_exclusion_has_none(school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExclusionFactory(pupil__home_school=school_a, kind=ExclusionKind.SUSPENSION, school_days=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExclusionFactory(pupil__home_school=school_a, kind=ExclusionKind.PERMANENT, school_days=3)
    assert ExclusionFactory(pupil__home_school=school_a, kind=ExclusionKind.PERMANENT).school_days is None


def test_only_a_permanently_excluded_pupil_comes_off_roll(school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExclusionFactory(pupil__home_school=school_a, removed_from_roll_on="2026-11-02")


def test_la_staff_and_both_schools_see_an_exclusion_others_do_not(
    la, la_officer, forum_member, senco_school_a, senco_school_b, school_a, school_b
):
    pupil_moved_school = ExclusionFactory(pupil__home_school=school_b, school=school_a)
    placement = PlacementFactory(pupil=pupil_moved_school.pupil, status="active")
    provider_user = UserFactory()
    MembershipFactory(user=provider_user, organisation=placement.provider.organisation, role=Role.PROVIDER_USER)
    other_la_school = SchoolFactory()
    ExclusionFactory(pupil__home_school=other_la_school)
    assert list(Exclusion.objects.visible_to(la_officer)) == [pupil_moved_school]
    assert list(Exclusion.objects.visible_to(senco_school_a)) == [pupil_moved_school]
    assert list(Exclusion.objects.visible_to(senco_school_b)) == [pupil_moved_school]
    assert not Exclusion.objects.visible_to(forum_member).exists()
    assert not Exclusion.objects.visible_to(provider_user).exists()
