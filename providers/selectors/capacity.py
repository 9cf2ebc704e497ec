"""Places free at a provider's site: its capacity less the places placements take."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import (
    Site,
    SiteCapacity,
)
from ..placement_facts import placement_facts


def site_places_free(site: Site, key_stage: str, on: dt.date | None = None) -> int:
    """Places free at a site for a key stage on a date: the site's capacity less the places the
    placements app says are taken (providers.placement_facts)."""
    on = on or timezone.localdate()
    capacity = SiteCapacity.objects.filter(site=site, key_stage=key_stage).values_list("places", flat=True).first() or 0
    return max(capacity - _places_taken(site=site, key_stage=key_stage, on=on), 0)


def _places_taken(*, site: Site, key_stage: str, on: dt.date) -> int:
    return int(placement_facts.places_taken(site=site, key_stage=key_stage, on=on))


def sites_places_free(sites, *, on: dt.date | None = None) -> dict[tuple[int, str], int]:
    """{(site id, key stage): places free on `on`} for sites whose capacities are prefetched
    (`site.capacities.all()`): one query for the places taken at all of them."""
    on = on or timezone.localdate()
    sites = list(sites)
    taken = placement_facts.places_taken_at_sites(site_ids=[s.pk for s in sites], on=on) if sites else {}
    return {
        (site.pk, capacity.key_stage): max(capacity.places - taken.get((site.pk, capacity.key_stage), 0), 0)
        for site in sites
        for capacity in site.capacities.all()
    }
