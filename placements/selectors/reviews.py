"""When each placement's half-termly review is due (DfE, Arranging alternative provision, 2025:
at least half-termly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Context, Decimal

from django.db import connection
from django.db.models import Max, QuerySet

from apcommission.core.calendars import HalfTerm, SchoolCalendar
from apcommission.core.compiled import sql_request
from apcommission.core.education import academic_year_start
from apcommission.core.models import ClosureDay, TermDate

from .. import conf
from ..models import Placement, PlacementReview, PlacementStatus
from ..models.attendance import ATTENDED_MARKS, AttendanceMark, Mark
from .attendance import AttendanceStats
from .calendars import CalendarKey, calendars_from_rows

#: A half term is about six weeks: the review interval used where no term dates were entered.
ESTIMATED_HALF_TERM = dt.timedelta(weeks=6)


ONE_DAY = dt.timedelta(days=1)


def _half_term_containing(calendar: SchoolCalendar, day: dt.date) -> HalfTerm | None:
    for term in calendar.terms_in(academic_year_start(day)) or []:
        if term.first_day <= day <= term.last_day:
            return term
    return None


def next_review_due(*, calendar: SchoolCalendar, start_date: dt.date, last_review: dt.date | None) -> dt.date:
    """When the next review is due (DfE, *Arranging alternative provision*, 2025: "at least
    half-termly"). By default: the first review by the end of the half term running when the
    placement has settled (placements.conf), then one in every following half term. With an
    interval in days (PLACEMENTS_REVIEW_INTERVAL), that many days after the last review or the start.
    Where no term dates were entered, six weeks stands in for a half term."""
    interval = conf.review_interval()
    basis = last_review or start_date
    if interval != conf.HALF_TERM:
        return basis + dt.timedelta(days=int(interval))
    if last_review is None:
        due = calendar.half_term_end_on_or_after(start_date + dt.timedelta(days=conf.first_review_settling_days()))
    else:
        current = _half_term_containing(calendar, last_review)
        # Reviewed inside a half term: the next one is due by the end of the following half term.
        # Reviewed in a holiday: by the end of the half term that comes next.
        due = calendar.half_term_end_on_or_after(current.last_day + ONE_DAY if current else last_review)
    return due or basis + ESTIMATED_HALF_TERM


@dataclass
class ReviewDue:
    placement: Placement
    last_review: dt.date | None
    due_by: dt.date
    overdue: bool


#: Reviews due within this many days show on the list (with those overdue).
DUE_WITHIN_DAYS = 14


def reviews_due_queryset(*, placements: QuerySet, today: dt.date, within_days: int = DUE_WITHIN_DAYS) -> QuerySet:
    """Active placements among `placements` whose next review is overdue or due within
    `within_days`, most overdue first: from each placement's maintained due date
    (Placement.review_due_by, kept by placements.services.reviews), read through the index of
    due dates, so a page of them costs the same whatever the number of placements."""
    return (
        placements.filter(status=PlacementStatus.ACTIVE, review_due_by__lte=today + dt.timedelta(days=within_days))
        .for_list()
        .order_by("review_due_by", "pk")
    )


def review_due_items(placements, *, today: dt.date) -> list[ReviewDue]:
    """A page of reviews_due_queryset as ReviewDue rows, with each placement's last review date
    (one query for the page)."""
    placements = list(placements)
    last = dict(
        PlacementReview.objects.filter(placement_id__in=[p.pk for p in placements])
        .values("placement_id")
        .annotate(last=Max("review_date"))
        .values_list("placement_id", "last")
    )
    return [ReviewDue(p, last.get(p.pk), p.review_due_by, overdue=p.review_due_by < today) for p in placements]


def reviews_due(*, user, today: dt.date, within_days: int = DUE_WITHIN_DAYS) -> list[ReviewDue]:
    """Every review the user may see that is overdue or due within `within_days`, most overdue
    first (two queries). Pages list them a page at a time from reviews_due_queryset."""
    due = reviews_due_queryset(placements=Placement.objects.visible_to(user), today=today, within_days=within_days)
    return review_due_items(due, today=today)


@dataclass
class ReviewsTab:
    """What a placement's reviews page reads besides the placement: its reviews (newest first, as
    (id, review date, decision, attendance percent)), its attendance to date and, for a placement
    still running, its pupil's school calendar (None otherwise)."""

    reviews: list[tuple]
    attendance: AttendanceStats
    calendar: SchoolCalendar | None


