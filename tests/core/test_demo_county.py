"""The fictional county of Marchshire that `manage.py seed_demo` builds, and seeding it again."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from apcommission.core.calendars import calendar_for
from apcommission.core.demo import DEMO_PASSWORD, DEMO_USERS
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
from tests.core.seeding import row_counts, seed


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The county seeded once for the tests that read it, in a transaction rolled back after them:
    seeding takes tens of seconds. Each test runs in a savepoint inside it, as tests always do."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db, settings):
    settings.DEBUG = True
    return seeded_once


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
