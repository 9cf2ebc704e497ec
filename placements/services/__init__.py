"""Every write in the placements app (HackSoftware styleguide): keyword-only functions that check
the rule, own the transaction and write the audit entry in it."""

from .booking import (
    ALLOWED_TRANSITIONS,
    PlacementDetails,
    can_place_directly,
    can_request_placement,
    placement_book,
    placement_check_dates,
    placement_check_overlap,
    placement_check_route,
    placement_check_site,
    placement_create_by_officer,
    placement_end,
    placement_extend,
    placement_request,
    placement_start,
    placement_withdraw,
    waiting_list_offer_freed_places,
)
from .panel import can_send_more_information, panel_decide, placement_send_more_information
from .pupils import PupilDetails, PupilPersonalDetails, can_edit_pupil, pupil_create, pupil_update
from .routes import route_update, routes_ensure_for_la
from .transfers import (
    can_merge_transfer,
    can_resolve_transfer,
    pupil_transfer_correct,
    pupil_transfer_merge,
    pupil_transfer_request,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "PlacementDetails",
    "PupilDetails",
    "PupilPersonalDetails",
    "can_edit_pupil",
    "can_merge_transfer",
    "can_resolve_transfer",
    "can_place_directly",
    "can_request_placement",
    "can_send_more_information",
    "panel_decide",
    "placement_book",
    "placement_check_dates",
    "placement_check_overlap",
    "placement_check_route",
    "placement_check_site",
    "placement_create_by_officer",
    "placement_end",
    "placement_extend",
    "placement_request",
    "placement_send_more_information",
    "placement_start",
    "placement_withdraw",
    "pupil_create",
    "pupil_transfer_correct",
    "pupil_transfer_merge",
    "pupil_transfer_request",
    "pupil_update",
    "route_update",
    "routes_ensure_for_la",
    "waiting_list_offer_freed_places",
]
