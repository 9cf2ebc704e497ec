"""Working out a pupil's statutory deadlines from their exclusions, suspensions, health absences and
placements, on the excluding (or home) school's own calendar (docs/placements-clock.md).

- Day 6 of a permanent exclusion: the pupil's home LA must arrange suitable full-time education
  (Education (Provision of Full-Time Education for Excluded Pupils) (England) Regulations 2007;
  Education and Inspections Act 2006 s.100). Day 1 is the first school day of the exclusion.
- Day 6 of a suspension: the excluding school must (s.101), counting back-to-back suspensions
  together (since January 2015). Five school days or fewer: no duty.
- The governing board considers a permanent exclusion within 15 school days (for information).
- Health needs: the LA arranges education once a pupil will miss more than 15 school days in the
  academic year, consecutive or cumulative (Education Act 1996 s.19; DfE statutory guidance 2023).

A deadline is **met** when a placement that is booked, active or ended covers its due day, or
starts on or before it; **missed** when provision started later (with the school days late), or a
suspension ended with none. Otherwise it is open, and overdue once its day has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apcommission.core.calendars import SchoolCalendar
from apcommission.core.education import academic_year_start

from .. import conf
from ..models import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DutyHolder,
    Exclusion,
    ExclusionKind,
    HealthAbsence,
    Placement,
    PlacementStatus,
)
from ..selectors import calendars_for

#: Placements that count as provision arranged (booked to start, started, or since ended).
PROVIDING_STATUSES = (
    PlacementStatus.BOOKED,
    PlacementStatus.ACTIVE,
    PlacementStatus.ENDED,
    PlacementStatus.BROKEN_DOWN,
)


def school_calendar_key(school) -> tuple[int, int]:
    """The calendar of a school (needs school.organisation loaded): its own dates, else its LA's."""
    return school.pk, school.organisation.local_authority_id


@dataclass
class SuspensionChain:
    """Suspensions from one school back to back: each starts on the school day after the last one
    ends. They count together towards day 6 (DfE exclusions guidance, since January 2015)."""

    suspensions: list[Exclusion] = field(default_factory=list)
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    @property
    def school_days(self) -> int:
        return sum(s.school_days or 0 for s in self.suspensions)


def suspension_span(suspension: Exclusion, calendar: SchoolCalendar) -> tuple[dt.date, dt.date]:
    """The first and last school days of a suspension, on the excluding school's calendar."""
    first = calendar.nth_school_day(suspension.first_day, 1)
    return first, calendar.nth_school_day(first, suspension.school_days or 1)


def suspension_chains(suspensions: Iterable[Exclusion], calendars: dict) -> list[SuspensionChain]:
    """Group one pupil's suspensions into chains of back-to-back ones (same school)."""
    chains: list[SuspensionChain] = []
    ordered = sorted(suspensions, key=lambda s: (s.first_day, s.pk or 0))
    for suspension in ordered:
        calendar = calendars[school_calendar_key(suspension.school)]
        first, last = suspension_span(suspension, calendar)
        previous = chains[-1] if chains else None
        if (
            previous is not None
            and previous.suspensions[-1].school_id == suspension.school_id
            and calendar.add_school_days(previous.last_day, 1) == first
        ):
            previous.suspensions.append(suspension)
            previous.last_day = last
        else:
            chains.append(SuspensionChain([suspension], first, last))
    return chains


@dataclass
class DeadlineSpec:
    key: str
    kind: str
    holder: str
    holder_organisation_id: int
    local_authority_id: int
    school_id: int
    pupil_id: int
    starts_on: dt.date
    due_on: dt.date
    calendar: SchoolCalendar
    exclusion_id: int | None = None
    health_absence_id: int | None = None
    ends_on: dt.date | None = None
    detail: str = ""
    for_information: bool = False


