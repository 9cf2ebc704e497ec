"""Storing worked-out deadlines: each is a spec with a stable key; working them out again updates
the same row (its reminders stay attached), adds new ones and marks those no longer worked out
"no longer needed", or closes them as the caller says (docs/adr/0007)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from apcommission.core.calendars import SchoolCalendar

from .. import conf
from ..models import Deadline, DeadlineStatus, DutyHolder, Placement


@dataclass
class DeadlineSpec:
    key: str
    kind: str
    holder: str
    holder_organisation_id: int
    local_authority_id: int
    school_id: int | None
    pupil_id: int | None
    starts_on: dt.date
    due_on: dt.date
    calendar: SchoolCalendar
    exclusion_id: int | None = None
    health_absence_id: int | None = None
    ends_on: dt.date | None = None
    detail: str = ""
    for_information: bool = False
    #: What it is about, when not a duty to provide education met by any placement of the pupil.
    placement_id: int | None = None
    provider_id: int | None = None
    qa_review_id: int | None = None
    document_id: int | None = None
    officers_told: bool = False
    #: The first reminder, when not a number of school days before it is due.
    remind_from: dt.date | None = None
    #: Met, missed or open as its source says (status, met_on), when placements do not decide it.
    settled: tuple[str, dt.date | None] | None = None


def outcome_by_provision(spec: DeadlineSpec, placements: list[Placement], today: dt.date) -> dict:
    """Met, missed (with school days late) or open, from the pupil's placements."""
    if spec.for_information:
        return {"status": DeadlineStatus.FOR_INFORMATION, "met_on": None, "school_days_late": None, "placement": None}
    covering = [p for p in placements if p.start_date <= spec.due_on and (p.ended_on or p.end_date) >= spec.due_on]
    if covering:
        first = min(covering, key=lambda p: p.start_date)
        return {"status": DeadlineStatus.MET, "met_on": first.start_date, "school_days_late": 0, "placement": first}
    later = [p for p in placements if p.start_date > spec.due_on]
    if later:
        first = min(later, key=lambda p: p.start_date)
        return {
            "status": DeadlineStatus.MISSED,
            "met_on": first.start_date,
            "school_days_late": school_days_late(spec.calendar, spec.due_on, first.start_date),
            "placement": first,
        }
    if spec.ends_on is not None and spec.ends_on < today:
        return {"status": DeadlineStatus.MISSED, "met_on": None, "school_days_late": None, "placement": None}
    return {"status": DeadlineStatus.OPEN, "met_on": None, "school_days_late": None, "placement": None}


def school_days_late(calendar: SchoolCalendar, due_on: dt.date, done_on: dt.date | None) -> int | None:
    """School days from the due day to the day before it was done (0 when on time)."""
    if done_on is None:
        return None
    return len(calendar.school_days(due_on, done_on - dt.timedelta(days=1))) if done_on > due_on else 0


def _settled_outcome(spec: DeadlineSpec) -> dict:
    status, done_on = spec.settled
    late = school_days_late(spec.calendar, spec.due_on, done_on) if status != DeadlineStatus.OPEN else None
    return {"status": status, "met_on": done_on, "school_days_late": late, "placement": None}


def row_values(spec: DeadlineSpec, placements: list[Placement], today: dt.date) -> dict:
    calendar = spec.calendar
    remind_from = spec.remind_from or calendar.add_school_days(spec.due_on, -conf.remind_school_days_before())
    escalate_on = (
        calendar.add_school_days(spec.due_on, conf.escalate_after_school_days())
        if spec.holder == DutyHolder.LA and not spec.for_information
        else None
    )
    outcome = _settled_outcome(spec) if spec.settled else outcome_by_provision(spec, placements, today)
    provision_day = None
    if outcome["met_on"] is not None and spec.settled is None:
        provision_day = max(1, len(calendar.school_days(spec.starts_on, outcome["met_on"])))
    placement_id = outcome["placement"].pk if outcome["placement"] else spec.placement_id
    return {
        "kind": spec.kind,
        "holder": spec.holder,
        "holder_organisation_id": spec.holder_organisation_id,
        "officers_told": spec.officers_told,
        "local_authority_id": spec.local_authority_id,
        "school_id": spec.school_id,
        "pupil_id": spec.pupil_id,
        "provider_id": spec.provider_id,
        "qa_review_id": spec.qa_review_id,
        "document_id": spec.document_id,
        "exclusion_id": spec.exclusion_id,
        "health_absence_id": spec.health_absence_id,
        "starts_on": spec.starts_on,
        "due_on": spec.due_on,
        "ends_on": spec.ends_on,
        "remind_from": min(max(spec.starts_on, remind_from), spec.due_on),
        "escalate_on": escalate_on,
        "is_estimated": calendar.is_estimated_on(spec.due_on),
        "detail": spec.detail[:200],
        "status": outcome["status"],
        "met_on": outcome["met_on"],
        "school_days_late": outcome["school_days_late"],
        "provision_school_day": provision_day,
        "placement_id": placement_id,
    }


def deadlines_store(
    *,
    existing: Q,
    specs: list[DeadlineSpec],
    today: dt.date,
    placements_of: Callable[[DeadlineSpec], list[Placement]] = lambda spec: [],
    close_stale: Callable[[Deadline], tuple[str, dt.date | None, int | None] | None] = lambda stale: None,
) -> list[Deadline]:
    """Store the specs over the rows `existing` selects (locked): new keys created, changed rows
    updated, rows no longer worked out closed as `close_stale` says (status, done on, school days
    late), else "no longer needed". The caller holds the transaction."""
    rows = {d.key: d for d in Deadline.objects.select_for_update().filter(existing)}
    kept = []
    for spec in specs:
        values = row_values(spec, placements_of(spec), today)
        deadline = rows.pop(spec.key, None)
        if deadline is None:
            deadline = Deadline(key=spec.key, **values)
            deadline.save()
        elif any(getattr(deadline, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(deadline, name, value)
            deadline.save()
        kept.append(deadline)
    for stale in rows.values():
        if stale.status == DeadlineStatus.CANCELLED:
            continue
        closed = close_stale(stale) or (DeadlineStatus.CANCELLED, None, stale.school_days_late)
        if (stale.status, stale.met_on, stale.school_days_late) != closed:
            stale.status, stale.met_on, stale.school_days_late = closed
            stale.save()
    return kept
