"""Every role × every URL × the other organisation's records (see tests/leak_matrix.py)."""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apcommission.core.scoping import forget_scope
from tests.leak_matrix import ROLE_KEYS, build_world

CASE_MODULES = (
    "tests.core.leak_cases",
    "tests.providers.leak_cases",
    "tests.placements.leak_cases",
    "tests.funding.leak_cases",
    "tests.reports.leak_cases",
    "tests.dataprotection.leak_cases",
)
#: Views that are the same for everyone and hold no private data.
PUBLIC_URL_NAMES = {"core:sign-in", "core:sign-out", "healthz"}
#: The second sign-in step (only for a session waiting for its code: anyone else is sent back to
#: the start) and the timeout warning's "stay signed in" (POST only); neither shows any data.
PUBLIC_URL_NAMES |= {"core:sign-in-code", "core:session-extend"}
OUR_NAMESPACES = {"core", "providers", "placements", "funding", "reports", "dataprotection"}
DENIED = {403, 404}


def _case_modules():
    for name in CASE_MODULES:
        try:
            yield import_module(name)
        except ModuleNotFoundError:
            continue


def _all_cases(world):
    return [case for module in _case_modules() for case in module.leak_cases(world)]


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_every_url_shows_each_role_only_its_own_records(db, client, role_key):
    world = build_world()
    user = world.users[role_key]
    if user is not None:
        client.force_login(user)
    problems = []
    for case in _all_cases(world):
        if user is not None:
            forget_scope(user)
        response = client.get(case.url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        if role_key in case.allowed:
            if response.status_code != 200:
                problems.append(f"{case.url}: expected 200 for {role_key}, got {response.status_code}")
            continue
        if role_key == "anonymous":
            if response.status_code not in DENIED | {302}:
                problems.append(f"{case.url}: anonymous got {response.status_code}")
        elif response.status_code not in DENIED:
            problems.append(f"{case.url}: expected 403/404 for {role_key}, got {response.status_code}")
        problems.extend(f"{case.url}: {role_key} saw {secret!r}" for secret in case.secrets if secret in body)
    assert not problems, "\n".join(problems)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def test_every_view_is_in_the_leak_matrix(db):
    world = build_world()
    covered = {case.url_name for case in _all_cases(world)}
    ours = {
        name for name in _walk(get_resolver().url_patterns) if name.split(":")[0] in OUR_NAMESPACES or name == "healthz"
    }
    missing = sorted(ours - covered - PUBLIC_URL_NAMES)
    assert not missing, f"Views missing from the leak matrix (add a LeakCase): {missing}"