def _exclusion_specs(pupil, exclusions: list[Exclusion], calendars: dict) -> list[DeadlineSpec]:
    specs = []
    for exclusion in exclusions:
        if exclusion.kind != ExclusionKind.PERMANENT:
            continue
        calendar = calendars[school_calendar_key(exclusion.school)]
        common = {
            "local_authority_id": pupil.home_la_id,
            "school_id": exclusion.school_id,
            "pupil_id": pupil.pk,
            "starts_on": calendar.nth_school_day(exclusion.first_day, 1),
            "calendar": calendar,
            "exclusion_id": exclusion.pk,
        }
        specs.append(
            DeadlineSpec(
                key=f"day6:{exclusion.pk}",
                kind=DeadlineKind.DAY6_PERMANENT,
                holder=DutyHolder.LA,
                holder_organisation_id=pupil.home_la_id,
                due_on=calendar.sixth_school_day(exclusion.first_day),
                detail=f"Permanent exclusion from {exclusion.school.organisation.name}",
                **common,
            )
        )
        specs.append(
            DeadlineSpec(
                key=f"governors:{exclusion.pk}",
                kind=DeadlineKind.GOVERNORS,
                holder=DutyHolder.SCHOOL,
                holder_organisation_id=exclusion.school.organisation_id,
                due_on=calendar.nth_school_day(exclusion.first_day, conf.governors_within_school_days()),
                detail="The governing board considers reinstatement",
                for_information=True,
                **common,
            )
        )
    suspensions = [e for e in exclusions if e.kind == ExclusionKind.SUSPENSION]
    for chain in suspension_chains(suspensions, calendars):
        if chain.school_days <= 5:
            continue  # five school days or fewer: no day-6 duty
        first = chain.suspensions[0]
        calendar = calendars[school_calendar_key(first.school)]
        parts = " + ".join(str(s.school_days) for s in chain.suspensions)
        detail = f"Suspension of {chain.school_days} school days" + (
            f" ({parts}, back to back)" if len(chain.suspensions) > 1 else ""
        )
        specs.append(
            DeadlineSpec(
                key=f"day6:{first.pk}",
                kind=DeadlineKind.DAY6_SUSPENSION,
                holder=DutyHolder.SCHOOL,
                holder_organisation_id=first.school.organisation_id,
                local_authority_id=pupil.home_la_id,
                school_id=first.school_id,
                pupil_id=pupil.pk,
                starts_on=chain.first_day,
                due_on=calendar.nth_school_day(chain.first_day, 6),
                ends_on=chain.last_day,
                calendar=calendar,
                exclusion_id=first.pk,
                detail=detail,
            )
        )
    return specs


def _health_specs(pupil, absences: list[HealthAbsence], calendars: dict) -> list[DeadlineSpec]:
    """One health-needs duty per academic year, from the day the absences pass the threshold."""
    threshold = conf.health_duty_after_school_days()
    by_year: dict[int, list[HealthAbsence]] = {}
    for absence in sorted(absences, key=lambda a: (a.first_day, a.pk or 0)):
        by_year.setdefault(academic_year_start(absence.first_day), []).append(absence)
    specs = []
    for year, spells in by_year.items():
        counted = 0
        for absence in spells:
            calendar = calendars[school_calendar_key(absence.school)]
            if counted + absence.school_days > threshold:
                day = calendar.nth_school_day(absence.first_day, threshold - counted + 1)
                how = "consecutive" if len(spells) == 1 or counted == 0 else f"cumulative over {len(spells)} absences"
                specs.append(
                    DeadlineSpec(
                        key=f"health:{pupil.pk}:{year}",
                        kind=DeadlineKind.HEALTH,
                        holder=DutyHolder.LA,
                        holder_organisation_id=pupil.home_la_id,
                        local_authority_id=pupil.home_la_id,
                        school_id=absence.school_id,
                        pupil_id=pupil.pk,
                        starts_on=calendar.nth_school_day(spells[0].first_day, 1),
                        due_on=day,
                        calendar=calendar,
                        health_absence_id=absence.pk,
                        detail=f"More than {threshold} school days absent for health reasons ({how})",
                    )
                )
                break
            counted += absence.school_days
    return specs


def _outcome(spec: DeadlineSpec, placements: list[Placement], today: dt.date) -> dict:
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
        late = len(spec.calendar.school_days(spec.due_on, first.start_date - dt.timedelta(days=1)))
        return {
            "status": DeadlineStatus.MISSED,
            "met_on": first.start_date,
            "school_days_late": late,
            "placement": first,
        }
    if spec.ends_on is not None and spec.ends_on < today:
        return {"status": DeadlineStatus.MISSED, "met_on": None, "school_days_late": None, "placement": None}
    return {"status": DeadlineStatus.OPEN, "met_on": None, "school_days_late": None, "placement": None}


