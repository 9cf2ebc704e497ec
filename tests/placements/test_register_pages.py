"""Pages bounded in size: a provider's daily register and the daily registers list come a page at
a time, and the placement and pupil lists page by keyset, however many pupils there are."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import AttendanceMark, PlacementStatus
from placements.views.attendance import REGISTER_PAGE_SIZE
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Big Learning")
    SiteCapacityFactory(site=site, key_stage="ks3", places=500)
    return site


@pytest.fixture
def provider_user(site):
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _pupils(site, school, n):
    return [
        PlacementFactory(
            site=site,
            pupil__home_school=school,
            pupil__legal_last_name=f"Pupil{i:03d}",
            status=PlacementStatus.ACTIVE,
            start_date=TODAY - dt.timedelta(days=10),
            end_date=TODAY + dt.timedelta(days=60),
        )
        for i in range(n)
    ]


def _register(site, page=None):
    url = reverse("placements:attendance-register", args=[site.provider.pk, TODAY.isoformat()])
    return f"{url}?page={page}" if page else url


def test_a_register_of_many_pupils_comes_a_page_at_a_time_by_surname(client, provider_user, site, school_a):
    placements = _pupils(site, school_a, REGISTER_PAGE_SIZE + 5)
    client.force_login(provider_user)
    first = client.get(_register(site))
    assert [row["placement_id"] for row in first.context["rows"]] == [p.pk for p in placements[:REGISTER_PAGE_SIZE]]
    body = first.content.decode()
    assert f"{REGISTER_PAGE_SIZE + 5} pupils" in body and 'rel="next"' in body
    second = client.get(_register(site, 2))
    assert [row["placement_id"] for row in second.context["rows"]] == [p.pk for p in placements[REGISTER_PAGE_SIZE:]]


@pytest.mark.parametrize(
    ("asked", "shown"), [("3", 2), ("0", 2), ("-1", 2), ("99999999999999999999", 2), ("x", 1), ("2.0", 1)]
)
def test_a_register_page_out_of_range_is_the_last_and_one_that_is_no_number_the_first(
    client, provider_user, site, school_a, asked, shown
):
    """As Paginator.get_page answers."""
    _pupils(site, school_a, REGISTER_PAGE_SIZE + 2)
    client.force_login(provider_user)
    response = client.get(_register(site, asked))
    assert response.status_code == 200 and response.context["page"].number == shown
    assert len(response.context["rows"]) == (2 if shown == 2 else REGISTER_PAGE_SIZE)


def test_saving_a_page_of_the_register_marks_that_page_and_stays_on_it(client, provider_user, site, school_a):
    placements = _pupils(site, school_a, REGISTER_PAGE_SIZE + 3)
    client.force_login(provider_user)
    marks = {f"mark_{s}_{p.pk}": "present" for p in placements[REGISTER_PAGE_SIZE:] for s in ("am", "pm")}
    response = client.post(_register(site, 2), marks)
    assert response.status_code == 302 and response.url.endswith("?page=2")
    assert set(AttendanceMark.objects.values_list("placement_id", flat=True)) == {
        p.pk for p in placements[REGISTER_PAGE_SIZE:]
    }


def test_marks_for_a_pupil_on_another_page_are_refused(client, provider_user, site, school_a):
    placements = _pupils(site, school_a, REGISTER_PAGE_SIZE + 1)
    client.force_login(provider_user)
    response = client.post(_register(site, 2), {f"mark_am_{placements[0].pk}": "present"})
    assert response.status_code == 200 and "not on this register" in response.content.decode()
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize("pupils", [3, REGISTER_PAGE_SIZE * 2])
def test_the_register_page_stays_the_same_size_and_cost(
    client, provider_user, site, school_a, pupils, django_assert_max_num_queries
):
    _pupils(site, school_a, pupils)
    client.force_login(provider_user)
    with django_assert_max_num_queries(10):
        response = client.get(_register(site))
    assert len(response.context["rows"]) == min(pupils, REGISTER_PAGE_SIZE)


@pytest.mark.parametrize("providers", [2, 30])
def test_the_daily_registers_list_is_paged_and_runs_a_constant_number_of_queries(
    client, la, school_a, la_officer, providers, django_assert_max_num_queries
):
    for n in range(providers):
        other = SiteFactory(
            provider__organisation__local_authority=la, provider__organisation__name=f"Provider {n:02d}"
        )
        _pupils(other, school_a, 1)
    client.force_login(la_officer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("placements:attendance-index"))
    registers = response.context["registers"]
    assert [r["name"] for r in registers] == [f"Provider {n:02d}" for n in range(min(providers, 25))]
    assert all(r["pupils"] == 1 for r in registers)


@pytest.mark.parametrize("url_name", ["placements:placement-list", "placements:pupil-list"])
def test_long_lists_page_by_keyset_and_reach_every_row(client, la_officer, site, school_a, url_name):
    _pupils(site, school_a, 30)
    client.force_login(la_officer)
    first = client.get(reverse(url_name))
    page = first.context["page"]
    assert len(page.object_list) == 25 and page.has_next()
    assert f"after={page.next_cursor}" in first.content.decode()
    second = client.get(reverse(url_name), {"after": page.next_cursor}).context["page"]
    assert len(second.object_list) == 5 and second.number == 2
    assert not {o["id"] for o in page} & {o["id"] for o in second}
