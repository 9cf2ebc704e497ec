"""A signed-in user's scope is kept by the process between requests, by their scope version
(User.scope_version, read with the user's row on every request): every way of changing a
membership, or an organisation, gives the users concerned a new one, so a role taken away is gone
on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.core.models import Membership, Organisation, Role, User
from apcommission.core.scoping import forget_scope, read_for_request, scope_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory

USERS_PAGE = "core:users"  # LA officers, managers and administrators
PLAIN_PAGE = "core:accessibility"  # reads no memberships of its own


def _version(user) -> int:
    return User.objects.values_list("scope_version", flat=True).get(pk=user.pk)


def _reads_memberships(queries) -> bool:
    return any(Membership._meta.db_table in query["sql"] for query in queries.captured_queries)


def test_a_second_request_takes_the_scope_from_the_process(client, la_officer):
    client.force_login(la_officer)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse(PLAIN_PAGE)).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(PLAIN_PAGE)).status_code == 200
    assert _reads_memberships(first)
    assert not _reads_memberships(second)


def _switch_off_by_saving(membership):
    membership.is_active = False
    membership.save()


def _switch_off_by_update(membership):
    Membership.objects.filter(pk=membership.pk).update(is_active=False)


def _switch_off_by_bulk_update(membership):
    membership.is_active = False
    Membership.objects.bulk_update([membership], ["is_active"])


def _delete(membership):
    membership.delete()


def _delete_in_bulk(membership):
    Membership.objects.filter(pk=membership.pk).delete()


def _give_to_someone_else(membership):
    membership.user = UserFactory()
    membership.save()


def _give_to_someone_else_by_update(membership):
    Membership.objects.filter(pk=membership.pk).update(user=UserFactory())


@pytest.mark.parametrize(
    "revoke",
    [
        _switch_off_by_saving,
        _switch_off_by_update,
        _switch_off_by_bulk_update,
        _delete,
        _delete_in_bulk,
        _give_to_someone_else,
        _give_to_someone_else_by_update,
    ],
)
def test_a_role_taken_away_is_gone_on_the_very_next_request(client, la_officer, revoke):
    """Not through the service (which also ends the person's sessions), so that only the scope
    version stands between the change and the next request."""
    client.force_login(la_officer)
    assert client.get(reverse(USERS_PAGE)).status_code == 200
    assert client.get(reverse(USERS_PAGE)).status_code == 200  # the scope kept by the process
    revoke(Membership.objects.get(user=la_officer))
    assert client.get(reverse(USERS_PAGE)).status_code == 403


def test_a_role_given_counts_on_the_very_next_request(client, la):
    school = SchoolFactory(organisation__local_authority=la)
    user = UserFactory()
    MembershipFactory(user=user, organisation=school.organisation, role=Role.SCHOOL_USER)
    client.force_login(user)
    assert client.get(reverse(USERS_PAGE)).status_code == 403
    Membership.objects.bulk_create([Membership(user=user, organisation=la, role=Role.LA_OFFICER)])
    assert client.get(reverse(USERS_PAGE)).status_code == 200


def test_an_organisation_moved_to_another_la_changes_its_members_scopes(la):
    school = SchoolFactory(organisation__local_authority=la)
    user, other = UserFactory(), UserFactory()
    MembershipFactory(user=user, organisation=school.organisation, role=Role.SCHOOL_USER)
    before = _version(user), _version(other)
    elsewhere = LocalAuthorityFactory()
    organisation = school.organisation
    organisation.local_authority = elsewhere
    organisation.save()
    assert _version(user) != before[0] and _version(other) == before[1]
    moved = _version(user)
    Organisation.objects.filter(pk=organisation.pk).update(local_authority=la)
    assert _version(user) != moved and _version(other) == before[1]


def test_renaming_an_organisation_leaves_its_members_scopes(la):
    school = SchoolFactory(organisation__local_authority=la)
    user = UserFactory()
    MembershipFactory(user=user, organisation=school.organisation, role=Role.SCHOOL_USER)
    before = _version(user)
    organisation = Organisation.objects.get(pk=school.organisation.pk)
    organisation.name = "Renamed Academy"
    organisation.save()
    Organisation.objects.filter(pk=organisation.pk).update(name="Renamed Again Academy")
    assert _version(user) == before


def test_the_scope_kept_for_a_request_follows_the_version(la_officer, la):
    """Read for a request (the authentication backend marks the row): the scope is kept by the
    process and built again when the version read differs."""
    first = User.objects.get(pk=la_officer.pk)
    read_for_request(first)
    assert scope_for(first).la_ids == {la.pk}
    Membership.objects.filter(user=la_officer).update(is_active=False)
    again = User.objects.get(pk=la_officer.pk)
    read_for_request(again)
    assert scope_for(again).sees_nothing


def test_a_user_object_not_read_for_a_request_always_reads_memberships(la_officer, la):
    """A user held elsewhere (a task, a service, a test) may carry an old version: its scope is
    read from the database, as before."""
    scope_for(la_officer)
    forget_scope(la_officer)
    Membership.objects.filter(user=la_officer).update(is_active=False)
    assert scope_for(la_officer).sees_nothing


def test_a_new_user_has_a_version_no_other_user_had(db):
    """Random, not counted from 0: an id given out again (a rolled-back transaction, a restored
    backup) never meets a scope kept for the id before."""
    assert len({UserFactory().scope_version for _ in range(20)}) == 20
