"""The signed-in user's row kept beside the session in Redis (core.signed_in): read with the
session in one round trip, never used once any user's row has changed since it was kept, and
holding no password hash. Run against a real Redis, as production's sessions are."""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.core import signed_in
from apcommission.core.models import Membership, User
from apcommission.core.models.users import scope_versions_change
from apcommission.core.services.sessions import sessions_end_everywhere
from tests.factories import MembershipFactory, OrganisationFactory

REDIS = os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/8")


def _redis_answers() -> bool:
    address = urlsplit(REDIS)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def kept_sessions(settings, worker_id):
    if not _redis_answers():
        pytest.skip(f"needs a Redis at {REDIS} (TEST_CACHE_URL)")
    settings.CACHES = {
        "default": {
            "BACKEND": "apcommission.core.redis_cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"test-signed-in-{worker_id}",  # parallel test processes keep apart
        }
    }
    settings.SESSION_ENGINE = "apcommission.core.signed_in"
    yield caches["default"]
    # Not clear(): that empties the Redis database of every parallel test process.
    caches["default"].delete(signed_in._generation_key())


def _user_reads(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries if '"core_user"' in q["sql"].split(" WHERE ")[0]]


def _signed_in_twice(client, user):
    client.force_login(user)
    client.get(reverse("core:home"))  # reads the row and keeps it


def test_a_signed_in_request_reads_the_user_with_its_session_not_from_the_database(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    response, reads = _user_reads(client, reverse("core:home"))
    assert response.status_code == 200
    assert response.context["user"].pk == la_officer.pk
    assert reads == []


def test_the_kept_row_holds_no_password_hash_and_the_password_is_still_checked(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    kept = kept_sessions.get(signed_in.ROW_KEY_PREFIX + client.session.session_key)
    assert "password" not in kept[1]
    assert la_officer.password not in repr(kept)
    response, _ = _user_reads(client, reverse("core:home"))
    user = response.context["user"]
    assert "password" not in user.__dict__
    assert user.check_password("not the password") is False  # read from the database when asked
    assert user.password == la_officer.password


def test_an_account_switched_off_by_an_update_ends_its_session_though_its_row_was_kept(
    client, la_officer, kept_sessions
):
    _signed_in_twice(client, la_officer)
    User.objects.filter(pk=la_officer.pk).update(is_active=False)  # no save(), no session_version
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_signing_out_everywhere_ends_a_session_whose_row_was_kept(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    sessions_end_everywhere(user=User.objects.get(pk=la_officer.pk))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302


def test_a_password_changed_elsewhere_ends_a_session_whose_row_was_kept(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    user = User.objects.get(pk=la_officer.pk)
    user.set_password("a new long passphrase 2026")
    user.save()
    assert client.get(reverse("core:home")).status_code == 302


def test_a_changed_membership_is_seen_on_the_next_request(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    other_la = OrganisationFactory()
    MembershipFactory(user=la_officer, organisation=other_la, role=Membership.objects.get(user=la_officer).role)
    response, reads = _user_reads(client, reverse("core:home"))
    assert reads, "the row kept before the membership changed was used"
    assert other_la.pk in response.context["request"].user._apc_scope.la_ids


def test_a_row_kept_before_any_user_changed_is_read_again(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    scope_versions_change([])  # nobody: nothing changes
    assert _user_reads(client, reverse("core:home"))[1] == []
    scope_versions_change([la_officer.pk])
    assert _user_reads(client, reverse("core:home"))[1] != []
    assert _user_reads(client, reverse("core:home"))[1] == []  # kept again


def test_without_a_generation_nothing_kept_is_used(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    kept_sessions.delete(signed_in._generation_key())  # Redis lost it (evicted, restarted)
    assert _user_reads(client, reverse("core:home"))[1] != []


def test_a_row_kept_for_another_user_is_never_used(client, la_officer, la_manager, kept_sessions):
    """Only the generation makes a kept row current: one for another id is read afresh."""
    _signed_in_twice(client, la_officer)
    session_key = client.session.session_key
    kept = kept_sessions.get(signed_in.ROW_KEY_PREFIX + session_key)
    other = {**kept[1], "id": la_manager.pk}
    kept_sessions.set(signed_in.ROW_KEY_PREFIX + session_key, (kept[0], other, kept[2]))
    response, reads = _user_reads(client, reverse("core:home"))
    assert reads and response.context["user"].pk == la_officer.pk


def test_signing_out_forgets_the_kept_row(client, la_officer, kept_sessions):
    _signed_in_twice(client, la_officer)
    key = signed_in.ROW_KEY_PREFIX + client.session.session_key
    assert kept_sessions.get(key) is not None
    client.post(reverse("core:sign-out"))
    assert kept_sessions.get(key) is None
