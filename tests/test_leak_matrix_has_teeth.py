"""A test of the tests: for every ScopedQuerySet of the apps, let its scope filter pass every row
and check that the leak matrix notices. A scoping path no matrix case would miss is a gap in the
suite (issue 15). Kept cheap: one world, four roles, the model's own app's cases and LA 2's
record pages only, and it stops at the first problem the matrix reports (printed: `-rP` shows which
case noticed). The few scopes no page can leak through on their own are listed, with why, in
NOT_YET_NOTICED; tests/core/test_real_scopes.py reads every scope directly, and checks that its
own test fails without it."""

import pytest
from django.apps import apps
from django.db.models import Q

from apcommission.core.scoping import ScopedQuerySet
from tests.leak_matrix import build_world
from tests.test_leak_matrix import all_cases, problems_of

pytestmark = pytest.mark.teeth

#: Apps whose pages read another app's rows (funding lists placements' exclusions).
ALSO_READ_BY = {"placements": {"funding"}, "core": {"placements", "funding"}}
OUR_APPS = {"core", "providers", "placements", "funding", "reports", "dataprotection"}
#: Roles that together see every kind of scope (LA, school, provider, Forum), most telling first.
ROLES = ("la_officer", "senco_b", "provider_user_b", "forum_member")


def _scoped_querysets():
    """(queryset class, one model using it) for every ScopedQuerySet subclass the apps use."""
    found = {}
    for model in apps.get_models():
        queryset = type(model._default_manager.get_queryset())
        if issubclass(queryset, ScopedQuerySet) and model._meta.app_label in OUR_APPS | {"apcommission_core"}:
            found.setdefault(queryset, model)
    return sorted(found.items(), key=lambda item: item[0].__qualname__)


SCOPED = _scoped_querysets()
#: Scopes no page can leak through on its own, so no matrix case can notice them gone: every read
#: of their rows is already confined to one parent the user was scoped to, or to the user's own LA.
#: tests/core/test_real_scopes.py reads each of them directly (and fails without it).
NOT_YET_NOTICED = {
    "AttendanceMarkQuerySet": "marks are read only for placements already read through Placement's scope",
    "ContactQuerySet": "read through its (scoped) provider; the edit page then needs an officer of the "
    "provider's LA or its own user, which another LA's or provider's contact never passes",
    "LocalAuthorityQuerySet": "budgets, rates, bands, costs and places are read for the user's own LA, "
    "chosen from their scope before any query (funding.views._common.user_la), or per scoped provider",
    "PriceQuerySet": "read only through one provider already scoped (its page, the approved list's prefetch)",
    "QAChecklistItemQuerySet": "read for one LA picked first: the administrator's own, or the reviewed "
    "provider's (itself scoped); the edit page also filters by the administrator's LA",
    "SiteCapacityQuerySet": "read only through one site or provider already scoped",
    "SiteQuerySet": "read through its (scoped) provider; the places page then needs an officer of the "
    "provider's LA or its own user, which another LA's or provider's site never passes",
}


def test_every_scoped_queryset_of_the_apps_is_checked():
    used = {cls for cls, _model in SCOPED}
    bases = {base for cls in used for base in cls.__mro__[1:]}
    defined = {cls for cls in _all_subclasses(ScopedQuerySet) if not cls.__module__.startswith("tests.")}
    assert defined <= used | bases, defined - used - bases


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _param(cls, model):
    reason = NOT_YET_NOTICED.get(cls.__qualname__)
    marks = [pytest.mark.xfail(reason=reason, run=False)] if reason else []
    return pytest.param(cls, model, id=cls.__qualname__, marks=marks)


@pytest.mark.parametrize(("queryset", "model"), [_param(cls, model) for cls, model in SCOPED])
def test_the_matrix_fails_when_a_scope_lets_every_row_through(db, client, monkeypatch, queryset, model):
    monkeypatch.setattr(queryset, "scope_filter", lambda self, scope: Q())
    world = build_world()
    app = model._meta.app_label
    readers = {app} | ALSO_READ_BY.get(app, set())
    cases = [case for case in all_cases(world) if case.url_name.split(":")[0] in readers or not case.allowed]
    for role_key in ROLES:
        client.force_login(world.users[role_key])
        for case in cases:
            world.users[role_key].__dict__.pop("_apc_scope", None)
            if problems := problems_of(world, case, role_key, client.get(case.url)):
                print(f"{queryset.__qualname__} noticed: {problems[0]}")  # shown with -rP
                return
    pytest.fail(f"No leak matrix case notices {queryset.__qualname__} ({model.__name__}) showing every row")
