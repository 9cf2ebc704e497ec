"""What placements holds about a child, registered with apcommission.core.child_records: each
kind of record, how long it is kept (and the sources), and what anonymising it blanks.

Anonymising keeps every row, status, date, key stage and amount that a figure counts, so Schools
Forum packs and dashboards add up the same afterwards; it removes names, the UPN, free text and
the exact date of birth (kept as the first day of the child's school year, so the National
Curriculum year and key stage on any date are unchanged)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from apcommission.core.child_records import RetentionAction, RetentionRule, older_than, register_child_data

from .models import (
    AttendanceMark,
    Deadline,
    Exclusion,
    HealthAbsence,
    PanelDecision,
    Placement,
    PlacementReview,
    PlacementStatus,
    Pupil,
    PupilTransfer,
    Reminder,
    RequestUpdate,
    StatusChange,
)

PUPIL_RECORDS = RetentionRule(
    key="pupil_record",
    label="The pupil's record, exclusions, placements, panel decisions, reviews (with the child's own words) and "
    "attendance",
    default_period="25 years",
    runs_from="the pupil's date of birth (until their 25th birthday)",
    action=RetentionAction.ANONYMISE,
    source="IRMS Information Management Toolkit for Schools (pupil's educational record, secondary: date of "
    "birth + 25 years); issue brief for AP placement records",
    unsure="Records of a pupil with an EHCP or SEN support may need keeping longer (the IRMS toolkit gives date "
    "of birth + 31 years for SEN files); the LA's own records management policy decides.",
)
UNSUCCESSFUL_REQUESTS = RetentionRule(
    key="unsuccessful_request",
    label="Requests for a placement that were declined or withdrawn before a place was booked",
    default_period="2 years",
    runs_from="the date of the request",
    action=RetentionAction.ANONYMISE,
    source="No national schedule names these; two years covers a complaint to the LA and then to the Local "
    "Government and Social Care Ombudsman (12 months from knowing of the problem)",
    unsure="Chosen by reasoning, not from a published schedule; an LA may prefer the pupil-record period.",
)
REMINDERS = RetentionRule(
    key="deadline_reminder",
    label="Reminders of deadlines and same-day missing-pupil alerts sent to staff",
    default_period="1 year",
    runs_from="the day of the reminder",
    action=RetentionAction.DELETE,
    source="Operational messages: the deadline itself, and whether it was met, is kept with the pupil record",
    unsure="Chosen by reasoning; a complaint about a missed deadline is answered from the deadline's own "
    "record and its history; a safeguarding review might ask when an alert was sent within a year.",
)

#: A request that never became a place.
UNSUCCESSFUL = models.Q(status__in=[PlacementStatus.DECLINED, PlacementStatus.WITHDRAWN], booked_at__isnull=True)


def _prefixed(condition: models.Q, prefix: str) -> models.Q:
    """`condition` (on a placement) as seen from a model reaching the placement through `prefix`."""
    result = models.Q()
    result.connector, result.negated = condition.connector, condition.negated
    result.children = [
        _prefixed(child, prefix) if isinstance(child, models.Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return result


def placement_due(prefix: str = ""):
    """A placement (or a record of one, through `prefix`) is due at the pupil's 25th birthday, or
    two years after the request when it was never placed."""

    def due(on: dt.date) -> models.Q:
        by_age = older_than(Placement, "pupil__date_of_birth", PUPIL_RECORDS.cutoff(on))
        unplaced = UNSUCCESSFUL & older_than(Placement, "created_on", UNSUCCESSFUL_REQUESTS.cutoff(on))
        return _prefixed(by_age | unplaced, prefix)

    return due


def pupil_due(on: dt.date) -> models.Q:
    """At the 25th birthday; or sooner for a child whose only records are requests that were never
    placed, two years after the last of them."""
    mine = {"pupil": models.OuterRef("pk")}
    kept = Placement.objects.filter(**mine).exclude(
        UNSUCCESSFUL & older_than(Placement, "created_on", UNSUCCESSFUL_REQUESTS.cutoff(on))
    )
    return models.Q(date_of_birth__lte=PUPIL_RECORDS.cutoff(on)) | (
        models.Q(models.Exists(Placement.objects.filter(**mine)))
        & ~models.Q(models.Exists(kept))
        & ~models.Q(models.Exists(Exclusion.objects.filter(**mine)))
    )


def school_year_start(born: dt.date) -> dt.date:
    """1 September of the school year the child was born in: their cohort, not their birthday."""
    return dt.date(born.year if born.month >= 9 else born.year - 1, 9, 1)


def _anonymised_last_name(pupil_id: int) -> str:
    return f"pupil {pupil_id}"


PUPIL_SCRUB = {
    "upn": lambda pupil: f"ANON{pupil.pk:09d}"[-13:],
    "upn_problems": None,
    "legal_first_name": "Anonymised",
    "legal_last_name": lambda pupil: _anonymised_last_name(pupil.pk),
    "preferred_first_name": "",
    "preferred_last_name": "",
    "date_of_birth": lambda pupil: school_year_start(pupil.date_of_birth),
}


def register() -> None:
    by_placement = placement_due("placement__")
    register_child_data(
        Pupil,
        label="Pupil record",
        pupil_path="",
        retention=PUPIL_RECORDS,
        runs_from="date_of_birth",
        due_when=pupil_due,
        also=(UNSUCCESSFUL_REQUESTS,),
        scrub=PUPIL_SCRUB,
        order=0,
    )
    register_child_data(
        Exclusion,
        label="Exclusions and suspensions",
        pupil_path="pupil",
        retention=PUPIL_RECORDS,
        runs_from="pupil__date_of_birth",
        scrub={"reason_detail": ""},
        order=10,
    )
    register_child_data(
        PupilTransfer,
        label="Pupils added by a school, waiting for the LA to confirm their record (a UPN held elsewhere)",
        pupil_path="existing",
        retention=PUPIL_RECORDS,
        runs_from="date_of_birth",
        scrub={
            "upn": lambda transfer: f"ANON{transfer.pk:09d}"[-13:],
            "legal_first_name": "Anonymised",
            "legal_last_name": lambda transfer: f"transfer {transfer.pk}",
            "preferred_first_name": "",
            "preferred_last_name": "",
            "date_of_birth": lambda transfer: school_year_start(transfer.date_of_birth),
        },
        order=1,
    )
    register_child_data(
        HealthAbsence,
        label="Absences for health reasons",
        pupil_path="pupil",
        retention=PUPIL_RECORDS,
        runs_from="pupil__date_of_birth",
        scrub={"reason_detail": ""},
        order=11,
    )
    register_child_data(
        Deadline,
        label="Deadlines (day 6, 15 school days, reviews, returns to school, attendance cut-offs)",
        pupil_path="pupil",
        retention=PUPIL_RECORDS,
        runs_from="pupil__date_of_birth",
        # The pupil's last name kept on an attendance cut-off becomes the anonymised record's.
        scrub={
            "detail": "",
            "pupil_sort_name": lambda d: _anonymised_last_name(d.pupil_id) if d.pupil_sort_name else "",
        },
        order=12,
    )
    register_child_data(
        Reminder,
        label="Reminders of deadlines and missing-pupil alerts",
        pupil_path="deadline__pupil",
        retention=REMINDERS,
        runs_from="created_at",
        order=13,
    )
    register_child_data(
        Placement,
        label="Placements and requests",
        pupil_path="pupil",
        retention=PUPIL_RECORDS,
        runs_from="pupil__date_of_birth",
        due_when=placement_due(),
        scrub={"objectives": "", "reintegration_plan": "", "outcome_detail": ""},
        order=20,
    )
    register_child_data(
        StatusChange,
        label="Placement status changes",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=by_placement,
        scrub={"note": ""},
        order=21,
    )
    register_child_data(
        PanelDecision,
        label="Panel decisions",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=by_placement,
        scrub={"reasons": ""},
        order=22,
    )
    register_child_data(
        RequestUpdate,
        label="More information sent to the panel",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=by_placement,
        scrub={"text": ""},
        order=23,
    )
    register_child_data(
        PlacementReview,
        label="Placement reviews",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=by_placement,
        scrub={
            "attendees": "",
            "progress": "",
            "pupil_what_is_working": "",
            "pupil_what_should_change": "",
            "decision_notes": "",
        },
        order=24,
    )
    register_child_data(
        AttendanceMark,
        label="Attendance at the alternative provision",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=by_placement,
        scrub={"reason": ""},
        order=25,
    )
