"""Places taken at a provider's sites on a day, read with the provider page's lists
(providers.selectors.record, through placement_facts.places_taken_rows): the booked and active
placements running that day, as places_taken_at_sites counts them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from placements import selectors
from placements.models import PlacementStatus
from providers.selectors import record
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory


def test_the_page_counts_the_places_taken_today_as_places_taken_at_sites(client, la, la_officer):
    site = SiteFactory(provider__organisation__local_authority=la, name="Barn")
    other = SiteFactory(provider=site.provider, name="Annexe")
    closed = SiteFactory(provider=site.provider, name="Closed", is_active=False)
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    SiteCapacityFactory(site=site, key_stage="ks4", places=2)
    SiteCapacityFactory(site=other, key_stage="ks3", places=1)
    today, day = timezone.localdate(), dt.timedelta(days=1)
    running = {"start_date": today - 10 * day, "end_date": today + 10 * day}
    for status in (PlacementStatus.BOOKED, PlacementStatus.ACTIVE, PlacementStatus.ACTIVE):
        PlacementFactory(site=site, status=status, start_date=today - 10 * day, end_date=today)
    PlacementFactory(site=site, key_stage="ks4", status=PlacementStatus.ACTIVE, start_date=today, end_date=today)
    PlacementFactory(site=other, status=PlacementStatus.BOOKED, **running)
    PlacementFactory(site=closed, status=PlacementStatus.ACTIVE, **running)
    # Not taking a place today: ended, finished yesterday, starting tomorrow, only requested.
    PlacementFactory(site=site, status=PlacementStatus.ENDED, **running)
    PlacementFactory(site=site, status=PlacementStatus.ACTIVE, start_date=today - 10 * day, end_date=today - day)
    PlacementFactory(site=site, status=PlacementStatus.BOOKED, start_date=today + day, end_date=today + 10 * day)
    PlacementFactory(site=site, status=PlacementStatus.REQUESTED, **running)

    found = record.record_lists(
        user=la_officer, provider_id=site.provider_id, on=today, lists=record.LA_STAFF_LISTS, reviews=10
    )
    expected = {(site.pk, "ks3"): 3, (site.pk, "ks4"): 1, (other.pk, "ks3"): 1}
    assert found["places_taken"] == expected
    assert selectors.places_taken_at_sites(site_ids=[site.pk, other.pk], on=today) == expected

    client.force_login(la_officer)
    page = client.get(f"/providers/{site.provider_id}/")
    html = page.content.decode()
    free = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>'
    annexe = html[html.index("Places at Annexe") : html.index("Places at Barn")]  # sites by name
    assert annexe.count(free.format(0)) == 1  # KS3: 1 place, 1 taken
    barn = html[html.index("Places at Barn") : html.index("Prices today")]
    assert barn.count(free.format(2)) == 1  # KS3: 5 places, 3 taken
    assert barn.count(free.format(1)) == 1  # KS4: 2 places, 1 taken
