"""Who sees what of the funding pages beyond the leak matrix: schools see their own figures only,
providers their own invoices only, Schools Forum members none of it (404 on pupil-level pages),
officers and managers read without being offered changes, finance officers work."""

import pytest
from django.urls import reverse

from tests.funding.leak_cases import (
    SECRET_BUDGET,
    SECRET_CONTRIBUTION,
    SECRET_INVOICE,
    SECRET_PUPIL,
    SECRET_SCHOOL_PAID,
    _records,
)
from tests.leak_matrix import build_world


@pytest.fixture
def world(db):
    world = build_world()
    world.records = _records(world)
    return world


def body(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


SCHOOL_PAGES = (
    "funding:index",
    "funding:top-ups",
    "funding:recoupment-list",
    "funding:contributions",
    "funding:equity",
)


@pytest.mark.parametrize("name", SCHOOL_PAGES)
def test_a_school_sees_its_own_figures_and_no_other_schools(client, world, name):
    url = reverse(name)
    own = body(client, world.users["senco_a"], url)
    other = body(client, world.users["senco_b"], url)
    school_a = world.school_a.name
    assert any(secret in own for secret in (school_a, SECRET_PUPIL, SECRET_SCHOOL_PAID, SECRET_CONTRIBUTION))
    for secret in (SECRET_PUPIL, SECRET_SCHOOL_PAID, school_a, SECRET_CONTRIBUTION, SECRET_BUDGET):
        assert secret not in other, f"{name}: school B saw {secret}"


def test_the_schools_own_pages_show_its_pupil_and_amounts(client, world):
    top_ups = body(client, world.users["senco_a"], reverse("funding:top-ups"))
    assert SECRET_SCHOOL_PAID in top_ups and SECRET_PUPIL not in top_ups  # the LA pays Xanthe's
    recoupments = body(client, world.users["senco_a"], reverse("funding:recoupment-list"))
    assert SECRET_PUPIL in recoupments and world.school_a.name in recoupments
    assert SECRET_CONTRIBUTION in body(client, world.users["senco_a"], reverse("funding:contributions"))
    equity = body(client, world.users["senco_a"], reverse("funding:equity-csv"))
    assert world.school_a.name in equity and world.school_b.name not in equity


@pytest.mark.parametrize("name", ["funding:invoice-list", "funding:invoice-create", "funding:invoice-placements-csv"])
def test_a_provider_sees_only_its_own_invoices_and_placements(client, world, name):
    url = reverse(name)
    assert SECRET_PUPIL in body(client, world.users["provider_user_a"], url)
    other = body(client, world.users["provider_user_b"], url)
    assert SECRET_PUPIL not in other and SECRET_INVOICE not in other


def test_forum_members_get_404_on_pupil_level_pages_and_403_on_the_rest(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["forum_member"])
    pupil_level = [
        reverse("funding:top-ups"),
        reverse("funding:recoupment-list"),
        reverse("funding:recoupment-detail", args=[calculated.pk]),
        reverse("funding:recoupment-calculate", args=[to_calculate.pk]),
        reverse("funding:exclusions-to-calculate"),
        reverse("funding:band-agree", args=[placement.pk]),
        reverse("funding:invoice-list"),
        reverse("funding:invoice-detail", args=[invoice.pk]),
        reverse("funding:invoice-create"),
    ]
    for url in pupil_level:
        assert client.get(url).status_code == 404, url
    for name in ("funding:index", "funding:hnb-dashboard", "funding:equity", "funding:contributions", "funding:places"):
        assert client.get(reverse(name)).status_code == 403, name


@pytest.mark.parametrize("role", ["la_officer", "la_manager", "administrator"])
def test_officers_and_managers_read_but_are_offered_no_changes(client, world, role):
    placement, invoice, to_calculate, calculated, notified = world.records
    dashboard = body(client, world.users[role], reverse("funding:hnb-dashboard"))
    assert "Work out committed costs again" not in dashboard
    detail = body(client, world.users[role], reverse("funding:recoupment-detail", args=[calculated.pk]))
    assert SECRET_PUPIL in detail and "Mark the school as notified" not in detail and "Waive" not in detail
    invoice_page = body(client, world.users[role], reverse("funding:invoice-detail", args=[invoice.pk]))
    assert SECRET_INVOICE in invoice_page and "Approve, query or reject" not in invoice_page
    assert client.get(reverse("funding:recoupment-notify", args=[calculated.pk])).status_code == 404
    assert client.get(reverse("funding:budget-line-add")).status_code == 403


def test_finance_officers_are_offered_the_changes(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    finance = world.users["la_finance"]
    assert "Work out committed costs again" in body(client, finance, reverse("funding:hnb-dashboard"))
    detail = body(client, finance, reverse("funding:recoupment-detail", args=[calculated.pk]))
    assert "Mark the school as notified" in detail and "Waive" in detail and "Mark as recovered" not in detail
    assert "Approve, query or reject" in body(client, finance, reverse("funding:invoice-detail", args=[invoice.pk]))
    assert "Agree a band" in body(client, finance, reverse("funding:top-ups"))
