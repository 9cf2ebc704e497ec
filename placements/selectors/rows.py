"""Rows of the placement table (placements/_placement_table.html) as plain dictionaries: the
template engine reads a dictionary's keys several times faster than a model's attributes, and
each row's address comes from one reversed prefix (core.addresses)."""

from __future__ import annotations

from apcommission.core.addresses import address_of

from ..models import Placement


def placement_rows(placements, *, show_pupil: bool = True) -> list[dict]:
    """The table's columns of each placement (the pupil when `show_pupil`, provider and site,
    route, dates, status); the placements need those relations selected."""
    address = address_of("placements:placement-detail")
    return [_row(placement, address, show_pupil) for placement in placements]


def _row(placement: Placement, address, show_pupil: bool) -> dict:
    return {
        "url": address(placement.pk),
        "pupil_name": placement.pupil.full_name if show_pupil else "",
        "key_stage": placement.get_key_stage_display(),
        "provider_name": placement.provider.name,
        "site_name": placement.site.name,
        "route_name": (placement.route_snapshot or {}).get("name") or placement.route.name,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "status": placement.get_status_display(),
    }
