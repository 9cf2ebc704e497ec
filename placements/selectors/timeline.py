"""A pupil's timeline: requests, decisions, placements, reviews and alerts in the order they happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from dataclasses import dataclass, field
from decimal import Context, Decimal
from html import escape

from django.db import connection
from django.db.models import DateField, F, Value
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

from apcommission.core.addresses import address_of
from apcommission.core.compiled import answered, objects_request, rows_request, scope_key, sql_request
from apcommission.core.figures import full_date
from apcommission.core.scoping import scope_for

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
from ..models.attendance import ATTENDED_MARKS, AttendanceMark, Mark
from ..models.reviews import PlacementReview, ReviewDecision
from .attendance import AttendanceStats
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
    (pupil_deadlines_queryset: the page lists them, the timeline the statutory ones met or missed);
    and, for the timeline, those placements' status changes, panel decisions, the reviews the user
    may see and the attendance to date."""

    placements: list[dict]
    exclusions: list[dict]
    health_absences: list[dict]
    deadlines: list[Deadline]
    status_changes: list[tuple] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)
    reviews: list[tuple] = field(default_factory=list)
    attendance: dict[int, AttendanceStats] = field(default_factory=dict)


def pupil_history(*, pupil: Pupil, user) -> PupilHistory:
    """pupil_history_asked's history, read on its own."""
    return answered(pupil_history_asked(pupil_id=pupil.pk, user=user))


def pupil_history_asked(*, pupil_id: int, user) -> Generator:
    """Four queries (none for what the user's roles may never see), asked for in two rounds (core.
    compiled.answered, gathered: a page sends its own with them): the placements, the exclusions
    and health absences and the deadlines together, then the placements' own records
    (_placement_records). The first three are compiled once a process for the user's scope, the
    pupil's id their one slot."""
    scope = scope_key(scope_for(user))
    placements, absences, deadlines = yield [
        rows_request(("pupil placements", scope), lambda pupil: _placements(user, pupil), (pupil_id,)),
        rows_request(("pupil absences", scope), lambda pupil: _absences(user, pupil), (pupil_id,)),
        objects_request(("pupil deadlines", scope), lambda pupil: _deadlines(user, pupil), (pupil_id,)),
    ]
    exclusions, health_absences = _exclusions_and_health_absences(absences)
    history = PupilHistory(placements, exclusions, health_absences, deadlines)
    if history.placements:
        yield [_placement_records_request(history)]  # its answer is put in `history`
    return history


def _deadlines(user, pupil_id: int):
    return pupil_deadlines_queryset(pupil=pupil_id, user=user)


