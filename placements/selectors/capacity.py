"""Places at a provider's site: how many are taken on a day or at the busiest day of a period, and the waiting list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from ..models import TAKES_A_PLACE_STATUSES, Placement, PlacementStatus


def places_taken(*, site, key_stage: str, on: dt.date) -> int:
    """Places at `site` for `key_stage` held by booked or active placements on the day `on`."""
    return Placement.objects.filter(
        site=site, key_stage=key_stage, status__in=TAKES_A_PLACE_STATUSES, start_date__lte=on, end_date__gte=on
    ).count()


def places_taken_at_sites(*, site_ids, on: dt.date) -> dict[tuple[int, str], int]:
    """{(site id, key stage): places held on `on`} for many sites in one GROUP BY."""
    rows = places_taken_rows(site_ids=list(site_ids), on=on)
    return {(row["site_id"], row["key_stage"]): row["n"] for row in rows}


def places_taken_rows(*, site_ids, on: dt.date) -> QuerySet:
    """The places held on `on` at the sites `site_ids` (ids, or a query of them) by booked or
    active placements, as rows of site_id, key_stage and n, unordered: read from
    placement_capacity_idx alone, the placements still running on the day."""
    return (
        Placement.objects.filter(
            site_id__in=site_ids, status__in=TAKES_A_PLACE_STATUSES, start_date__lte=on, end_date__gte=on
        )
        .values("site_id", "key_stage")
        .annotate(n=Count("*"))
        .order_by()
    )


def peak_places_taken(*, site, key_stage: str, start: dt.date, end: dt.date, exclude_id: int | None = None) -> int:
    """The most places held on any one day from start to end (a sweep over the overlapping bookings).

    A booking fits when this is below the site's places for the key stage: no day is overbooked."""
    rows = (
        Placement.objects.filter(site=site, key_stage=key_stage, status__in=TAKES_A_PLACE_STATUSES)
        .filter(start_date__lte=end, end_date__gte=start)
        .exclude(pk=exclude_id)
        .values_list("start_date", "end_date")
    )
    events: list[tuple[dt.date, int]] = []
    for booked_start, booked_end in rows:
        events.append((max(booked_start, start), 1))
        events.append((min(booked_end, end) + dt.timedelta(days=1), -1))
    peak = current = 0
    for _day, change in sorted(events, key=lambda e: (e[0], e[1])):
        current += change
        peak = max(peak, current)
    return peak


def waiting_list(*, site, key_stage: str) -> QuerySet[Placement]:
    """Placements waiting for a place at the site and key stage, first come first served."""
    return Placement.objects.filter(site=site, key_stage=key_stage, status=PlacementStatus.WAITING_LIST).order_by(
        "waiting_since", "id"
    )


def waiting_list_position(placement: Placement) -> int | None:
    if placement.status != PlacementStatus.WAITING_LIST or placement.waiting_since is None:
        return None
    ahead = waiting_list(site=placement.site_id, key_stage=placement.key_stage).filter(
        Q(waiting_since__lt=placement.waiting_since) | Q(waiting_since=placement.waiting_since, id__lt=placement.pk)
    )
    return ahead.count() + 1
