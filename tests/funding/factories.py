"""Factories of the funding app (each app's tests import the core's and the apps' below)."""

import datetime as dt
import uuid
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from funding.models import (
    BudgetLine,
    CommissionedPlaces,
    Invoice,
    PerPupilRate,
    SchoolContribution,
    ServiceCost,
)
from tests.factories import LocalAuthorityFactory
from tests.placements.factories import ExclusionFactory, PlacementFactory, PupilFactory, route_for
from tests.providers.factories import ProviderFactory


class PerPupilRateFactory(DjangoModelFactory):
    class Meta:
        model = PerPupilRate

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    financial_year = 2025
    kind = "awpu"
    band = "ks3"
    amount = Decimal("5000.00")


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    financial_year = 2026
    name = factory.Sequence(lambda n: f"Budget line {n}")
    amount = Decimal("120000.00")


class CommissionedPlacesFactory(DjangoModelFactory):
    class Meta:
        model = CommissionedPlaces

    provider = factory.SubFactory(ProviderFactory, provider_type="pru")
    local_authority = factory.LazyAttribute(lambda o: o.provider.organisation.local_authority)
    academic_year = 2026
    places = 10
    rate_per_place = Decimal("10000.00")


class SchoolContributionFactory(DjangoModelFactory):
    class Meta:
        model = SchoolContribution

    school = factory.SubFactory("tests.factories.SchoolFactory")
    local_authority = factory.LazyAttribute(lambda o: o.school.organisation.local_authority)
    financial_year = 2026
    annual_amount = Decimal("1500.00")


class ServiceCostFactory(DjangoModelFactory):
    class Meta:
        model = ServiceCost

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    financial_year = 2026
    description = factory.Sequence(lambda n: f"Cost {n}")
    amount = Decimal("10000.00")


def la_paid_placement(**kwargs):
    """An active placement the LA pays the top-up of (awaiting a school place), at £95 a day for 6
    sessions a week: £285.00 a week, £47.50 a session."""
    kwargs.setdefault("status", "active")
    placement = PlacementFactory(
        commissioner="la",
        lump_sum_funder="la",
        top_up_funder="la",
        registration="single",
        main_setting="",
        home_school_attendance_code="",
        **kwargs,
    )
    placement.route = route_for(placement.pupil.home_la, "awaiting_place")
    placement.route_snapshot = placement.route.rules_snapshot()
    placement.rate_unit, placement.rate_amount = "day", Decimal("95.00")
    placement.weekly_cost = Decimal("285.00")
    placement.save()
    return placement


class InvoiceFactory(DjangoModelFactory):
    """An invoice as stored (no check run): use funding.services.invoice_submit to check one."""

    class Meta:
        model = Invoice

    placement = factory.LazyFunction(la_paid_placement)
    local_authority = factory.LazyAttribute(lambda o: o.placement.pupil.home_la)
    provider = factory.LazyAttribute(lambda o: o.placement.provider)
    reference = factory.Sequence(lambda n: f"INV-{n:05d}")
    period_start = factory.LazyAttribute(lambda o: o.placement.start_date)
    period_end = factory.LazyAttribute(lambda o: o.placement.start_date + dt.timedelta(days=13))
    sessions_invoiced = 12
    amount = Decimal("570.00")
    received_on = factory.LazyAttribute(lambda o: o.period_end)
    payment_terms_days = 30
    due_on = factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=30))
    submission_token = factory.LazyFunction(uuid.uuid4)


__all__ = [
    "BudgetLineFactory",
    "CommissionedPlacesFactory",
    "ExclusionFactory",
    "InvoiceFactory",
    "PerPupilRateFactory",
    "PupilFactory",
    "SchoolContributionFactory",
    "ServiceCostFactory",
    "la_paid_placement",
]
