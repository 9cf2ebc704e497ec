"""Reads of the placements app that views, CSVs, PDFs, e-mails and other apps share. Each module
holds one part of the domain; every query of pupil-level data starts from `visible_to(user)`."""

from .attendance import (
    WAS_IN_AP_STATUSES,
    AttendanceStats,
    attendance_by_placement,
    can_mark_register,
    placement_attendance_figures,
    placement_mark_rows,
    placements_not_yet_on_register,
    pupils_in_ap_at,
    pupils_in_ap_there,
    register_marks,
    register_placements,
    register_providers,
    sessions_attended,
)
from .calendars import calendar_key, calendar_key_of, calendars_for, school_days_between
from .capacity import peak_places_taken, places_taken, places_taken_at_sites, waiting_list, waiting_list_position
from .costs import PlacementMonth, placement_last_day, placement_months
from .dashboard import Dashboard, alerts_today, dashboard
from .deadlines import (
    Day6Figures,
    DeadlineRow,
    DutyCounts,
    TaskList,
    day6_duties_met,
    deadline_state,
    duties_of,
    pupil_deadlines,
    task_list,
)
from .home import home_panels
from .registration import provider_registration_inputs, providers_registration_inputs, school_has_used_provider
from .requests import Suggestion, price_for, routes_for_la, suggest_sites
from .reviews import ReviewDue, next_review_due, review_due_items, reviews_due, reviews_due_queryset
from .rows import placement_rows
from .snapshot import (
    Snapshot,
    SnapshotRow,
    key_stage_snapshot,
    key_stage_snapshot_of,
    pupils_in_ap_by_key_stage,
    pupils_in_ap_on,
    snapshot_default_dates,
)
from .timeline import PupilHistory, TimelineEvent, pupil_history, pupil_timeline, timeline_rows

__all__ = [
    "placement_rows",
    "Day6Figures",
    "DeadlineRow",
    "DutyCounts",
    "TaskList",
    "day6_duties_met",
    "deadline_state",
    "duties_of",
    "pupil_deadlines",
    "task_list",
    "WAS_IN_AP_STATUSES",
    "AttendanceStats",
    "Dashboard",
    "PlacementMonth",
    "ReviewDue",
    "Snapshot",
    "SnapshotRow",
    "Suggestion",
    "TimelineEvent",
    "alerts_today",
    "attendance_by_placement",
    "calendar_key",
    "calendar_key_of",
    "calendars_for",
    "can_mark_register",
    "placement_attendance_figures",
    "placement_mark_rows",
    "placements_not_yet_on_register",
    "dashboard",
    "home_panels",
    "key_stage_snapshot",
    "key_stage_snapshot_of",
    "next_review_due",
    "peak_places_taken",
    "placement_last_day",
    "placement_months",
    "places_taken",
    "places_taken_at_sites",
    "price_for",
    "provider_registration_inputs",
    "providers_registration_inputs",
    "pupil_timeline",
    "PupilHistory",
    "pupil_history",
    "timeline_rows",
    "pupils_in_ap_at",
    "pupils_in_ap_there",
    "pupils_in_ap_by_key_stage",
    "pupils_in_ap_on",
    "register_marks",
    "register_placements",
    "register_providers",
    "review_due_items",
    "reviews_due",
    "reviews_due_queryset",
    "routes_for_la",
    "school_days_between",
    "school_has_used_provider",
    "sessions_attended",
    "snapshot_default_dates",
    "suggest_sites",
    "waiting_list",
    "waiting_list_position",
]
