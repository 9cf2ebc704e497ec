"""Rows of the placement table (placements/_placement_table.html) and the pupil list as plain
dictionaries: the template engine reads a dictionary's keys several times faster than a model's
attributes, and each row's address comes from one reversed prefix (core.addresses)."""

from __future__ import annotations

from apcommission.core.addresses import address_of

from ..models import Placement, Pupil


def placement_rows(placements, *, show_pupil: bool = True) -> list[dict]:
    """The table's columns of each placement (the pupil when `show_pupil`, provider and site,
    route, dates, status); the placements need those relations selected."""
    address = address_of("placements:placement-detail")
    return [_row(placement, address, show_pupil) for placement in placements]


def _row(placement: Placement, address, show_pupil: bool) -> dict:
    return {
        "url": address(placement.pk),
        "pupil_name": placement.pupil.full_name if show_pupil else "",
        # This academic year's key stage, not the booked place's (shown with the pupil's name).
        "key_stage": placement.key_stage_today.label if show_pupil else "",
        "provider_name": placement.provider.name,
        "site_name": placement.site.name,
        "route_name": (placement.route_snapshot or {}).get("name") or placement.route.name,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "status": placement.get_status_display(),
    }


def pupil_rows(pupils) -> list[dict]:
    """The pupil list's columns (placements/pupil_list.html); the pupils need
    home_school__organisation selected."""
    address = address_of("placements:pupil-detail")
    return [_pupil_row(pupil, address) for pupil in pupils]


def _pupil_row(pupil: Pupil, address) -> dict:
    return {
        "url": address(pupil.pk),
        "full_name": pupil.full_name,
        "looked_after": pupil.looked_after,
        "upn": pupil.upn,
        "date_of_birth": pupil.date_of_birth,
        "school_name": pupil.home_school.name if pupil.home_school else None,
        "sen_status": pupil.get_sen_status_display(),
    }
