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
    PlacementReview,
    PlacementStatus,
)
from ..selectors import calendar_key, calendars_for
from .deadline_store import DeadlineSpec, deadlines_store
from .placement_deadlines import close_review_cycle, placement_specs
from .provider_deadlines import provider_deadlines_refresh, providers_with_deadlines

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


def deadlines_refresh(*, pupil_ids: Iterable[int], today: dt.date | None = None) -> list[Deadline]:
    """Work out again every deadline of these pupils and store it: their statutory ones and their
    placements' reviews and returns to school. New ones are created, changed ones updated (the
    same row, so reminders already sent stay with it), ones no longer owed marked "no longer
    needed" (a review cycle a review met: met). Call inside the transaction that changed their
    records."""
    from ..models import Pupil

    today = today or timezone.localdate()
    pupil_ids = set(pupil_ids)
    if not pupil_ids:
        return []
    exclusions = list(Exclusion.objects.filter(pupil_id__in=pupil_ids).select_related("school__organisation"))
    absences = list(HealthAbsence.objects.filter(pupil_id__in=pupil_ids).select_related("school__organisation"))
    placements = list(
        Placement.objects.filter(pupil_id__in=pupil_ids, status__in=PROVIDING_STATUSES).select_related(
            "pupil__home_school__organisation", "provider__organisation"
        )
    )
    if not (exclusions or absences or placements) and not Deadline.objects.filter(pupil_id__in=pupil_ids).exists():
        return []  # nothing on the clock
    reviews = _review_dates(placements)
    pupils = {p.pk: p for p in Pupil.objects.filter(pk__in=pupil_ids)}
    keys = {school_calendar_key(r.school) for r in (*exclusions, *absences)} | {calendar_key(p) for p in placements}
    calendars = calendars_for(keys)
    specs: list[DeadlineSpec] = placement_specs(placements, reviews, calendars)
    for pupil_id, pupil in pupils.items():
        specs += _exclusion_specs(pupil, [e for e in exclusions if e.pupil_id == pupil_id], calendars)
        specs += _health_specs(pupil, [a for a in absences if a.pupil_id == pupil_id], calendars)
    by_pk = {p.pk: p for p in placements}
    by_pupil: dict[int, list[Placement]] = {}
    for placement in placements:
        by_pupil.setdefault(placement.pupil_id, []).append(placement)
    with transaction.atomic():
        return deadlines_store(
            # The attendance cut-offs are the alert sweep's, not worked out here.
            existing=Q(pupil_id__in=pupil_ids) & ~Q(kind=DeadlineKind.ATTENDANCE),
            specs=specs,
            today=today,
            placements_of=lambda spec: by_pupil.get(spec.pupil_id, []),
            close_stale=lambda stale: close_review_cycle(stale, placements=by_pk, reviews=reviews, calendars=calendars),
        )


def _review_dates(placements: list[Placement]) -> dict[int, list[dt.date]]:
    """{placement id: the dates it was reviewed} (one query; none when nothing is placed)."""
    dates: dict[int, list[dt.date]] = {}
    if placements:
        rows = PlacementReview.objects.filter(placement__in=placements).values_list("placement_id", "review_date")
        for placement_id, day in rows.order_by():
            dates.setdefault(placement_id, []).append(day)
    return dates


def deadlines_close_ended_suspensions(*, today: dt.date) -> int:
    """A suspension whose last day has passed with no provision: the school's day-6 duty was
    missed. One UPDATE, run by the sweep."""
    return Deadline.objects.filter(Q(status=DeadlineStatus.OPEN), ends_on__isnull=False, ends_on__lt=today).update(
        status=DeadlineStatus.MISSED, modified_on=timezone.now()
    )


def deadlines_refresh_open(*, today: dt.date | None = None, chunk: int = 500) -> int:
    """Work out again (nightly) the deadlines of every pupil with an open deadline or an active
    placement, and of every provider with an open deadline, a QA review or an expiring document:
    term dates or closures entered after a deadline was worked out move it, a placement's dates
    passing can meet or miss it, and rows that predate a kind are made. Returns the number of
    pupils and providers refreshed; each chunk is its own transaction."""
    today = today or timezone.localdate()
    open_deadlines = Deadline.objects.filter(status=DeadlineStatus.OPEN)
    pupil_ids = sorted(
        set(open_deadlines.filter(pupil__isnull=False).values_list("pupil_id", flat=True))
        | set(Placement.objects.filter(status=PlacementStatus.ACTIVE).values_list("pupil_id", flat=True))
    )
    for start in range(0, len(pupil_ids), chunk):
        with transaction.atomic():
            deadlines_refresh(pupil_ids=pupil_ids[start : start + chunk], today=today)
    provider_ids = sorted(providers_with_deadlines())
    for start in range(0, len(provider_ids), chunk):
        with transaction.atomic():
            provider_deadlines_refresh(provider_ids=provider_ids[start : start + chunk], today=today)
    return len(pupil_ids) + len(provider_ids)
