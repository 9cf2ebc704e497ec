"""`manage.py seed_demo`: never in production unless told, and the apps' seeders in their order."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apcommission.core import demo
from apcommission.core.demo import DEMO_PROVIDER_NAME, DEMO_USERS, DemoSeeder
from apcommission.core.models import Membership, Organisation, OrganisationKind, Role, User
from tests.core.seeding import row_counts, seed


def test_refuses_to_run_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email__endswith="@demo.apcommission.test").exists()


def test_runs_with_debug_off_only_when_told_it_is_not_production(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert User.objects.filter(email__endswith="@demo.apcommission.test").count() == len(DEMO_USERS)


def test_registered_seeders_run_in_order_and_the_provider_user_is_linked(db, settings, monkeypatch):
    """The apps' seeders, as registered in their AppConfig.ready(), replaced by stand-ins."""
    settings.DEBUG = True
    calls = []

    def stand_in(name):
        def seed(*, la, schools, stdout):
            calls.append((name, la.la_code, [s.name for s in schools[:2]], len(schools)))
            if name == "providers":
                Organisation.objects.get_or_create(
                    kind=OrganisationKind.PROVIDER, name=DEMO_PROVIDER_NAME, local_authority=la
                )

        return seed

    seeders = [DemoSeeder(order=30, seed=stand_in("funding")), DemoSeeder(order=10, seed=stand_in("providers"))]
    seeders.append(DemoSeeder(order=20, seed=stand_in("placements")))
    monkeypatch.setattr(demo, "DEMO_SEEDERS", seeders)
    seed()
    first_two = ["Marchbury High School", "Wenlow Vale Academy"]
    assert calls == [
        ("providers", "990", first_two, 40),
        ("placements", "990", first_two, 40),
        ("funding", "990", first_two, 40),
    ]
    membership = Membership.objects.get(user__email="provider@demo.apcommission.test")
    assert (membership.role, membership.organisation.name) == (Role.PROVIDER_USER, DEMO_PROVIDER_NAME)
    before = row_counts()
    seed()
    assert row_counts() == before
