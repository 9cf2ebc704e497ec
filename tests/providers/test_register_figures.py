"""The provider register panel's maintained figures (providers.RegisterFigures, docs/adr/0005):
each stored figure equals the same figure counted directly, a change through the services makes
the officers' home count for itself until the refresh recounts, and only one LA's staff read them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from apcommission.core.scoping import local_authority_scope, scope_for
from placements.services.figures import figures_refresh
from providers.choices import ConcernStatus, ProviderType
from providers.models import RegisterFigures
from providers.selectors.home import REGISTER_FIGURES, register_figures, register_figures_counted
from providers.services import concern_update, register_figures_refresh
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.providers.factories import (
    ChangeRequestFactory,
    ComplianceDocumentFactory,
    ConcernFactory,
    ProviderFactory,
    QAReviewFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def register(la):
    """Records of every kind the panel counts, in this LA and in another (not counted)."""
    other = LocalAuthorityFactory(name="Mercia County Council", la_code="998")
    mine = [
        ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.NON_SCHOOL_AP) for _ in range(2)
    ]
    theirs = ProviderFactory(organisation__local_authority=other)
    for provider in (*mine, theirs):
        QAReviewFactory(provider=provider)
        ComplianceDocumentFactory(provider=provider, expires_on=TODAY - dt.timedelta(days=3))
        ComplianceDocumentFactory(provider=provider, expires_on=TODAY + dt.timedelta(days=10))
        ComplianceDocumentFactory(provider=provider)  # expires in 200 days: not due
        ConcernFactory(provider=provider)
        ChangeRequestFactory(provider=provider)
    ConcernFactory(provider=mine[0], status=ConcernStatus.CLOSED, outcome="Resolved", closed_on=TODAY)
    return mine


def _stored(la) -> dict[str, int]:
    row = RegisterFigures.objects.get(local_authority=la)
    return {name: getattr(row, name) for name in REGISTER_FIGURES}


def test_each_stored_register_figure_equals_the_same_figure_counted_directly(la, register, la_officer):
    figures_refresh(force=True)
    row = RegisterFigures.objects.get(local_authority=la)
    assert row.on == TODAY and row.stale_since is None
    direct = register_figures_counted(scope=scope_for(la_officer), today=TODAY)
    assert direct == register_figures_counted(scope=local_authority_scope(la.pk), today=TODAY)
    assert _stored(la) == {name: direct[name] for name in REGISTER_FIGURES}
    assert _stored(la) == {"awaiting": 2, "due": 4, "concerns": 2, "changes": 2, "must_register": 0}


def test_a_change_through_the_services_is_counted_for_the_page_until_the_refresh_recounts(
    la, register, la_officer, la_officer_2
):
    figures_refresh(force=True)
    assert register_figures(user=la_officer, scope=scope_for(la_officer))[1] is not None  # read as stored
    concern = register[0].concerns.get(status=ConcernStatus.OPEN)
    concern_update(concern=concern, author=la_officer_2, status=ConcernStatus.CLOSED, outcome="Visited: resolved")
    assert RegisterFigures.objects.get(local_authority=la).stale_since is not None
    figures, as_of = register_figures(user=la_officer, scope=scope_for(la_officer))
    assert as_of is None and figures["concerns"] == 1  # counted for the page, so already right
    assert register_figures_refresh() == [la.pk]
    assert _stored(la)["concerns"] == 1 and RegisterFigures.objects.get(local_authority=la).stale_since is None
    assert register_figures_refresh() == []  # fresh: nothing to do


def test_the_officers_home_shows_the_stored_figures_and_when_they_were_counted(client, la, register, la_officer):
    figures_refresh(force=True)
    RegisterFigures.objects.filter(local_authority=la).update(due=99)
    client.force_login(la_officer)
    page = client.get(reverse("core:home")).content.decode()
    as_of = RegisterFigures.objects.get(local_authority=la).as_of
    assert "99 documents" in page and f"Figures as of {timezone.localtime(as_of):%H:%M}." in page


def test_figures_of_another_day_or_for_several_organisations_are_counted_for_the_page(la, register, school_a):
    figures_refresh(force=True)
    RegisterFigures.objects.filter(local_authority=la).update(due=99)
    both = UserFactory()
    MembershipFactory(user=both, organisation=la, role=Role.LA_OFFICER)
    MembershipFactory(user=both, organisation=school_a.organisation, role=Role.SCHOOL_USER)
    figures, as_of = register_figures(user=both, scope=scope_for(both))
    assert as_of is None and figures["due"] == 4
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=la, role=Role.LA_OFFICER)
    RegisterFigures.objects.filter(local_authority=la).update(on=TODAY - dt.timedelta(days=1))
    assert register_figures(user=officer, scope=scope_for(officer)) == (
        {"awaiting": 2, "due": 4, "concerns": 2, "changes": 2, "must_register": 0},
        None,
    )
