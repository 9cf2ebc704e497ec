"""Models of the placements app: pupils, routes into AP, placements and their panel decisions.

A package so that reviews and attendance (a second engineer's part) add their own modules here
and re-export them below."""

from .placements import (
    PROVIDER_VISIBLE_STATUSES,
    TAKES_A_PLACE_STATUSES,
    AttendancePattern,
    MainSetting,
    Outcome,
    PanelDecision,
    PanelDecisionKind,
    Placement,
    PlacementStatus,
    Registration,
    RequestUpdate,
    StatusChange,
)
from .pupils import Pupil, SenStatus, Sex
from .routes import AttendanceCode, Commissioner, Funder, RegistrationRule, Route, RouteCode

__all__ = [
    "PROVIDER_VISIBLE_STATUSES",
    "TAKES_A_PLACE_STATUSES",
    "AttendanceCode",
    "AttendancePattern",
    "Commissioner",
    "Funder",
    "MainSetting",
    "Outcome",
    "PanelDecision",
    "PanelDecisionKind",
    "Placement",
    "PlacementStatus",
    "Pupil",
    "Registration",
    "RegistrationRule",
    "RequestUpdate",
    "Route",
    "RouteCode",
    "SenStatus",
    "Sex",
    "StatusChange",
]
from .attendance import AlertReason, AttendanceAlert, AttendanceMark, Mark, Session  # noqa: E402,F401
from .reviews import PlacementReview, ReviewDecision  # noqa: E402,F401