def _placements(user, pupil_id: int):
    """The pupil's placements the user may see, with their provider, site and route names."""
    return (
        Placement.objects.visible_to(user)
        .filter(pupil_id=pupil_id)
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


#: The columns the pupil page and the timeline show of an exclusion or a health absence, in the
#: order both halves of their one query give them.
_ABSENCE_COLUMNS = ("id", "first_day", "school_days", "school__organisation__name", "a_kind", "a_reason", "a_removed")


def _absences(user, pupil_id: int):
    """The exclusions and the health absences the user may see, each through its own scoping, as
    one union (a health absence has no kind, reason or day off the roll)."""
    exclusions = (
        Exclusion.objects.visible_to(user)
        .filter(pupil_id=pupil_id)
        .annotate(a_kind=F("kind"), a_reason=F("reason"), a_removed=F("removed_from_roll_on"))
        .values_list(*_ABSENCE_COLUMNS)
        .order_by()
    )
    health_absences = (
        HealthAbsence.objects.visible_to(user)
        .filter(pupil_id=pupil_id)
        .annotate(a_kind=Value(""), a_reason=Value(""), a_removed=Value(None, output_field=DateField()))
        .values_list(*_ABSENCE_COLUMNS)
        .order_by()
    )
    return exclusions.union(health_absences, all=True)


def _exclusions_and_health_absences(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The pupil's exclusions and health absences the user may see (each latest first, as their
    models order them), from the rows of their one query (_absences)."""
    excluded, absent = [], []
    for row in rows:
        pk, first_day, school_days, school_name, kind, reason, removed = (row[name] for name in _ABSENCE_COLUMNS)
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


def _placement_records_request(history: PupilHistory):
    """One query for the placements in `history` (read through the placements' scoping, which is
    also their reviews' scoping: PlacementReviewQuerySet): their status changes (in the order they
    happened), panel decisions and reviews (newest first, as their models order them) and the
    attendance to date (attendance_by_placement's figures), as one UNION ALL of plain columns: a
    request (core.compiled.sql_request) whose answer is put in `history`."""
    ids = [p["id"] for p in history.placements]
    marks = ", ".join(["%s"] * len(ids))
    attended = sorted(ATTENDED_MARKS)
    attended_marks = ", ".join(["%s"] * len(attended))
    sql = f"""
        SELECT 1, id, placement_id, from_status, to_status, note, at,
               CAST(NULL AS date), CAST(NULL AS numeric), CAST(NULL AS bigint), CAST(NULL AS bigint)
          FROM {StatusChange._meta.db_table} WHERE placement_id IN ({marks})
        UNION ALL
        SELECT 2, id, placement_id, decision, NULL, reasons, recorded_at, decision_date, NULL, NULL, NULL
          FROM {PanelDecision._meta.db_table} WHERE placement_id IN ({marks})
        UNION ALL
        SELECT 3, id, placement_id, decision, NULL, NULL, created_on, review_date, attendance_percent, NULL, NULL
          FROM {PlacementReview._meta.db_table} WHERE placement_id IN ({marks})
        UNION ALL
        SELECT 4, NULL, placement_id, NULL, NULL, NULL, NULL, NULL, NULL,
               COUNT(CASE WHEN mark <> %s THEN 1 END), COUNT(CASE WHEN mark IN ({attended_marks}) THEN 1 END)
          FROM {AttendanceMark._meta.db_table} WHERE placement_id IN ({marks}) GROUP BY placement_id
    """  # noqa: S608 - table names from the models, every value a parameter
    params = [*ids, *ids, *ids, Mark.NOT_REQUIRED, *attended, *ids]
    return sql_request(connection.alias, sql, params, lambda rows: _add_placement_records(history, rows))


def _add_placement_records(history: PupilHistory, rows: list) -> None:
    """The placement records' rows (_placement_records_request) put in `history`, in their orders."""
    convert = _sqlite_values if connection.vendor == "sqlite" else None
    changes, decisions, reviews = history.status_changes, history.decisions, history.reviews
    for kind, pk, placement_id, code, code2, text, at, day, percent, possible, attended_ in rows:
        if convert:
            at, day, percent = convert(at, day, percent)
        if kind == 1:
            changes.append((at, pk, placement_id, code, code2, text))
        elif kind == 2:
            decisions.append((day, pk, placement_id, code, text, at))
        elif kind == 3:
            reviews.append((day, pk, placement_id, code, percent, at))
        else:
            history.attendance[placement_id] = AttendanceStats(possible, attended_)
    changes.sort(key=lambda row: (row[0], row[1]))
    decisions.sort(key=lambda row: (row[0], row[1]), reverse=True)
    reviews.sort(key=lambda row: (row[0], row[1]), reverse=True)


def _sqlite_values(at, day, percent) -> tuple:
    """SQLite gives a raw query's dates, times and decimals as text and floats: as the ORM's
    converters would give them (aware datetimes, dates, decimals to one place)."""
    ops = connection.ops
    at = ops.convert_datetimefield_value(at, None, connection) if at is not None else None
    day = ops.convert_datefield_value(day, None, connection) if day is not None else None
    if percent is not None and not isinstance(percent, Decimal):
        percent = Context(prec=15).create_decimal_from_float(float(percent)).quantize(Decimal("0.1"))
    return at, day, percent


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
    met or missed, where the user may see them. Four queries (pupil_history), none when the pupil
    page hands over the `history` it has read."""
    if history is None:
        history = pupil_history(pupil=pupil, user=user)
    placements = history.placements
    providers = {p["id"]: p["provider_name"] for p in placements}
    placement_url = address_of("placements:placement-detail")
    events: list[TimelineEvent] = []
    for at, _pk, placement_id, from_status, to_status, note in history.status_changes:
        provider = providers[placement_id]
        title = (
            f"Placement requested at {provider}"
            if not from_status
            else f"{STATUS_LABELS.get(to_status, to_status)}: {provider}"
        )
        events.append(TimelineEvent(_aware(at), title, note, placement_url(placement_id), 1))
    for decision_date, _pk, placement_id, decision, reasons, decision_recorded_at in history.decisions:
        at, time_known, recorded_at = _held_on(decision_date, decision_recorded_at)
        title = f"Panel decision: {DECISION_LABELS.get(decision, decision).lower()}"
        events.append(TimelineEvent(at, title, reasons, placement_url(placement_id), 0, time_known, recorded_at))
    review_url = address_of("placements:review-detail")
    for review_date, review_id, placement_id, decision, attendance_percent, created_on in history.reviews:
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
    stats = history.attendance
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
    """The timeline's events as the pages show them (placements.views.pupil_page.pupil_timeline_html):
    dates and times worked out here, in local time, as the `date` and `time` filters would (the
    formats "c", "Y-m-d", "j F Y" and "g:iA" written out: see core.figures.full_date and _time_text)."""
    rows = []
    am, pm = gettext("AM").lower(), gettext("PM").lower()
    local = timezone.get_current_timezone()  # once: each look-up goes through a context-local
    for event in events:
        at = event.at.astimezone(local)
        recorded_at = event.recorded_at.astimezone(local) if event.recorded_at else None
        detail = event.detail
        rows.append(
            {
                "time_known": event.time_known,
                "datetime": at.isoformat() if event.time_known else at.date().isoformat(),
                "date": full_date(at),
                "time": _time_text(at, am, pm),
                "recorded_date": full_date(recorded_at) if recorded_at else "",
                "recorded_time": _time_text(recorded_at, am, pm) if recorded_at else "",
                "title": event.title,
                "url": event.url,
                # Truncator gives short plain text back as it is.
                "detail": (detail if len(detail) <= 300 and detail.isascii() else Truncator(detail).chars(300))
                if detail
                else "",
            }
        )
    return rows


def _time_text(at: dt.datetime, am: str, pm: str) -> str:
    """The `time` filter's "g:iA", lower case: 9:05am."""
    return f"{at.hour % 12 or 12}:{at.minute:02d}{am if at.hour < 12 else pm}"


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


def timeline_body(rows: list[dict]) -> SafeString:
    """The timeline's list items (placements.views.pupil_page.pupil_timeline_html), written here from
    timeline_rows as the template's loop wrote them, each value escaped as the template escapes it
    (the loop was most of the pupil page's rendering)."""
    parts = []
    for row in rows:
        when = escape(row["datetime"])
        day = escape(row["date"])
        if row["time_known"]:
            on = f'<time datetime="{when}">{day} at {escape(row["time"])}</time>'
        else:
            on = f'<time datetime="{when}">{day}</time>'
            if row["recorded_date"]:
                on += (
                    ' <span class="govuk-hint govuk-!-display-inline">(recorded on '
                    f"{escape(row['recorded_date'])} at {escape(row['recorded_time'])})</span>"
                )
        title = escape(row["title"])
        if row["url"]:
            title = f'<a class="govuk-link" href="{escape(row["url"])}">{title}</a>'
        detail = row["detail"]
        detail = f'<p class="govuk-body govuk-!-margin-bottom-0">{escape(detail)}</p>' if detail else ""
        parts.append(
            '\n  <li class="govuk-!-margin-bottom-4">\n'
            f'    <p class="govuk-body-s govuk-!-margin-bottom-1">{on}</p>\n'
            f'    <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{title}</p>\n'
            f"    {detail}\n"
            "  </li>\n  "
        )
    return SafeString("".join(parts))