#: The reviews page's one statement (reviews_tab_request), written once a process: its reviews, its
#: attendance figures (attendance_by_placement's) and its calendar's term dates and closures
#: (calendars_for's rows for one key) as one UNION ALL of plain columns.
_REVIEWS_TAB_SQL: dict[bool, str] = {}


def _reviews_tab_sql(with_calendar: bool) -> str:
    sql = _REVIEWS_TAB_SQL.get(with_calendar)
    if sql is None:
        attended = ", ".join(["%s"] * len(ATTENDED_MARKS))
        sql = f"""
            SELECT 1, id, review_date, CAST(NULL AS date), decision, attendance_percent,
                   CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint)
              FROM {PlacementReview._meta.db_table} WHERE placement_id = %s
            UNION ALL
            SELECT 2, NULL, NULL, NULL, NULL, NULL,
                   COUNT(CASE WHEN mark <> %s THEN 1 END), COUNT(CASE WHEN mark IN ({attended}) THEN 1 END), NULL
              FROM {AttendanceMark._meta.db_table} WHERE placement_id = %s
        """  # noqa: S608 - table names from the models, every value a parameter
        if with_calendar:
            where = "(school_id IS NULL AND local_authority_id = %s) OR school_id = %s"
            sql += f"""
            UNION ALL
            SELECT 3, school_id, first_day, last_day, kind, NULL, local_authority_id, academic_year, NULL
              FROM {TermDate._meta.db_table} WHERE {where}
            UNION ALL
            SELECT 4, school_id, date, NULL, NULL, NULL, local_authority_id, NULL,
                   CASE WHEN counts_as_school_day THEN 1 ELSE 0 END
              FROM {ClosureDay._meta.db_table} WHERE {where}
            """  # noqa: S608
        sql = _REVIEWS_TAB_SQL[with_calendar] = sql
    return sql


def reviews_tab_request(placement_id: int, calendar: CalendarKey | None):
    """The placement's reviews, attendance to date and, given its `calendar` key (calendar_key),
    that calendar (a ReviewsTab), in one statement, as a request to send with the page's others
    (core.compiled.sql_request). Reached through the placement the page has read through the
    scoping path, as its own records are."""
    params = [placement_id, Mark.NOT_REQUIRED, *sorted(ATTENDED_MARKS), placement_id]
    if calendar is not None:
        school_id, la_id = calendar
        params += [la_id, school_id, la_id, school_id]
    return sql_request(
        connection.alias, _reviews_tab_sql(calendar is not None), params, lambda rows: _reviews_tab(rows, calendar)
    )


def _reviews_tab(rows: list, calendar: CalendarKey | None) -> ReviewsTab:
    """reviews_tab_request's answer from its statement's rows."""
    sqlite = connection.vendor == "sqlite"
    reviews, terms, closures = [], [], []
    attendance = AttendanceStats()
    for part, pk, day, day2, code, percent, number, year, counts in rows:
        if sqlite:
            day, day2, percent = _sqlite_day(day), _sqlite_day(day2), _sqlite_percent(percent)
        if part == 1:
            reviews.append((pk, day, code, percent))
        elif part == 2:
            attendance = AttendanceStats(number or 0, year or 0)
        elif part == 3:
            terms.append((pk, number, year, code, day, day2))
        else:
            closures.append((pk, number, day, bool(counts)))
    reviews.sort(key=lambda row: (row[1], row[0]), reverse=True)  # PlacementReview.Meta.ordering
    found = calendars_from_rows({calendar}, terms, closures)[calendar] if calendar is not None else None
    return ReviewsTab(reviews, attendance, found)


def _sqlite_day(value):
    """SQLite gives a raw query's dates as text: as the ORM's converter would give them."""
    return connection.ops.convert_datefield_value(value, None, connection) if value is not None else None


def _sqlite_percent(value):
    """SQLite gives a raw query's decimals as floats: a Decimal to one place, as the ORM would."""
    if value is None or isinstance(value, Decimal):
        return value
    return Context(prec=15).create_decimal_from_float(float(value)).quantize(Decimal("0.1"))
