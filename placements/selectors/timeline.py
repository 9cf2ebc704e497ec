"""A pupil's timeline: requests, decisions, placements, reviews and alerts in the order they happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateField, F, Value
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.dateformat import time_format
from django.utils.text import Truncator

from apcommission.core.addresses import address_of

from ..models import (
    STATUTORY_KINDS,
    Deadline,
    DeadlineStatus,
    Exclusion,
    HealthAbsence,
    PanelDecision,
    PanelDecisionKind,
    Placement,
    PlacementStatus,
    Pupil,
    StatusChange,
)
from ..models.reviews import PlacementReview, ReviewDecision
from .attendance import attendance_by_placement
from .deadlines import pupil_deadlines_queryset

#: Labels of stored codes, looked up once rather than through each row's get_…_display().
STATUS_LABELS = dict(PlacementStatus.choices)
DECISION_LABELS = dict(PanelDecisionKind.choices)
REVIEW_DECISION_LABELS = dict(ReviewDecision.choices)
EXCLUSION_KIND_LABELS = dict(Exclusion._meta.get_field("kind").flatchoices)
EXCLUSION_REASON_LABELS = dict(Exclusion._meta.get_field("reason").flatchoices)
DEADLINE_KIND_LABELS = dict(Deadline._meta.get_field("kind").flatchoices)


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


@dataclass
class PupilHistory:
    """What the pupil page and the timeline both show of a pupil, read once, as plain rows: the
    placements the user may see (with their provider, site and route), the exclusions and health
    absences they may see, and the pupil's deadlines they may see but cancelled and attendance ones
    (pupil_deadlines_queryset: the page lists them, the timeline the statutory ones met or missed)."""

    placements: list[dict]
    exclusions: list[dict]
    health_absences: list[dict]
    deadlines: list[Deadline]


def pupil_history(*, pupil: Pupil, user) -> PupilHistory:
    """Three queries (none for what the user's roles may never see)."""
    placements = list(
        Placement.objects.visible_to(user)
        .filter(pupil=pupil)
        .values(
            "id",
            "status",
            "start_date",
            "end_date",
            "ended_on",
            "route_snapshot",
            "route__name",
            "site__name",
            provider_name=F("provider__organisation__name"),
        )
    )
    exclusions, health_absences = _exclusions_and_health_absences(pupil=pupil, user=user)
    deadlines = list(pupil_deadlines_queryset(pupil=pupil, user=user))
    return PupilHistory(placements, exclusions, health_absences, deadlines)


#: The columns the pupil page and the timeline show of an exclusion or a health absence, in the
#: order both halves of their one query give them.
_ABSENCE_COLUMNS = ("id", "first_day", "school_days", "school__organisation__name", "a_kind", "a_reason", "a_removed")


def _exclusions_and_health_absences(*, pupil: Pupil, user) -> tuple[list[dict], list[dict]]:
    """The pupil's exclusions and health absences the user may see (each latest first, as their
    models order them), each through its own scoping, read together in one query (a union: a
    health absence has no kind, reason or day off the roll)."""
    exclusions = (
        Exclusion.objects.visible_to(user)
        .filter(pupil=pupil)
        .annotate(a_kind=F("kind"), a_reason=F("reason"), a_removed=F("removed_from_roll_on"))
        .values_list(*_ABSENCE_COLUMNS)
        .order_by()
    )
    health_absences = (
        HealthAbsence.objects.visible_to(user)
        .filter(pupil=pupil)
        .annotate(a_kind=Value(""), a_reason=Value(""), a_removed=Value(None, output_field=DateField()))
        .values_list(*_ABSENCE_COLUMNS)
        .order_by()
    )
    excluded, absent = [], []
    for pk, first_day, school_days, school_name, kind, reason, removed in exclusions.union(health_absences, all=True):
        if kind:
            excluded.append(
                {
                    "id": pk,
                    "kind": kind,
                    "reason": reason,
                    "first_day": first_day,
                    "school_days": school_days,
                    "removed_from_roll_on": removed,
                    "school_name": school_name,
                }
            )
        else:
            absent.append({"id": pk, "first_day": first_day, "school_days": school_days, "school_name": school_name})
    excluded.sort(key=lambda row: (row["first_day"], row["id"]), reverse=True)
    absent.sort(key=lambda row: (row["first_day"], row["id"]), reverse=True)
    return excluded, absent


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _held_on(day: dt.date, recorded_at: dt.datetime) -> tuple[dt.datetime, bool, dt.datetime | None]:
    """(when, whether the time is known, when recorded if another day) for an event held on `day`."""
    recorded_at = _aware(recorded_at)
    if timezone.localtime(recorded_at).date() == day:
        return recorded_at, True, None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), False, recorded_at


