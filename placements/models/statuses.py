"""A placement's status, and the sets of statuses that rules share (who may see a placement,
which hold a place). Its own module so that the query sets and the models both import it."""

from django.db import models


class PlacementStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    MORE_INFORMATION = "more_information", "More information needed"
    APPROVED = "approved", "Approved"
    WAITING_LIST = "waiting_list", "On the waiting list"
    BOOKED = "booked", "Booked"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    BROKEN_DOWN = "broken_down", "Broken down"


#: Placements that hold a place at their site for their key stage, from start to end date.
TAKES_A_PLACE_STATUSES = frozenset({PlacementStatus.BOOKED, PlacementStatus.ACTIVE})
#: A pupil's requests and placements still open: a new request must not overlap their dates.
OPEN_STATUSES = frozenset(
    {
        PlacementStatus.REQUESTED,
        PlacementStatus.MORE_INFORMATION,
        PlacementStatus.APPROVED,
        PlacementStatus.WAITING_LIST,
        PlacementStatus.BOOKED,
        PlacementStatus.ACTIVE,
    }
)
#: Placements a provider may see: those sent to it for acceptance, and everything after.
PROVIDER_VISIBLE_STATUSES = frozenset(
    {
        PlacementStatus.APPROVED,
        PlacementStatus.WAITING_LIST,
        PlacementStatus.BOOKED,
        PlacementStatus.ACTIVE,
        PlacementStatus.ENDED,
        PlacementStatus.BROKEN_DOWN,
    }
)
