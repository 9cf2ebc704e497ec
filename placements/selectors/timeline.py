"""A pupil's timeline: requests, decisions, placements, reviews and alerts in the order they happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ..models import (
    STATUTORY_KINDS,
    Deadline,
    DeadlineStatus,
    Exclusion,
    HealthAbsence,
    PanelDecision,
    Placement,
    Pupil,
    StatusChange,
)
from ..models.reviews import PlacementReview
from .attendance import attendance_by_placement


@dataclass
class TimelineEvent:
    """One thing that happened, at `at` (the true order of events). An event held on a day but
    recorded later (a panel that sat on Monday, recorded on Tuesday) is placed on its own day with
    no time (`time_known` False), and `recorded_at` says when it was recorded."""

    at: dt.datetime
    title: str
    detail: str = ""
    url: str = ""
    order: int = 0
    time_known: bool = True
    recorded_at: dt.datetime | None = None

    @property
    def on(self) -> dt.date:
        return timezone.localtime(self.at).date()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _held_on(day: dt.date, recorded_at: dt.datetime) -> tuple[dt.datetime, bool, dt.datetime | None]:
    """(when, whether the time is known, when recorded if another day) for an event held on `day`."""
    recorded_at = _aware(recorded_at)
    if timezone.localtime(recorded_at).date() == day:
        return recorded_at, True, None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), False, recorded_at


def pupil_timeline(*, pupil: Pupil, user) -> list[TimelineEvent]:
    """What happened to the pupil, in the order it was recorded, with the date and time: requests
    and status changes, panel decisions, reviews and attendance to date, for the placements the user
    may see; exclusions, suspensions, coming off the roll, health absences and statutory deadlines
    met or missed, where the user may see them. Eight queries."""
    placements = list(
        Placement.objects.visible_to(user).filter(pupil=pupil).select_related("provider__organisation", "site")
    )
    by_id = {p.pk: p for p in placements}
    events: list[TimelineEvent] = []
    changes = StatusChange.objects.filter(placement_id__in=by_id).order_by("at", "pk")
    for change in changes:
        placement = by_id[change.placement_id]
        title = (
            f"Placement requested at {placement.provider.name}"
            if not change.from_status
            else f"{change.get_to_status_display()}: {placement.provider.name}"
        )
        url = reverse("placements:placement-detail", args=[placement.pk])
        events.append(TimelineEvent(_aware(change.at), title, change.note, url, 1))
    for decision in PanelDecision.objects.filter(placement_id__in=by_id):
        at, time_known, recorded_at = _held_on(decision.decision_date, decision.recorded_at)
        events.append(
            TimelineEvent(
                at,
                f"Panel decision: {decision.get_decision_display().lower()}",
                decision.reasons,
                reverse("placements:placement-detail", args=[decision.placement_id]),
                0,
                time_known,
                recorded_at,
            )
        )
    for review in PlacementReview.objects.visible_to(user).filter(placement_id__in=by_id):
        percent = f"; attendance {review.attendance_percent}%" if review.attendance_percent is not None else ""
        at, time_known, recorded_at = _held_on(review.review_date, review.created_on)
        events.append(
            TimelineEvent(
                at,
                f"Review: {review.get_decision_display().lower()}",
                f"At {by_id[review.placement_id].provider.name}{percent}",
                reverse("placements:review-detail", args=[review.pk]),
                3,
                time_known,
                recorded_at,
            )
        )
    stats = attendance_by_placement(list(by_id))
    now = timezone.now()
    for placement in placements:
        summary = stats.get(placement.pk)
        if summary and summary.possible:
            flag = " – persistent absence" if summary.persistent_absence else ""
            last_day = placement.ended_on or placement.end_date
            at = (
                now
                if last_day >= timezone.localdate()
                else timezone.make_aware(dt.datetime.combine(last_day, dt.time(17)))
            )
            events.append(
                TimelineEvent(
                    at,
                    f"Attendance at {placement.provider.name}: {summary.percent}%{flag}",
                    f"{summary.attended} of {summary.possible} possible sessions attended (present or late)",
                    reverse("placements:attendance-placement", args=[placement.pk]),
                    4,
                )
            )
    events += _exclusion_events(pupil=pupil, user=user)
    events.sort(key=lambda e: (e.at, e.order))
    return events


def _day_event(day: dt.date, title: str, detail: str = "", url: str = "", order: int = 0) -> TimelineEvent:
    """An event that belongs to a whole day (an exclusion's first day, a deadline met): at the
    start of that day, with no time shown."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    return TimelineEvent(at, title, detail, url, order, time_known=False)


def _exclusion_events(*, pupil: Pupil, user) -> list[TimelineEvent]:
    events = []
    for exclusion in Exclusion.objects.visible_to(user).filter(pupil=pupil).select_related("school__organisation"):
        url = reverse("placements:exclusion-detail", args=[exclusion.pk])
        school = exclusion.school.organisation.name
        length = f" for {exclusion.school_days} school days" if exclusion.school_days else ""
        events.append(
            _day_event(
                exclusion.first_day,
                f"{exclusion.get_kind_display()} from {school}{length}",
                exclusion.get_reason_display(),
                url,
                0,
            )
        )
        if exclusion.removed_from_roll_on:
            events.append(
                _day_event(
                    exclusion.removed_from_roll_on,
                    f"Came off the roll of {school}",
                    "Single registration at the alternative provision from this date; no home-school attendance code",
                    url,
                    1,
                )
            )
    for absence in HealthAbsence.objects.visible_to(user).filter(pupil=pupil).select_related("school__organisation"):
        events.append(
            _day_event(
                absence.first_day,
                f"Absent for health reasons: {absence.school_days} school days",
                absence.school.organisation.name,
                "",
                0,
            )
        )
    # The statutory ones: reviews and attendance are on the timeline as what happened.
    decided = Deadline.objects.visible_to(user).filter(
        pupil=pupil, kind__in=STATUTORY_KINDS, status__in=[DeadlineStatus.MET, DeadlineStatus.MISSED]
    )
    for deadline in decided:
        if deadline.status == DeadlineStatus.MET:
            title = f"{deadline.get_kind_display()}: met"
        else:
            late = f", {deadline.school_days_late} school days late" if deadline.school_days_late else ""
            title = f"{deadline.get_kind_display()}: missed{late}"
        events.append(
            _day_event(deadline.met_on or deadline.due_on, title, f"Due by {deadline.due_on:%-d %B %Y}", "", 5)
        )
    return events
