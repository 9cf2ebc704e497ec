"""Keeping each provider's registration-test counts (providers.models.RegistrationCount)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .. import registration
from ..choices import NON_SCHOOL_TYPES
from ..models import Provider, RegistrationCount
from ..placement_facts import placement_facts

BATCH = 500


def registration_counts_refresh(*, on: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Count every non-school provider's full-time pupils on `on` (today) for the registration test
    (Education and Skills Act 2008 s.92; providers.registration) and store the counts: one query
    for the pupils and one upsert per 500 providers. Run by the figures refresh (placements)."""
    now = now or timezone.now()
    on = on or timezone.localdate(now)
    provider_ids = list(Provider.objects.filter(provider_type__in=NON_SCHOOL_TYPES).values_list("pk", flat=True))
    for first in range(0, len(provider_ids), BATCH):
        batch = provider_ids[first : first + BATCH]
        pupils = placement_facts.registration_inputs(providers=batch, on=on)
        rows = []
        for provider_id in batch:
            counts = registration.count_pupils(pupils.get(provider_id, []))
            rows.append(
                RegistrationCount(
                    provider_id=provider_id,
                    on=on,
                    full_time=counts.full_time,
                    full_time_with_ehcp_or_looked_after=counts.full_time_with_ehcp_or_looked_after,
                    as_of=now,
                )
            )
        with transaction.atomic():
            RegistrationCount.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["provider"],
                update_fields=["on", "full_time", "full_time_with_ehcp_or_looked_after", "as_of"],
            )
    return len(provider_ids)
