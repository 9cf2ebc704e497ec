"""Every page's database queries, counted at two data sizes.

The world is the leak matrix's (tests/leak_matrix.py: two LAs, a record of every kind, a user for
every role) and the pages are its cases: each app's `tests/<app>/leak_cases.py` says which roles may
open each URL. `tests/bigger_world.grow` adds one more of every kind of row the
pages list (pupils, placements, marks, reviews, invoices, exclusions, providers, schools,
colleagues, plans...: a list with no rows may cost a query less than one with some), and every page
in `PAGES` is counted as each role listed: opened once (so that what a first request stores is
stored), then counted. Three more of every kind are then added and every page is counted again. Both counts must be
equal (a page that costs more with more rows has an N+1 query: fix the view or selector with
select_related, prefetch_related or an aggregate), and within the page's limit, which is the count
measured plus at most `MARGIN`: a page that gets cheaper must have its limit lowered.

A page that lists rows (every page not in `SAME_TEXT_WHEN_GROWN`) must show more at the larger size
(a longer page), so the second count is known to have seen the rows. `test_every_page_is_counted`
fails when a URL name is in neither `PAGES` nor `NOT_COUNTED`: a new page joins the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from tests.bigger_world import grow
from tests.leak_matrix import LeakCase, build_world
from tests.test_leak_matrix import CASE_MODULES, OUR_NAMESPACES, _walk, read

#: How far above the count measured a page's limit may be.
pytestmark = pytest.mark.query_counts

MARGIN = 2
#: How many more of each kind of row the larger world has.
MORE = 3

LA = ("la_officer",)
FINANCE = ("la_finance",)
ADMIN = ("administrator",)
SCHOOL = ("senco_a",)
PROVIDER = ("provider_user_a",)
ANONYMOUS = ("anonymous",)

#: URL name -> {role key: the most queries one GET of the page may make}: the count measured, plus
#: one. Each page is counted as the first role that may open it and as every other role whose
#: count differs; the home pages, dashboard, reviews due, registers and the placement, pupil,
#: invoice and funding lists as every kind of role.
PAGES: dict[str, dict[str, int]] = {
    # core
    "core:home": {
        "la_officer": 8,
        "la_finance": 6,
        "administrator": 7,
        "la_manager": 8,
        "senco_a": 5,
        "provider_user_a": 6,
        "forum_member": 5,
    },
    "core:audit-log": {"administrator": 7},
    "core:audit-log-export": {"administrator": 7},
    "core:feedback": {"la_officer": 4, "anonymous": 1},
    "core:feedback-list": {"administrator": 6},
    "core:accessibility": {"la_officer": 4, "anonymous": 1},
    "core:cookies": {"la_officer": 4, "anonymous": 1},
    "core:password-reset": {"la_officer": 4, "anonymous": 1},
    "core:password-reset-sent": {"la_officer": 4, "anonymous": 1},
    "core:password-reset-confirm": {"la_officer": 5, "anonymous": 2},
    "core:password-reset-complete": {"la_officer": 4, "anonymous": 1},
    "core:signed-out": {"la_officer": 4, "anonymous": 1},
    "core:session-status": {"la_officer": 3, "anonymous": 1},
    "core:account": {"la_officer": 6},
    "core:change-password": {"la_officer": 4},
    "core:authenticator": {"la_officer": 8},
    "core:sign-in-set-up": {"la_officer": 8},
    "core:recovery-codes": {"la_officer": 5},
    "core:sign-out-everywhere": {"la_officer": 4},
    "core:users": {"la_officer": 9},
    "core:user-invite": {"la_officer": 5},
    "core:user-detail": {"la_officer": 11, "administrator": 13},
    "core:role-add": {"la_officer": 6},
    "core:role-change": {"la_officer": 6},
    "core:role-remove": {"la_officer": 6},
    "core:user-deactivate": {"la_officer": 7},
    "core:user-reactivate": {"la_officer": 7},
    "core:two-factor-reset": {"administrator": 7},
    "core:user-unlock": {"administrator": 7},
    "core:invitation-resend": {"la_officer": 7},
    "core:sign-in": {"anonymous": 1},
    "healthz": {"anonymous": 3},
    "core:invitation": {"anonymous": 2},
    # dataprotection
    "dataprotection:privacy": {"la_officer": 4, "anonymous": 1},
    "dataprotection:retention": {"la_officer": 49},
    "dataprotection:export-new": {"la_officer": 7},
    "dataprotection:export-detail": {"la_officer": 6},
    "dataprotection:export-download": {"la_officer": 6},
    "dataprotection:hold-new": {"la_officer": 7},
    "dataprotection:hold-release": {"la_officer": 6},
    # funding
    "funding:index": {
        "la_officer": 4,
        "la_finance": 4,
        "administrator": 4,
        "la_manager": 4,
        "senco_a": 6,
        "provider_user_a": 4,
    },
    "funding:hnb-dashboard": {"la_officer": 4},
    "funding:hnb-csv": {"la_officer": 8},
    "funding:budget": {"la_officer": 5},
    "funding:budget-line-add": {"la_finance": 5},
    "funding:deficit-set": {"la_finance": 5},
    "funding:commitments-refresh": {"la_finance": 6},
    "funding:places": {"la_officer": 5},
    "funding:places-set": {"la_finance": 6},
    "funding:place-change-csv": {"la_officer": 6},
    "funding:top-ups": {"la_officer": 6, "senco_a": 5},
    "funding:bands": {"la_officer": 6},
    "funding:band-set": {"la_finance": 5},
    "funding:band-agree": {"la_finance": 8},
    "funding:lump-sums": {"la_officer": 6},
    "funding:lump-sum-set": {"la_finance": 5},
    "funding:recoupment-list": {"la_officer": 5, "senco_a": 5},
    "funding:rate-list": {"la_officer": 3},
    "funding:rate-set": {"la_finance": 5},
    "funding:rate-import": {"la_finance": 5},
    "funding:exclusions-to-calculate": {"la_officer": 3},
    "funding:recoupment-calculate": {"la_finance": 6},
    "funding:recoupment-detail": {"la_officer": 6},
    "funding:recoupment-admitting": {"la_finance": 5},
    "funding:recoupment-notify": {"la_finance": 4},
    "funding:recoupment-waive": {"la_finance": 4},
    "funding:recoupment-recover": {"la_finance": 4},
    "funding:invoice-list": {
        "la_officer": 5,
        "la_finance": 5,
        "administrator": 5,
        "la_manager": 5,
        "provider_user_a": 5,
    },
    "funding:invoice-create": {"la_finance": 5},
    "funding:invoice-upload": {"la_finance": 4},
    "funding:invoice-placements-csv": {"la_finance": 6},
    "funding:invoice-detail": {"la_officer": 6},
    "funding:invoice-decide": {"la_finance": 5},
    "funding:invoice-check": {"la_finance": 4},
    "funding:payment-terms": {"la_officer": 3},
    "funding:payment-terms-set": {"la_finance": 6},
    "funding:contributions": {"la_officer": 7, "senco_a": 5},
    "funding:contribution-set": {"la_finance": 6},
    "funding:service-cost-set": {"la_finance": 5},
    "funding:equity": {"la_officer": 5},
    "funding:equity-csv": {"la_officer": 6},
    # placements
    "placements:placement-list": {
        "la_officer": 4,
        "la_finance": 4,
        "administrator": 4,
        "la_manager": 4,
        "senco_a": 4,
        "provider_user_a": 4,
    },
    "placements:placement-detail": {"la_officer": 6},
    "placements:placement-accept": {"provider_user_a": 5},
    "placements:placement-start": {"la_officer": 5},
    "placements:placement-end": {"la_officer": 5},
    "placements:placement-withdraw": {"la_officer": 5},
    "placements:pupil-list": {"la_officer": 4, "la_finance": 4, "administrator": 4, "la_manager": 4, "senco_a": 4},
    "placements:pupil-create": {"la_officer": 5},
    "placements:pupil-detail": {"la_officer": 9, "provider_user_a": 8},
    "placements:pupil-edit": {"la_officer": 6},
    "placements:placement-request": {"senco_a": 6},
    "placements:placement-create": {"la_officer": 6},
    "placements:placement-request-step": {"senco_a": 7},
    "placements:placement-create-step": {"la_officer": 7},
    "placements:placement-confirmation": {"la_officer": 5},
    "placements:panel-queue": {"la_officer": 4},
    "placements:panel-decision": {"la_officer": 8},
    "placements:placement-more-information": {"la_officer": 6},
    "placements:route-list": {"la_officer": 7},
    "placements:route-edit": {"administrator": 6},
    "placements:dashboard": {
        "la_officer": 15,
        "la_finance": 15,
        "administrator": 15,
        "la_manager": 15,
        "senco_a": 12,
        "provider_user_a": 10,
    },
    "placements:key-stage-snapshot": {"la_officer": 7},
    "placements:key-stage-snapshot-csv": {"la_officer": 8},
    "placements:pupil-timeline": {"la_officer": 9, "provider_user_a": 8},
    "placements:review-list": {"la_officer": 6},
    "placements:review-create": {"la_officer": 6},
    "placements:review-detail": {"la_officer": 6},
    "placements:reviews-due": {
        "la_officer": 4,
        "la_finance": 4,
        "administrator": 4,
        "la_manager": 4,
        "senco_a": 4,
        "provider_user_a": 4,
    },
    "placements:attendance-index": {"la_officer": 4, "la_manager": 4, "provider_user_a": 4},
    "placements:attendance-register": {"la_officer": 4, "la_manager": 4, "provider_user_a": 4},
    "placements:attendance-placement": {"la_officer": 6},
    "placements:exclusion-create": {"la_officer": 6},
    "placements:health-absence-create": {"la_officer": 6},
    "placements:exclusion-detail": {"la_officer": 6},
    "placements:exclusion-off-roll": {"la_officer": 7},
    "placements:deadline-task-list": {"la_officer": 5},
    "placements:notification-list": {"la_officer": 4},
    "placements:notification-detail": {"la_officer": 5},
    "placements:transfer-list": {"la_officer": 5},
    "placements:transfer-resolve": {"la_officer": 9},
    # providers
    "providers:register": {"la_officer": 4},
    "providers:provider-add": {"la_officer": 5},
    "providers:approved-list": {"la_officer": 5},
    "providers:approved-csv": {"la_officer": 8},
    "providers:approved-pdf": {"la_officer": 9, "senco_a": 10},
    "providers:gap-analysis": {"la_officer": 6},
    "providers:gap-analysis-csv": {"la_officer": 7},
    "providers:detail": {"la_officer": 6, "senco_a": 6, "provider_user_a": 6},
    "providers:edit": {"la_officer": 5},
    "providers:status": {"la_officer": 5},
    "providers:offer-edit": {"la_officer": 5},
    "providers:contact-add": {"la_officer": 5},
    "providers:contact-edit": {"la_officer": 6},
    "providers:site-add": {"la_officer": 5},
    "providers:capacity-edit": {"la_officer": 7},
    "providers:price-add": {"la_officer": 6},
    "providers:change-requests": {"la_officer": 6},
    "providers:change-request-decide": {"la_officer": 5},
    "providers:qa-reviews": {"la_officer": 6},
    "providers:qa-review-add": {"la_officer": 10},
    "providers:qa-review-detail": {"la_officer": 8},
    "providers:qa-review-moderate": {"la_officer": 5},
    "providers:qa-evidence": {"la_officer": 6},
    "providers:qa-checklist": {"administrator": 10},
    "providers:qa-checklist-item-add": {"administrator": 5},
    "providers:qa-checklist-item-edit": {"administrator": 6},
    "providers:documents": {"la_officer": 6},
    "providers:document-add": {"la_officer": 5},
    "providers:document-download": {"la_officer": 6},
    "providers:concerns": {"la_officer": 6},
    "providers:concern-add": {"la_officer": 6},
    "providers:concern-detail": {"la_officer": 6},
    "providers:feedback-list": {"la_officer": 6},
    "providers:feedback-add": {"senco_a": 6},
    # reports
    "reports:home": {"la_officer": 4},
    "reports:pack-new": {"la_officer": 5},
    "reports:pack-detail": {"la_officer": 5},
    "reports:pack-download": {"la_officer": 6},
    "reports:pack-publish": {"la_officer": 5},
    "reports:plan-list": {"la_officer": 4},
    "reports:plan-new": {"la_officer": 4},
    "reports:plan-compare": {"la_officer": 4},
    "reports:plan-detail": {"la_officer": 4},
    "reports:plan-edit": {"la_officer": 7},
    "reports:plan-copy": {"la_officer": 6},
    "reports:plan-choose": {"la_officer": 6},
    "reports:improvement": {"la_officer": 4},
    "reports:area-new": {"la_officer": 4},
    "reports:action-new": {"la_officer": 5},
    "reports:action-edit": {"la_officer": 5},
    "reports:census": {"la_officer": 7},
    "reports:census-csv": {"la_officer": 6},
}

#: URL names without a page to count, and why.
NOT_COUNTED = {
    "core:sign-out": "POST only: signing out",
    "core:session-extend": "POST only: the timeout warning's 'stay signed in'",
    "core:sign-in-code": "only for a session waiting for its code (tests/core/test_sign_in.py counts none)",
}

#: Pages that show the same text however many rows there are: forms, the service's own pages, one
#: record's page whose record the larger world does not add to, and pages of figures.
#: Pages whose text is new at every request (a new secret and its QR code): never compared.
NEW_TEXT_EVERY_TIME = {"core:authenticator", "core:sign-in-set-up"}

SAME_TEXT_WHEN_GROWN = {
    "core:accessibility",
    "core:account",
    "core:change-password",
    "core:cookies",
    "core:feedback",
    "core:invitation",
    "core:invitation-resend",
    "core:password-reset",
    "core:password-reset-complete",
    "core:password-reset-confirm",
    "core:password-reset-sent",
    "core:recovery-codes",
    "core:role-change",
    "core:role-remove",
    "core:session-status",
    "core:sign-in",
    "core:sign-out-everywhere",
    "core:signed-out",
    "core:two-factor-reset",
    "core:user-deactivate",
    "core:user-detail",
    "core:user-reactivate",
    "core:user-unlock",
    "dataprotection:export-detail",
    "dataprotection:export-download",
    "dataprotection:export-new",
    "dataprotection:hold-new",
    "dataprotection:hold-release",
    "dataprotection:privacy",
    "funding:band-set",
    "funding:budget-line-add",
    "funding:commitments-refresh",
    "funding:deficit-set",
    "funding:invoice-check",
    "funding:invoice-decide",
    "funding:invoice-detail",
    "funding:invoice-upload",
    "funding:lump-sum-set",
    "funding:lump-sums",
    "funding:payment-terms",
    "funding:rate-import",
    "funding:rate-list",
    "funding:rate-set",
    "funding:recoupment-calculate",
    "funding:recoupment-detail",
    "funding:recoupment-notify",
    "funding:recoupment-recover",
    "funding:recoupment-waive",
    "funding:service-cost-set",
    "healthz",
    "placements:attendance-index",
    "placements:exclusion-detail",
    "placements:exclusion-off-roll",
    "placements:key-stage-snapshot",
    "placements:key-stage-snapshot-csv",
    "placements:notification-detail",
    "placements:panel-decision",
    "placements:placement-accept",
    "placements:placement-confirmation",
    "placements:placement-create",
    "placements:placement-create-step",
    "placements:placement-detail",
    "placements:placement-end",
    "placements:placement-more-information",
    "placements:placement-request",
    "placements:placement-request-step",
    "placements:placement-start",
    "placements:placement-withdraw",
    "placements:pupil-edit",
    "placements:review-create",
    "placements:review-detail",
    "placements:route-edit",
    "placements:route-list",
    "placements:transfer-resolve",
    "providers:capacity-edit",
    "providers:change-request-decide",
    "providers:concern-add",
    "providers:concern-detail",
    "providers:contact-add",
    "providers:contact-edit",
    "providers:document-add",
    "providers:document-download",
    "providers:edit",
    "providers:feedback-add",
    "providers:offer-edit",
    "providers:provider-add",
    "providers:qa-checklist-item-add",
    "providers:qa-checklist-item-edit",
    "providers:qa-evidence",
    "providers:qa-review-detail",
    "providers:qa-review-moderate",
    "providers:site-add",
    "providers:status",
    "reports:action-edit",
    "reports:action-new",
    "reports:area-new",
    "reports:pack-detail",
    "reports:pack-download",
    "reports:pack-new",
    "reports:pack-publish",
    "reports:plan-choose",
    "reports:plan-copy",
    "reports:plan-detail",
    "reports:plan-edit",
    "reports:plan-new",
}


@dataclass(frozen=True)
class Count:
    status: int
    queries: int
    length: int


def public_cases(world) -> list[LeakCase]:
    """Pages the leak matrix leaves out because they are the same for everyone: signing in, the
    health check and an invitation link that is still open (its token set here: the real one is
    only in the e-mail)."""
    from apcommission.core.models import Invitation, token_digest

    Invitation.objects.filter(user__email="ivy.secret-invitee@leak.test").update(
        token_digest=token_digest("counted-invitation")
    )
    anyone = frozenset(ANONYMOUS)
    return [
        LeakCase(reverse("core:sign-in"), anyone, public=True),
        LeakCase(reverse("healthz"), anyone, public=True),
        LeakCase(reverse("core:invitation", args=["counted-invitation"]), anyone, public=True),
    ]


def namespace_of(url_name: str) -> str:
    return url_name.split(":")[0] if ":" in url_name else "core"


def cases_of(world, namespace: str) -> list[LeakCase]:
    """The leak cases of one app (the public pages go with core's)."""
    (module,) = (name for name in CASE_MODULES if name == f"tests.{namespace}.leak_cases")
    cases = import_module(module).leak_cases(world)
    return [*cases, *public_cases(world)] if namespace == "core" else cases


def pages_to_count(world, namespace: str) -> tuple[list[tuple[LeakCase, str]], list[str]]:
    """(case, role) for every page of `namespace` in PAGES, and the pages no case lets the role open."""
    cases = cases_of(world, namespace)
    jobs, missing = [], []
    for url_name, limits in PAGES.items():
        if namespace_of(url_name) != namespace:
            continue
        for role in limits:
            found = [case for case in cases if case.url_name == url_name and role in case.allowed]
            jobs.extend((case, role) for case in found)
            if not found:
                missing.append(f"{url_name}: no leak case lets {role} open it")
    return jobs, missing


def count(client, world, case: LeakCase, role: str) -> Count:
    """The queries of one GET of the page as `role` (the second one: the first stores what a first
    request stores), the whole response read (CSV and PDF responses stream)."""
    client.logout()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    read(client.get(case.url))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.url)
        body = read(response)
    return Count(response.status_code, len(queries.captured_queries), len(body))