def pupil_timeline(*, pupil: Pupil, user, history: PupilHistory | None = None) -> list[TimelineEvent]:
    """What happened to the pupil, in the order it was recorded, with the date and time: requests
    and status changes, panel decisions, reviews and attendance to date, for the placements the user
    may see; exclusions, suspensions, coming off the roll, health absences and statutory deadlines
    met or missed, where the user may see them. Eight queries, four when the pupil page hands over
    the `history` it has read."""
    if history is None:
        history = pupil_history(pupil=pupil, user=user)
    placements = history.placements
    providers = {p["id"]: p["provider_name"] for p in placements}
    placement_url = address_of("placements:placement-detail")
    events: list[TimelineEvent] = []
    changes = (
        StatusChange.objects.filter(placement_id__in=providers)
        .order_by("at", "pk")
        .values_list("placement_id", "from_status", "to_status", "at", "note")
    )
    for placement_id, from_status, to_status, at, note in changes:
        provider = providers[placement_id]
        title = (
            f"Placement requested at {provider}"
            if not from_status
            else f"{STATUS_LABELS.get(to_status, to_status)}: {provider}"
        )
        events.append(TimelineEvent(_aware(at), title, note, placement_url(placement_id), 1))
    decisions = PanelDecision.objects.filter(placement_id__in=providers).values_list(
        "placement_id", "decision", "reasons", "decision_date", "recorded_at"
    )
    for placement_id, decision, reasons, decision_date, decision_recorded_at in decisions:
        at, time_known, recorded_at = _held_on(decision_date, decision_recorded_at)
        title = f"Panel decision: {DECISION_LABELS.get(decision, decision).lower()}"
        events.append(TimelineEvent(at, title, reasons, placement_url(placement_id), 0, time_known, recorded_at))
    review_url = address_of("placements:review-detail")
    reviews = (
        PlacementReview.objects.visible_to(user)
        .filter(placement_id__in=providers)
        .values_list("id", "placement_id", "decision", "attendance_percent", "review_date", "created_on")
    )
    for review_id, placement_id, decision, attendance_percent, review_date, created_on in reviews:
        percent = f"; attendance {attendance_percent}%" if attendance_percent is not None else ""
        at, time_known, recorded_at = _held_on(review_date, created_on)
        events.append(
            TimelineEvent(
                at,
                f"Review: {REVIEW_DECISION_LABELS.get(decision, decision).lower()}",
                f"At {providers[placement_id]}{percent}",
                review_url(review_id),
                3,
                time_known,
                recorded_at,
            )
        )
    stats = attendance_by_placement(list(providers)) if providers else {}
    now = timezone.now()
    today = timezone.localdate()
    attendance_url = address_of("placements:attendance-placement")
    for placement in placements:
        summary = stats.get(placement["id"])
        if summary and summary.possible:
            flag = " – persistent absence" if summary.persistent_absence else ""
            last_day = placement["ended_on"] or placement["end_date"]
            at = now if last_day >= today else timezone.make_aware(dt.datetime.combine(last_day, dt.time(17)))
            events.append(
                TimelineEvent(
                    at,
                    f"Attendance at {placement['provider_name']}: {summary.percent}%{flag}",
                    f"{summary.attended} of {summary.possible} possible sessions attended (present or late)",
                    attendance_url(placement["id"]),
                    4,
                )
            )
    events += _exclusion_events(history)
    events.sort(key=lambda e: (e.at, e.order))
    return events


def timeline_rows(events: list[TimelineEvent]) -> list[dict]:
    """The timeline's events as the template shows them (placements/dashboard/_pupil_timeline.html):
    dates and times worked out here, in local time, as the `date` and `time` filters would."""
    rows = []
    for event in events:
        at = timezone.localtime(event.at)
        recorded_at = timezone.localtime(event.recorded_at) if event.recorded_at else None
        rows.append(
            {
                "time_known": event.time_known,
                "datetime": format_date(at, "c" if event.time_known else "Y-m-d"),
                "date": format_date(at, "j F Y"),
                "time": time_format(at, "g:iA").lower(),
                "recorded_date": format_date(recorded_at, "j F Y") if recorded_at else "",
                "recorded_time": time_format(recorded_at, "g:iA").lower() if recorded_at else "",
                "title": event.title,
                "url": event.url,
                "detail": Truncator(event.detail).chars(300) if event.detail else "",
            }
        )
    return rows


def _day_event(day: dt.date, title: str, detail: str = "", url: str = "", order: int = 0) -> TimelineEvent:
    """An event that belongs to a whole day (an exclusion's first day, a deadline met): at the
    start of that day, with no time shown."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    return TimelineEvent(at, title, detail, url, order, time_known=False)


def _exclusion_events(history: PupilHistory) -> list[TimelineEvent]:
    events = []
    exclusion_url = address_of("placements:exclusion-detail")
    for exclusion in history.exclusions:
        url = exclusion_url(exclusion["id"])
        school = exclusion["school_name"]
        length = f" for {exclusion['school_days']} school days" if exclusion["school_days"] else ""
        events.append(
            _day_event(
                exclusion["first_day"],
                f"{EXCLUSION_KIND_LABELS.get(exclusion['kind'], exclusion['kind'])} from {school}{length}",
                EXCLUSION_REASON_LABELS.get(exclusion["reason"], exclusion["reason"]),
                url,
                0,
            )
        )
        if exclusion["removed_from_roll_on"]:
            events.append(
                _day_event(
                    exclusion["removed_from_roll_on"],
                    f"Came off the roll of {school}",
                    "Single registration at the alternative provision from this date; no home-school attendance code",
                    url,
                    1,
                )
            )
    for absence in history.health_absences:
        events.append(
            _day_event(
                absence["first_day"],
                f"Absent for health reasons: {absence['school_days']} school days",
                absence["school_name"],
                "",
                0,
            )
        )
    # The statutory ones: reviews and attendance are on the timeline as what happened.
    decided = (
        d
        for d in history.deadlines
        if d.kind in STATUTORY_KINDS and d.status in (DeadlineStatus.MET, DeadlineStatus.MISSED)
    )
    for deadline in decided:
        kind = DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind)
        if deadline.status == DeadlineStatus.MET:
            title = f"{kind}: met"
        else:
            late = f", {deadline.school_days_late} school days late" if deadline.school_days_late else ""
            title = f"{kind}: missed{late}"
        events.append(
            _day_event(deadline.met_on or deadline.due_on, title, f"Due by {deadline.due_on:%-d %B %Y}", "", 5)
        )
    return events
