"""The leak matrix for changes: every role of LA 1 posts to every URL it may not use (its own
LA's records and LA 2's), and nothing in the database changes. Cases with form data (`post`)
first show that the data does change something when an allowed role sends it, so that the
refusals below are refusals of a real change, not of a form that was never valid."""

import pytest
from django.db import transaction

from apcommission.core.scoping import forget_scope
from tests.leak_matrix import ROLE_KEYS, build_world, changed_tables, database_fingerprint
from tests.test_leak_matrix import all_cases, problems_of


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_no_role_changes_what_it_may_not(db, client, role_key):
    world = build_world()
    user = world.users[role_key]
    if user is not None:
        client.force_login(user)
    problems = []
    cases = all_cases(world)
    before = database_fingerprint()
    for case in cases:
        if role_key in case.allowed:
            continue
        if user is not None:
            forget_scope(user)
        response = client.post(case.url, case.post or {})
        problems.extend(problems_of(world, case, role_key, response, method="POST"))
    changed = changed_tables(before, database_fingerprint())
    if changed:
        problems.append(f"POSTs as {role_key} changed {changed} (rerun the cases one by one to find which)")
    assert not problems, "\n".join(problems)


def test_the_posted_form_data_changes_something_for_an_allowed_role(db, client):
    world = build_world()
    problems = []
    checked = 0
    for case in all_cases(world):
        if case.post is None or not case.allowed:
            continue
        role_key = sorted(case.allowed)[0]
        client.force_login(world.users[role_key])
        before = database_fingerprint()
        with transaction.atomic():
            response = client.post(case.url, case.post)
            if not changed_tables(before, database_fingerprint()):
                problems.append(f"POST {case.url} as {role_key} changed nothing ({response.status_code})")
            transaction.set_rollback(True)
        checked += 1
    assert checked >= 5
    assert not problems, "\n".join(problems)
