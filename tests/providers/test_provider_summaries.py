"""The approved list's kept cards (providers.ProviderSummary, docs/adr/0005): a card equals the
provider's summary worked out directly (approved_summaries), today's prices picked by
Price.objects.effective_on's rule; every change through the services empties it in its
transaction and the page shows the change at once; any other save or delete (the admin) empties it
too; a provider without a card is worked out for the page; the figures refresh fills the cards."""

import datetime as dt
import re
from decimal import Decimal
from html import escape

import pytest
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import KeyStage, Need, Role
from placements.services.figures import figures_refresh
from providers import selectors
from providers.choices import ChangeKind, PriceUnit
from providers.models import Price, ProviderSummary, Site, SiteCapacity, SiteNeed
from providers.services import (
    capacity_set,
    change_request_decide,
    change_request_submit,
    price_add,
    provider_summaries_refresh,
    site_add,
)
from providers.services import summaries as kept
from tests.factories import MembershipFactory, UserFactory
from tests.providers.factories import (
    PriceFactory,
    ProviderFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def provider(la):
    """Three sites (one closed), needs and places at each, and prices of every kind: all sites and
    one site, ended yesterday, ending today, starting today and starting next week."""
    provider = ProviderFactory(organisation__name="Three Sites Learning", organisation__local_authority=la)
    town = SiteFactory(provider=provider, name="Town", postcode_district="HR4", postcode="HR4 1AA")
    farm = SiteFactory(provider=provider, name="Farm", postcode_district="HR1", postcode="HR1 1AA")
    closed = SiteFactory(provider=provider, name="Closed", postcode_district="HR9", is_active=False)
    for site, key_stage, places in (
        (town, KeyStage.KS4, 3),
        (farm, KeyStage.KS4, 4),
        (farm, KeyStage.KS3, 2),
        (closed, KeyStage.KS2, 9),
    ):
        SiteCapacityFactory(site=site, key_stage=key_stage, places=places)
    for site, need in ((town, Need.SEMH), (farm, Need.SEMH), (farm, Need.MEDICAL), (closed, Need.OUTREACH)):
        SiteNeedFactory(site=site, need=need)
    month_ago = TODAY - 30 * DAY
    for site, unit, amount, start, end in (
        (None, PriceUnit.DAY, "70.00", month_ago, TODAY - DAY),  # ended yesterday
        (None, PriceUnit.DAY, "95.00", TODAY, None),  # from today
        (farm, PriceUnit.DAY, "80.50", month_ago, TODAY),  # until today
        (farm, PriceUnit.DAY, "85.00", TODAY + DAY, None),  # from tomorrow
        (town, PriceUnit.SESSION, "40.00", month_ago, None),
        (None, PriceUnit.WEEK, "450.00", TODAY + 7 * DAY, None),  # from next week
        (closed, PriceUnit.HOUR, "12.50", month_ago, None),  # at a closed site: still on the list
    ):
        PriceFactory(
            provider=provider, site=site, unit=unit, amount=Decimal(amount), effective_from=start, effective_to=end
        )
    return provider


@pytest.fixture
def school_user(senco_school_a):
    return senco_school_a


@pytest.fixture
def services_only():
    """The models' receivers disconnected: what the services do themselves, without the safety net."""
    receivers = (
        (post_save, kept._site_or_price_saved, (Site, Price)),
        (post_save, kept._need_or_places_saved, (SiteNeed, SiteCapacity)),
        (post_delete, kept._site_or_price_deleted, (Site, Price)),
        (post_delete, kept._need_or_places_deleted, (SiteNeed, SiteCapacity)),
    )
    for signal, receiver, senders in receivers:
        for sender in senders:
            assert signal.disconnect(receiver, sender=sender)
    yield
    for signal, receiver, senders in receivers:
        for sender in senders:
            signal.connect(receiver, sender=sender)


def _card(provider) -> dict | None:
    return ProviderSummary.objects.get(provider=provider).card


def _page(client, user) -> str:
    """The approved list's page as the user sees it (its forms' CSRF tokens left out: new each time)."""
    client.force_login(user)
    body = client.get(reverse("providers:approved-list")).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_a_kept_card_is_the_summary_worked_out_directly_on_every_day(provider):
    bare = ProviderFactory()
    provider_summaries_refresh()
    for on in (TODAY - 31 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 7 * DAY):
        direct = selectors.approved_summaries([provider.pk, bare.pk], on=on)
        assert direct == selectors.approved_summaries([provider.pk, bare.pk], on=on, compiled=True)
        for each in (provider, bare):
            assert selectors.card_summary(_card(each), on=on) == direct[each.pk], on
    today = selectors.card_summary(_card(provider), on=TODAY)
    assert today["key_stages"] == [("Key stage 3", 2), ("Key stage 4", 7)]
    assert today["districts"] == ["HR1", "HR4"] and today["places"] == 9
    assert [(p.amount, p.unit, p.site_name) for p in today["prices"]] == [
        (Decimal("80.50"), "per day", "Farm"),
        (Decimal("95.00"), "per day", None),
        (Decimal("12.50"), "per hour", "Closed"),
        (Decimal("40.00"), "per session", "Town"),
    ]


def test_a_card_picks_the_prices_effective_on_s_rule_picks(provider):
    provider_summaries_refresh()
    card = _card(provider)
    for offset in range(-32, 10):
        on = TODAY + offset * DAY
        effective = Price.objects.filter(provider=provider).effective_on(on).order_by("unit", "amount")
        picked = [(p.amount, p.site_name) for p in selectors.card_summary(card, on=on)["prices"]]
        assert picked == [(p.amount, p.site.name if p.site else None) for p in effective], on


def test_the_page_reads_the_kept_cards_and_shows_what_it_worked_out_directly(client, provider, school_user):
    worked_out = _page(client, school_user)
    provider_summaries_refresh()
    ProviderSummary.objects.update(card={"places": {}, "needs": [], "districts": ["XX1"], "prices": []})
    assert "XX1" in _page(client, school_user)  # the kept card is what the page shows
    provider_summaries_refresh(force=True)
    assert _page(client, school_user) == worked_out
    assert "Key stage 3: 2<br>Key stage 4: 7" in worked_out and "HR1, HR4" in worked_out
    assert "£80.50 per day (Farm); £95.00 per day; £12.50 per hour (Closed); £40.00 per session (Town)" in worked_out


def test_a_provider_without_a_card_is_worked_out_for_the_page(client, la, provider, school_user):
    other = ProviderFactory(organisation__name="Another Learning", organisation__local_authority=la)
    SiteCapacityFactory(site=SiteFactory(provider=other, postcode_district="HR2"), key_stage=KeyStage.KS1, places=6)
    provider_summaries_refresh()
    ProviderSummary.objects.filter(provider=other).delete()  # never worked out
    body = _page(client, school_user)
    assert "Key stage 1: 6" in body and "HR2" in body
    assert "Key stage 3: 2<br>Key stage 4: 7" in body


@pytest.mark.usefixtures("services_only")
@pytest.mark.parametrize(
    "change, shown",
    [
        ("site", "HR6"),
        ("places", "Key stage 3: 5<br>Key stage 4: 3"),
        ("price", "£12.50 per hour (Closed); £900.00 per place per year; £40.00 per session"),
        ("price asked for", "£12.50 per hour (Closed); £900.00 per place per year; £40.00 per session"),
        ("places asked for", "Key stage 3: 5<br>Key stage 4: 3"),
    ],
)
def test_each_change_through_the_services_empties_the_card_and_shows_at_once(
    client, provider, school_user, la_officer, change, shown
):
    provider_summaries_refresh()
    assert _card(provider) is not None and shown not in _page(client, school_user)
    farm = provider.sites.get(name="Farm")
    if change == "site":
        site_add(provider=provider, author=la_officer, name="Hill", postcode="HR6 8AA", needs=[Need.SEMH])
    elif change == "places":
        capacity_set(site=farm, author=la_officer, places={KeyStage.KS3: 5, KeyStage.KS4: 0})
    elif change == "price":
        price_add(
            provider=provider, author=la_officer, unit=PriceUnit.PLACE_YEAR, amount=Decimal("900"), effective_from=TODAY
        )
    else:
        user = UserFactory()
        MembershipFactory(user=user, organisation=provider.organisation, role=Role.PROVIDER_USER)
        if change == "price asked for":
            kind = ChangeKind.PRICE
            payload = {"site_id": None, "unit": "place_year", "amount": "900.00", "effective_from": TODAY.isoformat()}
        else:
            kind, payload = ChangeKind.CAPACITY, {"site_id": farm.pk, "places": {"ks3": 5, "ks4": 0}}
        request = change_request_submit(provider=provider, author=user, kind=kind, payload=payload, summary="Change")
        assert _card(provider) is not None  # asked for: nothing changed yet
        change_request_decide(request=request, author=la_officer, approve=True)
    assert _card(provider) is None
    assert shown in _page(client, school_user)
    assert provider_summaries_refresh() == 1
    assert _card(provider) is not None and shown in _page(client, school_user)


@pytest.mark.parametrize(
    "edit, shown",
    [
        ("rename a site", "£80.50 per day (Orchard)"),
        ("close a site", "Key stage 4: 3</dd>"),
        ("remove a need", f'Needs</dt><dd class="govuk-summary-list__value">{escape(Need.SEMH.label)}</dd>'),
        ("change places", "Key stage 3: 2<br>Key stage 4: 11"),
        ("remove places", 'Places</dt><dd class="govuk-summary-list__value">Key stage 4: 7</dd>'),
        ("end a price", "£80.50 per day (Farm); £95.00 per day; £12.50 per hour (Closed)</dd>"),
        ("remove a price", "£80.50 per day (Farm); £95.00 per day; £40.00 per session (Town)"),
    ],
)
def test_an_edit_outside_the_services_empties_the_card_too(client, provider, school_user, edit, shown):
    provider_summaries_refresh()
    assert shown not in _page(client, school_user)
    farm, town = provider.sites.get(name="Farm"), provider.sites.get(name="Town")
    if edit == "rename a site":
        farm.name = "Orchard"
        farm.save()
    elif edit == "close a site":
        farm.is_active = False
        farm.save()
    elif edit == "remove a need":
        SiteNeed.objects.filter(site=farm, need=Need.MEDICAL).delete()
    elif edit == "change places":
        capacity = town.capacities.get()
        capacity.places = 7
        capacity.save()
    elif edit == "remove places":
        farm.capacities.get(key_stage=KeyStage.KS3).delete()
    elif edit == "end a price":
        price = Price.objects.get(provider=provider, unit=PriceUnit.SESSION)
        price.effective_to = TODAY - DAY
        price.save()
    else:
        Price.objects.get(provider=provider, unit=PriceUnit.HOUR).delete()
    assert _card(provider) is None
    assert shown in _page(client, school_user)


def test_the_refresh_fills_missing_emptied_and_old_cards_only(provider):
    others = [ProviderFactory() for _ in range(2)]
    assert provider_summaries_refresh() == 3
    assert provider_summaries_refresh() == 0  # all fresh
    ProviderSummary.objects.filter(provider=others[0]).update(card=None)
    ProviderSummary.objects.filter(provider=others[1]).update(as_of=timezone.now() - kept.REFRESH_EVERY)
    ProviderSummary.objects.filter(provider=provider).delete()
    assert provider_summaries_refresh() == 3
    assert not ProviderSummary.objects.filter(card__isnull=True).exists()
    assert provider_summaries_refresh(force=True) == 3


def test_the_figures_refresh_fills_the_cards(provider):
    figures_refresh()
    assert _card(provider) is not None


def test_the_page_costs_the_same_queries_with_more_providers_kept_or_not(client, la, provider, school_user):
    def counted() -> int:
        client.get(reverse("providers:approved-list"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("providers:approved-list")).status_code == 200
        return len(queries)

    client.force_login(school_user)
    provider_summaries_refresh()
    kept_one = counted()
    for _ in range(3):
        other = ProviderFactory(organisation__local_authority=la)
        SiteCapacityFactory(site=SiteFactory(provider=other), key_stage=KeyStage.KS2, places=4)
        PriceFactory(provider=other)
    provider_summaries_refresh()
    assert counted() == kept_one
    ProviderSummary.objects.update(card=None)
    assert counted() == kept_one + 1  # the providers without a card: one statement for them all
