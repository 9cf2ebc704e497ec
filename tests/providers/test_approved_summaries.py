"""The approved list reads each provider's sites, places, needs and prices as grouped rows
(selectors.approved_summaries): the figures must be those the provider's own page works out from
its sites (summarise_sites), and the prices today's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import KeyStage, Need
from providers import selectors
from providers.choices import PriceUnit
from tests.providers.factories import (
    PriceFactory,
    ProviderFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)

pytestmark = pytest.mark.django_db


def _provider_with_two_sites(la):
    today = timezone.localdate()
    provider = ProviderFactory(organisation__name="Two Sites Learning", organisation__local_authority=la)
    town = SiteFactory(provider=provider, name="Town", postcode_district="HR4", postcode="HR4 1AA")
    farm = SiteFactory(provider=provider, name="Farm", postcode_district="HR1", postcode="HR1 1AA")
    closed = SiteFactory(provider=provider, name="Closed", postcode_district="HR9", is_active=False)
    for site, key_stage, places in ((town, KeyStage.KS4, 3), (farm, KeyStage.KS4, 4), (farm, KeyStage.KS3, 2)):
        SiteCapacityFactory(site=site, key_stage=key_stage, places=places)
    SiteCapacityFactory(site=closed, key_stage=KeyStage.KS2, places=9)
    for site, need in ((town, Need.SEMH), (farm, Need.SEMH), (farm, Need.MEDICAL), (closed, Need.OUTREACH)):
        SiteNeedFactory(site=site, need=need)
    month_ago = today - dt.timedelta(days=30)
    PriceFactory(provider=provider, unit=PriceUnit.DAY, amount=Decimal("95.00"), effective_from=month_ago)
    PriceFactory(provider=provider, site=farm, unit=PriceUnit.DAY, amount=Decimal("80.50"), effective_from=month_ago)
    PriceFactory(
        provider=provider,
        unit=PriceUnit.DAY,
        amount=Decimal("70.00"),
        effective_from=month_ago,
        effective_to=today - dt.timedelta(days=1),
    )
    return provider


def test_the_approved_list_figures_are_those_of_the_provider_page(la):
    provider = _provider_with_two_sites(la)
    bare = ProviderFactory(organisation__local_authority=la)

    summaries = selectors.approved_summaries([provider.pk, bare.pk])

    from_sites = selectors.summarise_sites(selectors.provider_for_detail(provider=provider))
    assert {k: v for k, v in summaries[provider.pk].items() if k != "prices"} == from_sites
    _provider, _sites, on_the_page = selectors.provider_page(provider=provider)
    assert on_the_page == from_sites
    assert from_sites["key_stages"] == [("Key stage 3", 2), ("Key stage 4", 7)]
    assert from_sites["districts"] == ["HR1", "HR4"]
    assert [(p.amount, p.site_name) for p in summaries[provider.pk]["prices"]] == [
        (Decimal("80.50"), "Farm"),
        (Decimal("95.00"), None),
    ]
    assert summaries[bare.pk] == {"key_stages": [], "needs": [], "districts": [], "places": 0, "prices": []}


def test_the_approved_list_card_shows_places_needs_areas_and_todays_prices(client, la, senco_school_a):
    _provider_with_two_sites(la)
    client.force_login(senco_school_a)
    body = client.get(reverse("providers:approved-list")).content.decode()
    assert "Key stage 3: 2<br>Key stage 4: 7" in body
    assert "HR1, HR4" in body and "HR9" not in body
    assert "£80.50 per day (Farm); £95.00 per day" in body and "£70.00" not in body
