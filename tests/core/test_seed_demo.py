"""`manage.py seed_demo`: the fictional county of Marchshire, safe to run again, never in production."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from apcommission.core import demo
from apcommission.core.calendars import calendar_for
from apcommission.core.demo import DEMO_PASSWORD, DEMO_PROVIDER_NAME, DEMO_USERS, DemoSeeder
from apcommission.core.models import (
    ClosureDay,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    School,
    SchoolType,
    TermDate,
    User,
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    return seed()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_builds_a_fictional_county_with_forty_schools_of_every_type(seeded):
    la = Organisation.objects.get(kind=OrganisationKind.LOCAL_AUTHORITY, la_code="990")
    assert la.name == "Marchshire County Council"
    schools = School.objects.filter(organisation__local_authority=la)
    assert schools.count() == 40
    assert set(schools.values_list("school_type", flat=True)) == set(SchoolType.values)
    assert all(urn.startswith("99") and len(urn) == 6 for urn in schools.values_list("urn", flat=True))
    assert schools.exclude(trust_name="").filter(school_type=SchoolType.ACADEMY).exists()
    assert "Demo data ready: Marchshire County Council" in seeded


def test_term_dates_for_three_years_and_one_trusts_own_dates(seeded):
    la = Organisation.objects.get(la_code="990")
    la_terms = TermDate.objects.filter(local_authority=la, school__isnull=True)
    assert sorted(set(la_terms.values_list("academic_year", flat=True))) == [2025, 2026, 2027]
    assert la_terms.count() == 18
    own = School.objects.filter(term_dates__isnull=False).distinct()
    assert own.count() >= 2 and set(own.values_list("trust_name", flat=True)) == {"Vale Learning Trust"}
    assert ClosureDay.objects.filter(local_authority=la, reason__icontains="INSET").exists()


def test_the_two_demo_sencos_schools_keep_different_calendars(seeded):
    first = Membership.objects.get(user__email="senco@demo.apcommission.test").organisation.school
    second = Membership.objects.get(user__email="senco2@demo.apcommission.test").organisation.school
    assert (first.name, second.name) == ("Marchbury High School", "Wenlow Vale Academy")
    # Excluded Thursday 22 October 2026: the LA's half term follows; the trust is on half term already.
    assert calendar_for(school=first).sixth_school_day(dt.date(2026, 10, 22)) == dt.date(2026, 11, 5)
    assert calendar_for(school=second).sixth_school_day(dt.date(2026, 10, 22)) == dt.date(2026, 11, 2)


def test_every_role_has_a_demo_user_who_can_sign_in(seeded, client):
    # One test over every role: seeding the county takes seconds, so it is done once here.
    for role in Role.values:
        emails = [email for email, _name, user_role, _org in DEMO_USERS if user_role == role]
        assert emails, f"No demo user for {role}"
        for email in emails:
            response = client.post(reverse("core:sign-in"), {"username": email, "password": DEMO_PASSWORD})
            assert response.status_code == 302 and response.url == reverse("core:home"), email
            assert client.get(reverse("core:home")).status_code == 200
            assert Membership.objects.filter(user__email=email, role=role, is_active=True).exists()
            client.logout()


def test_running_twice_changes_nothing(seeded):
    before = row_counts()
    seed()
    assert row_counts() == before
    assert User.objects.get(email="officer@demo.apcommission.test").check_password(DEMO_PASSWORD)


def test_a_changed_demo_password_is_put_back(seeded):
    user = User.objects.get(email="forum@demo.apcommission.test")
    user.set_password("something-else-entirely")
    user.save()
    seed()
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


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
