import pytest

from apcommission.core.models import Role
from providers.choices import ApprovalStatus
from tests.factories import MembershipFactory, UserFactory
from tests.providers.factories import ProviderFactory, QAReviewFactory


@pytest.fixture
def provider(la):
    """A provider of the fixture LA that has applied and is under review."""
    return ProviderFactory(
        organisation__name="Riverside Learning Centre",
        organisation__local_authority=la,
        status=ApprovalStatus.UNDER_REVIEW,
    )


@pytest.fixture
def approved_provider(la):
    return ProviderFactory(organisation__name="Orchard Vocational Hub", organisation__local_authority=la)


@pytest.fixture
def provider_user(provider):
    user = UserFactory(full_name="Pat Provider")
    MembershipFactory(user=user, organisation=provider.organisation, role=Role.PROVIDER_USER)
    return user


@pytest.fixture
def moderated_review(provider, la_officer, la_officer_2):
    return QAReviewFactory(provider=provider, author=la_officer, moderated_by=la_officer_2)
