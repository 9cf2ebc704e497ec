"""The one scoping path: what a signed-in user may see decides every list and detail page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from apcommission.core.models import Role, School
from apcommission.core.scoping import EMPTY_SCOPE, ScopedQuerySet, access_or_404, forget_scope, q_or_none, scope_for
from tests.factories import MembershipFactory, ProviderOrganisationFactory, UserFactory


class SchoolQuerySet(ScopedQuerySet):
    """Schools as an app would scope pupil-level data: LA staff see their LA's, a school user
    their own schools, nobody else anything (forum members only ever reach aggregates)."""

    def scope_filter(self, scope):
        return q_or_none(
            Q(organisation__local_authority_id__in=scope.la_ids) if scope.la_ids else None,
            Q(organisation_id__in=scope.school_ids) if scope.school_ids else None,
        )


def schools():
    return SchoolQuerySet(model=School)


# -- fail closed ---------------------------------------------------------------------------


def test_anonymous_visitor_sees_nothing(school_a):
    assert scope_for(AnonymousUser()) is EMPTY_SCOPE
    assert scope_for(None) is EMPTY_SCOPE
    assert not schools().visible_to(AnonymousUser()).exists()


def test_signed_in_user_with_no_membership_sees_nothing(school_a):
    stranger = UserFactory()
    assert scope_for(stranger).sees_nothing
    assert not schools().visible_to(stranger).exists()


def test_switched_off_membership_grants_nothing(la, school_a):
    user = UserFactory()
    MembershipFactory(user=user, organisation=la, role=Role.LA_OFFICER, is_active=False)
    assert scope_for(user).sees_nothing
    assert not schools().visible_to(user).exists()


def test_switched_off_user_sees_nothing_whatever_their_memberships(la_officer, school_a):
    la_officer.is_active = False
    la_officer.save()
    assert scope_for(la_officer) is EMPTY_SCOPE
    assert not schools().visible_to(la_officer).exists()


# -- what each role sees -------------------------------------------------------------------


def test_senco_of_two_schools_sees_both_and_no_other(la, school_a, school_b):
    from tests.factories import SchoolFactory

    third = SchoolFactory(organisation__name="Thirdwell School", organisation__local_authority=la)
    senco = UserFactory()
    MembershipFactory(user=senco, organisation=school_a.organisation, role=Role.SCHOOL_USER)
    MembershipFactory(user=senco, organisation=school_b.organisation, role=Role.SCHOOL_USER)
    scope = scope_for(senco)
    assert scope.school_ids == {school_a.organisation_id, school_b.organisation_id}
    assert not scope.la_ids and not scope.report_la_ids and not scope.is_la_staff
    assert set(schools().visible_to(senco)) == {school_a, school_b}
    assert third not in schools().visible_to(senco)


def test_senco_cannot_see_other_schools(senco_school_a, school_a, school_b):
    assert list(schools().visible_to(senco_school_a)) == [school_a]


@pytest.mark.parametrize("role", [Role.LA_OFFICER, Role.LA_FINANCE, Role.LA_MANAGER, Role.ADMINISTRATOR])
def test_la_staff_see_their_las_pupil_level_data_and_reports(la, school_a, school_b, role):
    user = UserFactory()
    MembershipFactory(user=user, organisation=la, role=role)
    scope = scope_for(user)
    assert scope.la_ids == {la.pk}
    assert scope.report_la_ids == {la.pk}
    assert scope.is_la_staff and scope.has_role(role)
    assert scope.orgs_with_role(role) == {la.pk}
    assert set(schools().visible_to(user)) == {school_a, school_b}


def test_la_staff_do_not_see_another_las_schools(la_officer, school_a):
    from tests.factories import SchoolFactory

    elsewhere = SchoolFactory(organisation__name="Far Away School")
    assert elsewhere not in schools().visible_to(la_officer)


def test_forum_member_reaches_only_aggregate_reports(forum_member, la, school_a):
    scope = scope_for(forum_member)
    assert scope.report_la_ids == {la.pk}
    assert not scope.la_ids and not scope.school_ids and not scope.provider_ids
    assert not scope.is_la_staff and not scope.sees_nothing
    assert not schools().visible_to(forum_member).exists()


def test_provider_user_acts_for_their_provider_only(la, school_a):
    provider = ProviderOrganisationFactory(local_authority=la)
    user = UserFactory()
    MembershipFactory(user=user, organisation=provider, role=Role.PROVIDER_USER)
    scope = scope_for(user)
    assert scope.provider_ids == {provider.pk}
    assert not scope.la_ids and not scope.school_ids and not scope.report_la_ids
    assert scope.has_role(Role.PROVIDER_USER) and not scope.has_role(Role.LA_OFFICER)
    assert not schools().visible_to(user).exists()


# -- caching -------------------------------------------------------------------------------


def test_scope_is_built_once_per_user_object_until_forgotten(la, school_a, django_assert_num_queries):
    user = UserFactory()
    MembershipFactory(user=user, organisation=school_a.organisation, role=Role.SCHOOL_USER)
    with django_assert_num_queries(1):
        first = scope_for(user)
        assert scope_for(user) is first
    MembershipFactory(user=user, organisation=la, role=Role.LA_OFFICER)
    assert scope_for(user) is first  # cached: the new membership is not seen yet
    forget_scope(user)
    assert scope_for(user).la_ids == {la.pk}
    forget_scope(UserFactory())  # nothing cached: no error


# -- detail pages: 404 for missing and for not-yours alike ---------------------------------


def test_access_or_404_returns_your_own_record(senco_school_a, school_a):
    assert access_or_404(schools(), senco_school_a, pk=school_a.pk) == school_a


def test_access_or_404_gives_404_for_a_record_that_is_not_yours(senco_school_a, school_b):
    with pytest.raises(Http404):
        access_or_404(schools(), senco_school_a, pk=school_b.pk)


@pytest.mark.parametrize("pk", [987654321, "not-a-number", None])
def test_access_or_404_gives_404_for_a_missing_or_malformed_id(senco_school_a, school_a, pk):
    with pytest.raises(Http404):
        access_or_404(schools(), senco_school_a, pk=pk)


def test_access_or_404_gives_the_same_404_to_a_stranger(school_a):
    with pytest.raises(Http404):
        access_or_404(schools(), UserFactory(), pk=school_a.pk)