def _row_values(spec: DeadlineSpec, placements: list[Placement], today: dt.date) -> dict:
    calendar = spec.calendar
    remind_from = max(spec.starts_on, calendar.add_school_days(spec.due_on, -conf.remind_school_days_before()))
    escalate_on = (
        calendar.add_school_days(spec.due_on, conf.escalate_after_school_days())
        if spec.holder == DutyHolder.LA and not spec.for_information
        else None
    )
    outcome = _outcome(spec, placements, today)
    provision_day = None
    if outcome["met_on"] is not None:
        provision_day = max(1, len(calendar.school_days(spec.starts_on, outcome["met_on"])))
    return {
        "kind": spec.kind,
        "holder": spec.holder,
        "holder_organisation_id": spec.holder_organisation_id,
        "local_authority_id": spec.local_authority_id,
        "school_id": spec.school_id,
        "pupil_id": spec.pupil_id,
        "exclusion_id": spec.exclusion_id,
        "health_absence_id": spec.health_absence_id,
        "starts_on": spec.starts_on,
        "due_on": spec.due_on,
        "ends_on": spec.ends_on,
        "remind_from": min(remind_from, spec.due_on),
        "escalate_on": escalate_on,
        "is_estimated": calendar.is_estimated_on(spec.due_on),
        "detail": spec.detail[:200],
        "status": outcome["status"],
        "met_on": outcome["met_on"],
        "school_days_late": outcome["school_days_late"],
        "provision_school_day": provision_day,
        "placement_id": outcome["placement"].pk if outcome["placement"] else None,
    }


def deadlines_refresh(*, pupil_ids: Iterable[int], today: dt.date | None = None) -> list[Deadline]:
    """Work out again every statutory deadline of these pupils and store it: new ones created,
    changed ones updated (the same row, so reminders already sent stay with it), ones no longer
    owed marked "no longer needed". Call inside the transaction that changed their records."""
    from ..models import Pupil

    today = today or timezone.localdate()
    pupil_ids = set(pupil_ids)
    if not pupil_ids:
        return []
    exclusions = list(Exclusion.objects.filter(pupil_id__in=pupil_ids).select_related("school__organisation"))
    absences = list(HealthAbsence.objects.filter(pupil_id__in=pupil_ids).select_related("school__organisation"))
    if not exclusions and not absences and not Deadline.objects.filter(pupil_id__in=pupil_ids).exists():
        return []  # most placements: nothing on the clock
    pupils = {p.pk: p for p in Pupil.objects.filter(pk__in=pupil_ids)}
    placements = list(
        Placement.objects.filter(pupil_id__in=pupil_ids, status__in=PROVIDING_STATUSES).only(
            "pk", "pupil_id", "start_date", "end_date", "ended_on"
        )
    )
    keys = {school_calendar_key(r.school) for r in (*exclusions, *absences)}
    calendars = calendars_for(keys)
    specs: list[DeadlineSpec] = []
    for pupil_id, pupil in pupils.items():
        specs += _exclusion_specs(pupil, [e for e in exclusions if e.pupil_id == pupil_id], calendars)
        specs += _health_specs(pupil, [a for a in absences if a.pupil_id == pupil_id], calendars)
    kept = []
    with transaction.atomic():
        existing = {d.key: d for d in Deadline.objects.select_for_update().filter(pupil_id__in=pupil_ids)}
        for spec in specs:
            values = _row_values(spec, [p for p in placements if p.pupil_id == spec.pupil_id], today)
            deadline = existing.pop(spec.key, None)
            if deadline is None:
                deadline = Deadline(key=spec.key, **values)
                deadline.save()
            elif any(getattr(deadline, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(deadline, name, value)
                deadline.save()
            kept.append(deadline)
        for stale in existing.values():
            if stale.status != DeadlineStatus.CANCELLED:
                stale.status, stale.met_on = DeadlineStatus.CANCELLED, None
                stale.save()
    return kept


def deadlines_close_ended_suspensions(*, today: dt.date) -> int:
    """A suspension whose last day has passed with no provision: the school's day-6 duty was
    missed. One UPDATE, run by the sweep."""
    return Deadline.objects.filter(Q(status=DeadlineStatus.OPEN), ends_on__isnull=False, ends_on__lt=today).update(
        status=DeadlineStatus.MISSED, modified_on=timezone.now()
    )


def deadlines_refresh_open(*, today: dt.date | None = None, chunk: int = 500) -> int:
    """Work out again every open deadline's pupil (nightly): term dates or closures entered after a
    deadline was worked out move it, and a placement's dates passing can meet or miss it. Returns
    the number of pupils refreshed; each chunk is its own transaction."""
    today = today or timezone.localdate()
    pupil_ids = sorted(set(Deadline.objects.filter(status=DeadlineStatus.OPEN).values_list("pupil_id", flat=True)))
    for start in range(0, len(pupil_ids), chunk):
        with transaction.atomic():
            deadlines_refresh(pupil_ids=pupil_ids[start : start + chunk], today=today)
    return len(pupil_ids)
