"""The header's entries are worked out once per set of roles, and are exactly what asking each
entry's view rule (core.permissions.can) for each request gives."""

import pytest
from django.urls import NoReverseMatch, reverse

from apcommission.core import navigation
from apcommission.core.models import Role
from apcommission.core.navigation import _all_items, navigation_for
from apcommission.core.permissions import can
from apcommission.core.scoping import scope_for
from tests.factories import MembershipFactory, ProviderOrganisationFactory, SchoolFactory, UserFactory


def _asked_every_time(user, scope) -> list[str]:
    """The entries as they were worked out before they were kept: every entry asked every time."""
    labels = []
    for item in _all_items():
        if not scope.has_role(*item.roles):
            continue
        try:
            reverse(item.url_name)
        except NoReverseMatch:
            continue
        if can(user, item.url_name):
            labels.append(item.label)
    return labels


def _member_of(la, *roles):
    user = UserFactory()
    for role in roles:
        if role == Role.SCHOOL_USER:
            organisation = SchoolFactory(organisation__local_authority=la).organisation
        elif role == Role.PROVIDER_USER:
            organisation = ProviderOrganisationFactory(local_authority=la)
        else:
            organisation = la
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.mark.parametrize(
    "roles",
    [(role,) for role in Role] + [(Role.LA_FINANCE, Role.FORUM_MEMBER), (Role.SCHOOL_USER, Role.PROVIDER_USER)],
    ids=lambda roles: "+".join(roles),
)
def test_the_entries_kept_for_the_roles_are_what_asking_each_view_gives(rf, la, roles):
    user = _member_of(la, *roles)
    request = rf.get("/")
    request.user = user
    scope = scope_for(user)
    expected = _asked_every_time(user, scope)
    for _ in range(2):  # worked out, then kept
        assert [entry["label"] for entry in navigation_for(request, scope)] == expected


def test_an_entry_whose_rule_has_a_test_of_its_own_is_asked_on_every_request(rf, la, monkeypatch):
    """The Users entry depends on whom the person manages, not only on their role: asked each time."""
    officer = _member_of(la, Role.LA_OFFICER)
    request = rf.get("/")
    request.user = officer
    assert "Users" in [entry["label"] for entry in navigation_for(request, scope_for(officer))]
    asked = []
    monkeypatch.setattr(navigation, "can", lambda user, url_name: asked.append(url_name) or False)
    labels = [entry["label"] for entry in navigation_for(request, scope_for(officer))]
    assert "Users" not in labels and "Providers" in labels
    assert asked == ["core:users"]
