"""Models of the placements app: pupils, routes into AP, placements and their panel decisions,
reviews and the daily register."""

from .attendance import AlertReason, AttendanceMark, Mark, Session
from .deadlines import (
    DAY6_KINDS,
    PLACEMENT_KINDS,
    PROVIDER_KINDS,
    PROVISION_KINDS,
    STATUTORY_KINDS,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DutyHolder,
    HealthAbsence,
    Reminder,
    ReminderStage,
    attendance_key,
)
from .exclusions import Exclusion, ExclusionKind, ExclusionReason
from .figures import LocalAuthorityFigures, OrganisationFigures, PupilsInApCount
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
from .transfers import PupilTransfer, TransferStatus

__all__ = [
    "DAY6_KINDS",
    "PLACEMENT_KINDS",
    "PROVIDER_KINDS",
    "STATUTORY_KINDS",
    "PROVISION_KINDS",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "DutyHolder",
    "HealthAbsence",
    "Reminder",
    "ReminderStage",
    "attendance_key",
    "TransferStatus",
    "PROVIDER_VISIBLE_STATUSES",
    "TAKES_A_PLACE_STATUSES",
    "OPEN_STATUSES",
    "AlertReason",
    "AttendanceCode",
    "AttendanceMark",
    "AttendancePattern",
    "Commissioner",
    "Exclusion",
    "ExclusionKind",
    "ExclusionReason",
    "Funder",
    "LocalAuthorityFigures",
    "OrganisationFigures",
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
    "PupilTransfer",
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