def problems_of(where: str, limit: int, smaller: list[Count], larger: list[Count]) -> list[str]:
    """What is wrong with one page's counts as one role (a URL name may have several cases: the
    limit is that of the dearest)."""
    found = []
    if {count.status for count in smaller + larger} != {200}:
        statuses = [count.status for count in smaller + larger]
        found.append(f"{where}: status {statuses} at the two sizes (expected 200)")
    small, large = [count.queries for count in smaller], [count.queries for count in larger]
    measured = f"{small} queries, then {large} with {MORE} more of everything"
    if small != large:
        found.append(f"{where}: {measured} (an N+1 query: the count grows with the rows)")
    if max(large) > limit:
        found.append(f"{where}: {measured}, over its limit of {limit}")
    elif limit > max(small + large) + MARGIN:
        found.append(f"{where}: {measured}, far under its limit of {limit}: lower it (measured + at most {MARGIN})")
    return found


def growth_problems(grew: dict[str, bool]) -> list[str]:
    found = []
    for url_name, longer in grew.items():
        if url_name in NEW_TEXT_EVERY_TIME:
            continue
        if url_name in SAME_TEXT_WHEN_GROWN and longer:
            found.append(f"{url_name}: shows more with more rows: take it out of SAME_TEXT_WHEN_GROWN")
        elif url_name not in SAME_TEXT_WHEN_GROWN and not longer:
            found.append(f"{url_name}: shows no more with {MORE} more of everything: grow what it lists")
    return found


