"""Every role of LA 1 × every URL, with LA 2's records and the other school's and provider's
present (see tests/leak_matrix.py). Every response is read, whatever its status: the HTML, the
CSV and the PDF's text."""

import subprocess
from importlib import import_module

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from apcommission.core.scoping import forget_scope
from tests.leak_matrix import ROLE_KEYS, build_world, other_la_cases

CASE_MODULES = (
    "tests.core.leak_cases",
    "tests.providers.leak_cases",
    "tests.placements.leak_cases",
    "tests.funding.leak_cases",
    "tests.reports.leak_cases",
)
#: Views that are the same for everyone and hold no private data.
PUBLIC_URL_NAMES = {"core:sign-in", "core:sign-out", "healthz"}
#: The second sign-in step (only for a session waiting for its code: anyone else is sent back to
#: the start) and the timeout warning's "stay signed in" (POST only); neither shows any data.
PUBLIC_URL_NAMES |= {"core:sign-in-code", "core:session-extend"}
OUR_NAMESPACES = {"core", "providers", "placements", "funding", "reports"}
DENIED = {403, 404}


def _case_modules():
    for name in CASE_MODULES:
        try:
            yield import_module(name)
        except ModuleNotFoundError:
            continue


def all_cases(world):
    """Every app's cases, then LA 2's record pages."""
    return [*(case for module in _case_modules() for case in module.leak_cases(world)), *other_la_cases(world)]


_all_cases = all_cases


def read(response) -> str:
    """What the response shows: its text, and for a PDF the text pdftotext finds in it too."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/pdf"):
        found = subprocess.run(["pdftotext", "-", "-"], input=raw, capture_output=True, check=False)
        text += "\n" + found.stdout.decode(errors="replace")
    return text


def problems_of(world, case, role_key, response, method="GET") -> list[str]:
    """What is wrong with one response of the matrix (empty when nothing is)."""
    where = f"{method} {case.url} as {role_key}"
    found = []
    status = response.status_code
    if role_key in case.allowed:
        if method == "GET" and status != 200:
            found.append(f"{where}: expected 200, got {status}")
    elif role_key == "anonymous" and not case.public:
        sign_in = resolve_url(settings.LOGIN_URL)
        if status != 302 or response["Location"].split("?")[0] != sign_in:
            found.append(f"{where}: expected the sign-in redirect, got {status} {response.get('Location', '')}")
    elif case.pupil_level and status != 404:
        found.append(f"{where}: expected 404 (a pupil's page), got {status}")
    elif status not in DENIED | ({405} if method == "POST" else set()):
        found.append(f"{where}: expected 403/404, got {status}")
    if role_key != "anonymous" and status == 200 and "no-store" not in response.get("Cache-Control", ""):
        found.append(f"{where}: sent without Cache-Control: no-store")
    body = read(response)
    hidden = set(world.never_shown.get(role_key, ()))
    if role_key not in case.allowed:
        hidden.update(case.secrets)
    found.extend(f"{where}: saw {secret!r}" for secret in sorted(hidden) if secret in body)
    return found


def matrix_problems(world, cases, role_key, client) -> list[str]:
    user = world.users[role_key]
    if user is not None:
        client.force_login(user)
    problems = []
    for case in cases:
        if user is not None:
            forget_scope(user)
        problems.extend(problems_of(world, case, role_key, client.get(case.url)))
    return problems


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_every_url_shows_each_role_only_its_own_records(db, client, role_key):
    world = build_world()
    problems = matrix_problems(world, all_cases(world), role_key, client)
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
    covered = {case.url_name for case in all_cases(world)}
    ours = {
        name for name in _walk(get_resolver().url_patterns) if name.split(":")[0] in OUR_NAMESPACES or name == "healthz"
    }
    missing = sorted(ours - covered - PUBLIC_URL_NAMES)
    assert not missing, f"Views missing from the leak matrix (add a LeakCase): {missing}"
