"""Core invariants: who can belong where, LAs at the top of the tree, URNs as on GIAS."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apcommission.core.models import Membership, Organisation, OrganisationKind, Role, School, User
from tests.factories import LocalAuthorityFactory, ProviderOrganisationFactory, SchoolFactory, UserFactory


def _clean_errors(membership) -> list[str]:
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    return error.value.message_dict["organisation"]


def test_a_school_user_cannot_belong_to_a_local_authority(la):
    membership = Membership(user=UserFactory(), organisation=la, role=Role.SCHOOL_USER)
    [message] = _clean_errors(membership)
    assert message == "A school user (SENCO or head) must belong to a school"
    assert message.endswith("school")  # GOV.UK error messages: a sentence without a full stop


def test_a_provider_user_cannot_belong_to_a_school(school_a):
    membership = Membership(user=UserFactory(), organisation=school_a.organisation, role=Role.PROVIDER_USER)
    [message] = _clean_errors(membership)
    assert message == "A provider user must belong to an alternative provision provider"
    assert message.endswith("alternative provision provider")


def test_an_la_officer_cannot_belong_to_a_school(school_a):
    membership = Membership(user=UserFactory(), organisation=school_a.organisation, role=Role.LA_OFFICER)
    [message] = _clean_errors(membership)
    assert message.endswith("local authority")


def test_membership_message_uses_an_before_a_vowel(school_a):
    membership = Membership(user=UserFactory(), organisation=school_a.organisation, role=Role.PROVIDER_USER)
    assert _clean_errors(membership) == ["A provider user must belong to an alternative provision provider"]


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        (Role.LA_OFFICER, "la"),
        (Role.FORUM_MEMBER, "la"),
        (Role.ADMINISTRATOR, "la"),
        (Role.SCHOOL_USER, "school"),
        (Role.PROVIDER_USER, "provider"),
    ],
)
def test_each_role_is_accepted_at_its_own_kind_of_organisation(la, school_a, role, organisation):
    target = {"la": la, "school": school_a.organisation, "provider": ProviderOrganisationFactory(local_authority=la)}
    Membership(user=UserFactory(), organisation=target[organisation], role=role).full_clean()


def test_a_user_holds_a_role_once_per_organisation(la, la_officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=la_officer, organisation=la, role=Role.LA_OFFICER)


def test_a_local_authority_has_no_parent(la):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=OrganisationKind.LOCAL_AUTHORITY, name="Sub Council", local_authority=la)


@pytest.mark.parametrize("kind", [OrganisationKind.SCHOOL, OrganisationKind.PROVIDER])
def test_schools_and_providers_must_be_in_a_local_authority(db, kind):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=kind, name="Nowhere School")


def test_an_la_and_its_schools_are_accepted(db):
    la = LocalAuthorityFactory(la_code="990")
    assert SchoolFactory(organisation__local_authority=la).organisation.local_authority == la


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345A", "ABCDEF", "12 345"])
def test_urn_must_be_six_digits(la, urn):
    organisation = Organisation.objects.create(kind="school", name="Urnless School", local_authority=la)
    with pytest.raises(ValidationError) as error:
        School(organisation=organisation, urn=urn, phase="primary", school_type="maintained").full_clean()
    assert "urn" in error.value.message_dict


def test_a_six_digit_urn_is_accepted_and_gov_uk_worded(la):
    organisation = Organisation.objects.create(kind="school", name="Right School", local_authority=la)
    School(organisation=organisation, urn="990123", phase="primary", school_type="maintained").full_clean()
    with pytest.raises(ValidationError) as error:
        School(organisation=organisation, urn="12345", phase="primary", school_type="maintained").full_clean()
    assert "Enter a URN of 6 digits, like 123456" in error.value.message_dict["urn"]


def test_la_number_must_be_three_digits(db):
    with pytest.raises(ValidationError) as error:
        Organisation(kind="la", name="Bad Council", la_code="99").full_clean()
    assert error.value.message_dict["la_code"] == ["Enter an LA number of 3 digits, like 884"]


def test_email_addresses_are_stored_in_lower_case(db):
    user = User.objects.create_user("Sam.Senco@Example.ORG", password="x", full_name="Sam Senco")
    assert user.email == "sam.senco@example.org"
    assert user.get_short_name() == "Sam"