@pytest.mark.parametrize("namespace", sorted(OUR_NAMESPACES))
def test_each_page_makes_the_same_queries_with_more_rows(db, client, namespace):
    world = build_world()
    jobs, problems = pages_to_count(world, namespace)
    grow(world, 1)  # one of every kind at least: an empty list can cost a query less than one row
    smaller = [count(client, world, case, role) for case, role in jobs]
    grow(world, MORE)
    larger = [count(client, world, case, role) for case, role in jobs]
    counted, grew = {}, {}
    for (case, role), small, large in zip(jobs, smaller, larger, strict=True):
        both = counted.setdefault((case.url_name, role), ([], []))
        both[0].append(small)
        both[1].append(large)
        grew[case.url_name] = grew.get(case.url_name, False) or large.length > small.length
    for (url_name, role), (small, large) in counted.items():
        problems.extend(problems_of(f"{url_name} as {role}", PAGES[url_name][role], small, large))
    problems.extend(growth_problems(grew))
    assert not problems, "\n".join(problems)


def test_every_page_is_counted():
    """A new URL name joins PAGES (or NOT_COUNTED, with the reason)."""
    ours = {
        name for name in _walk(get_resolver().url_patterns) if name.split(":")[0] in OUR_NAMESPACES or name == "healthz"
    }
    missing = sorted(ours - PAGES.keys() - NOT_COUNTED.keys())
    gone = sorted((PAGES.keys() | NOT_COUNTED.keys() | SAME_TEXT_WHEN_GROWN) - ours)
    both = sorted(PAGES.keys() & NOT_COUNTED.keys())
    assert not missing, f"Pages whose queries nobody counts (add them to PAGES): {missing}"
    assert not gone, f"No such URL name (remove it): {gone}"
    assert not both, f"Both counted and not: {both}"
