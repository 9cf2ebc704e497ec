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
