import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apcommission.core.models import KeyStage, Need
from providers.models import ApprovalStatus, Price, PriceUnit, Provider, ProviderType, Site, SiteCapacity, SiteNeed
from tests.factories import ProviderOrganisationFactory


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    organisation = factory.SubFactory(ProviderOrganisationFactory)
    provider_type = ProviderType.REGISTERED_INDEPENDENT_AP
    status = ApprovalStatus.APPROVED
    ukprn = factory.Sequence(lambda n: f"1{n:07d}")


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "HR4 9AA"
    postcode_district = "HR4"


class SiteCapacityFactory(DjangoModelFactory):
    class Meta:
        model = SiteCapacity

    site = factory.SubFactory(SiteFactory)
    key_stage = KeyStage.KS4
    places = 3


class SiteNeedFactory(DjangoModelFactory):
    class Meta:
        model = SiteNeed

    site = factory.SubFactory(SiteFactory)
    need = Need.SEMH


class PriceFactory(DjangoModelFactory):
    class Meta:
        model = Price

    provider = factory.SubFactory(ProviderFactory)
    unit = PriceUnit.DAY
    amount = Decimal("95.00")
    effective_from = dt.date(2026, 9, 1)
