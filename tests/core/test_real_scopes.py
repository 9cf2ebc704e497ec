"""The real models' scope filters, read directly (issue 15, item 6): every model the apps scope,
every role of the leak matrix's world (tests/leak_matrix.py: two LAs, two schools and providers in
LA 1, a record of every kind in LA 2), `Model.objects.visible_to(user)`.

What each role may never see is worked out here from where a row belongs (its LA, its pupil), not
from the scopes themselves: LA 1's people never see LA 2's rows; a school's or a provider's people
never see a row about the other school's pupil; Schools Forum members and people with no
membership see no row about any pupil; providers see no exclusion, health absence or statutory
deadline. Every row is seen by somebody of its own LA, so that a scope granting nothing fails too.

tests/test_leak_matrix_has_teeth.py checks that these fail when a scope lets every row through."""

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Q

from apcommission.core.scoping import ScopedQuerySet, forget_scope
from tests.leak_matrix import NO_PUPILS, ROLE_KEYS, build_world

#: Where a row belongs, first path that the model has: its LA's id.
LA_PATHS = (
    "local_authority",
    "home_la",
    "pupil__home_la",
    "placement__pupil__home_la",
    "organisation__local_authority",
    "provider__organisation__local_authority",
    "site__provider__organisation__local_authority",
    "review__provider__organisation__local_authority",
    "area__local_authority",
)
#: Where a row's pupil is, for rows about one pupil.
PUPIL_PATHS = ("pupil", "placement__pupil")
#: Records about a pupil no provider is told of.
NEVER_FOR_PROVIDERS = {"placements.exclusion", "placements.healthabsence", "placements.deadline"}
LA1_ROLES = [key for key in ROLE_KEYS if key != "anonymous"]
PROVIDERS = {"provider_user_a", "provider_user_b"}
#: Roles acting for school A or B, or provider A or B (the letter ends the key).
SCHOOLS_AND_PROVIDERS = {"senco_a", "senco_b", *PROVIDERS}


def scoped_models():
    """Every model of the apps whose manager is a ScopedQuerySet (history models excluded)."""
    found = []
    for model in apps.get_models():
        queryset = model._default_manager.get_queryset()
        if isinstance(queryset, ScopedQuerySet) and not model._meta.label_lower.split(".")[1].startswith("historical"):
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def _first_path(model, paths):
    for path in paths:
        current = model
        try:
            for part in path.split("__"):
                current = current._meta.get_field(part).related_model
        except (FieldDoesNotExist, AttributeError):
            continue
        if current is not None:
            return path
    return None


def la_path(model) -> str:
    path = _first_path(model, LA_PATHS)
    assert path, f"{model._meta.label}: add the path to its LA to LA_PATHS"
    return f"{path}_id"


def pupil_path(model) -> str | None:
    """The path to the pupil a row is about ("pk" for a pupil), or None when it is about none."""
    if model._meta.label == "placements.Pupil":
        return "pk"
    path = _first_path(model, PUPIL_PATHS)
    return f"{path}_id" if path else None


def _about_a_pupil_not_yet_held(model) -> bool:
    """A pupil's details waiting to be confirmed (a UPN, but no pupil record yet)."""
    return any(field.name == "upn" for field in model._meta.concrete_fields)


def _belonging(model) -> dict[int, tuple[int, int | None]]:
    """{row id: (its LA's id, its pupil's id, 0 for a pupil not yet held, or None)}, read without
    any scope."""
    pupil = pupil_path(model)
    fields = ["pk", la_path(model), *([pupil] if pupil else [])]
    no_pupil = 0 if _about_a_pupil_not_yet_held(model) else None
    return {row[0]: (row[1], row[2] if pupil else no_pupil) for row in model._base_manager.values_list(*fields)}


def _seen_by(model, user) -> set[int]:
    forget_scope(user)
    return set(model._default_manager.visible_to(user).values_list("pk", flat=True))


def _forbidden(key, label, la, pupil, world) -> str:
    """Why role `key` of LA 1 may not see a row of `la` about `pupil` (empty: it may)."""
    if la != world.la.pk:
        return "a row of another LA"
    if pupil is None:
        return ""
    if key in NO_PUPILS:
        return "a row about a pupil"
    if key in PROVIDERS and label in NEVER_FOR_PROVIDERS:
        return "a record no provider is told of"
    other_school = {"a": "b", "b": "a"}.get(key[-1]) if key in SCHOOLS_AND_PROVIDERS else None
    if other_school and pupil == world.own[f"pupil_{other_school}"].pk:
        return "a row about the other school's pupil"
    return ""


def scope_problems(world, model) -> list[str]:
    """Every row of `model` some role of the world sees but may not, or that nobody of its own LA
    sees; empty when the scope keeps to the rules above."""
    label = model._meta.label_lower
    rows = _belonging(model)
    problems = []
    if not any(la == world.la2.pk for la, _pupil in rows.values()):
        problems.append(f"{label}: the world holds no row of LA 2 to keep from LA 1")
    for key in LA1_ROLES:
        for pk in _seen_by(model, world.users[key]):
            if why := _forbidden(key, label, *rows[pk], world):
                problems.append(f"{label} {pk}: LA 1's {key} sees {why}")
    seen_in_la = {la: set() for la in (world.la.pk, world.la2.pk)}
    for users, la in ((world.users, world.la.pk), (world.users2, world.la2.pk)):
        for user in filter(None, users.values()):
            seen_in_la[la] |= _seen_by(model, user)
    unseen = sorted(pk for pk, (la, _pupil) in rows.items() if la in seen_in_la and pk not in seen_in_la[la])
    if unseen:
        problems.append(f"{label} {unseen}: seen by nobody of its own LA")
    return problems


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, rolled back at its end (each test runs inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("model", scoped_models(), ids=lambda model: model._meta.label)
def test_each_role_sees_only_the_rows_its_scope_allows(db, world, model):
    problems = scope_problems(world, model)
    assert not problems, "\n".join(problems)


def _by_queryset():
    found = {}
    for model in scoped_models():
        found.setdefault(type(model._default_manager.get_queryset()), []).append(model)
    return sorted(found.items(), key=lambda item: item[0].__qualname__)


@pytest.mark.parametrize(("queryset", "models"), _by_queryset(), ids=lambda value: getattr(value, "__qualname__", ""))
def test_the_checks_fail_when_a_scope_lets_every_row_through(db, world, monkeypatch, queryset, models):
    """A test of the test above: with the scope gone, some row is seen by a role that may not."""
    monkeypatch.setattr(queryset, "scope_filter", lambda self, scope: Q())
    assert any(scope_problems(world, model) for model in models), f"Nothing notices {queryset.__qualname__} gone"
