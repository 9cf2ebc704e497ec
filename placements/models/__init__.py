"""Models of the placements app: pupils, routes into AP, placements and their panel decisions,
reviews and the daily register."""

from .attendance import AlertReason, AttendanceAlert, AttendanceMark, Mark, Session
from .exclusions import Exclusion, ExclusionKind, ExclusionReason
from .figures import LocalAuthorityFigures, PupilsInApCount
from .placements import (
    AttendancePattern,
    MainSetting,
    Outcome,
    PanelDecision,
    PanelDecisionKind,
    Placement,
    Registration,
    RequestUpdate,
    StatusChange,
)
from .pupils import Pupil, SenStatus, Sex
from .reviews import PlacementReview, ReviewDecision
from .routes import AttendanceCode, Commissioner, Funder, RegistrationRule, Route, RouteCode
from .statuses import OPEN_STATUSES, PROVIDER_VISIBLE_STATUSES, TAKES_A_PLACE_STATUSES, PlacementStatus

__all__ = [
    "PROVIDER_VISIBLE_STATUSES",
    "TAKES_A_PLACE_STATUSES",
    "OPEN_STATUSES",
    "AlertReason",
    "AttendanceAlert",
    "AttendanceCode",
    "AttendanceMark",
    "AttendancePattern",
    "Commissioner",
    "Exclusion",
    "ExclusionKind",
    "ExclusionReason",
    "Funder",
    "LocalAuthorityFigures",
    "MainSetting",
    "Mark",
    "Outcome",
    "PanelDecision",
    "PanelDecisionKind",
    "Placement",
    "PlacementReview",
    "PlacementStatus",
    "Pupil",
    "PupilsInApCount",
    "Registration",
    "RegistrationRule",
    "RequestUpdate",
    "ReviewDecision",
    "Route",
    "RouteCode",
    "SenStatus",
    "Session",
    "Sex",
    "StatusChange",
]
