"""Every funding page and download runs the same number of queries with a little data and with
much more (limits: measured + at most 2). Lists are paged; figures are summed in the database."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apcommission.core.years import years_of
from funding.models import BudgetLine, CommissionedPlaces, Invoice, SchoolContribution, TopUpBand
from funding.services import commitments_refresh, recoupment_calculate
from tests.factories import SchoolFactory
from tests.funding.factories import la_paid_placement
from tests.funding.leak_cases import _records
from tests.leak_matrix import build_world
from tests.placements.factories import ExclusionFactory, PlacementFactory, PupilFactory
from tests.providers.factories import ProviderFactory

#: (URL name, role, the most queries it may run): as measured, + 1.
LIMITS = [
    ("funding:index", "la_finance", 13),
    ("funding:index", "senco_a", 7),
    ("funding:index", "provider_user_a", 4),
    ("funding:hnb-dashboard", "la_finance", 21),
    ("funding:hnb-csv", "la_finance", 11),
    ("funding:budget", "la_finance", 12),
    ("funding:places", "la_finance", 7),
    ("funding:place-change-csv", "la_finance", 6),
    ("funding:top-ups", "la_finance", 7),
    ("funding:top-ups", "senco_a", 6),
    ("funding:bands", "la_finance", 6),
    ("funding:lump-sums", "la_finance", 6),
    ("funding:rate-list", "la_finance", 6),
    ("funding:recoupment-list", "la_finance", 9),
    ("funding:recoupment-list", "senco_a", 8),
    ("funding:exclusions-to-calculate", "la_finance", 7),
    ("funding:invoice-list", "la_finance", 6),
    ("funding:invoice-list", "provider_user_a", 6),
    ("funding:invoice-create", "provider_user_a", 5),
    ("funding:invoice-placements-csv", "provider_user_a", 6),
    ("funding:payment-terms", "la_finance", 6),
    ("funding:contributions", "la_finance", 10),
    ("funding:contributions", "senco_a", 6),
    ("funding:equity", "la_finance", 8),
    ("funding:equity", "senco_a", 7),
    ("funding:equity-csv", "la_finance", 6),
]


def grow(world, n: int) -> None:
    """n more of everything the pages list or sum."""
    today = timezone.localdate()
    years = years_of(today)
    finance = world.users["la_finance"]
    for i in range(n):
        placement = la_paid_placement(
            pupil__home_school=world.school_a,
            site__provider=world.provider_a,
            start_date=today - dt.timedelta(days=40 + i),
            end_date=today + dt.timedelta(days=40 + i),
        )
        Invoice.objects.create(
            local_authority=world.la, placement=placement, provider=world.provider_a, reference=f"GROW-{i}",
            period_start=placement.start_date, period_end=placement.start_date + dt.timedelta(days=6),
            sessions_invoiced=6, amount=Decimal("285.00"), received_on=today, payment_terms_days=30,
            due_on=today + dt.timedelta(days=30), status="approved" if i % 2 else "received",
        )  # fmt: skip
        school_paid = PlacementFactory(
            pupil__home_school=world.school_a, requesting_school=world.school_a, status="active",
            site__provider=world.provider_a, start_date=today - dt.timedelta(days=20),
            end_date=today + dt.timedelta(days=20),
        )  # fmt: skip
        school_paid.weekly_cost = Decimal("300.00")
        school_paid.save()
        pupil = PupilFactory(home_school=world.school_a)
        recoupment_calculate(
            user=finance,
            exclusion=ExclusionFactory(pupil=pupil, kind="permanent", first_day=today - dt.timedelta(days=30 + i)),
            basis="maintained",
            submission_token=uuid.uuid4(),
        )
        ExclusionFactory(pupil=PupilFactory(home_school=world.school_b), kind="permanent", first_day=today)
        school = SchoolFactory(organisation__local_authority=world.la)
        SchoolContribution.objects.create(
            local_authority=world.la, school=school, financial_year=years.financial.start_year,
            annual_amount=Decimal("1500"), buys_traded_offer=bool(i % 2),
            charge_per_placement=Decimal("250") if i % 2 else None,
        )  # fmt: skip
        pru = ProviderFactory(organisation__local_authority=world.la, provider_type="pru")
        CommissionedPlaces.objects.create(
            local_authority=world.la, provider=pru, academic_year=years.academic.start_year, places=5 + i,
            rate_per_place=Decimal("10000"),
        )  # fmt: skip
        BudgetLine.objects.create(
            local_authority=world.la,
            financial_year=years.financial.start_year,
            name=f"Line {i}",
            amount=Decimal("1000"),
        )
        TopUpBand.objects.create(local_authority=world.la, name=f"Band {i}", annual_amount=Decimal("5000") + i)
    commitments_refresh(local_authority=world.la)


def url_for(name: str) -> str:
    if name == "funding:place-change-csv":
        return reverse(name, args=[years_of(timezone.localdate()).academic.start_year])
    return reverse(name)


def query_count(client, world, name, role) -> int:
    """The queries of the second GET (the first stores what a first request stores: the user's scope)."""
    client.force_login(world.users[role])
    client.get(url_for(name))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url_for(name))
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (name, role)
    return len(queries)


@pytest.fixture
def world(db):
    world = build_world()
    world.records = _records(world)
    return world


def test_every_page_runs_the_same_queries_with_more_data(client, world):
    small = {(name, role): query_count(client, world, name, role) for name, role, _ in LIMITS}
    grow(world, 30)
    large = {(name, role): query_count(client, world, name, role) for name, role, _ in LIMITS}
    problems = []
    for name, role, limit in LIMITS:
        if small[(name, role)] > limit or large[(name, role)] > limit:
            problems.append(
                f"{name} as {role}: {small[(name, role)]} then {large[(name, role)]} queries (limit {limit})"
            )
    assert not problems, "\n".join(problems)
    assert all(large[key] == small[key] for key in small), {
        k: (small[k], large[k]) for k in small if small[k] != large[k]
    }
